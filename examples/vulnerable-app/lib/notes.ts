import { supabase } from "./supabaseClient";
import type { Note } from "@/types";

export async function listNotes(): Promise<Note[]> {
  const { data, error } = await supabase
    .from("notes")
    .select("id, title, body, created_at")
    .order("created_at", { ascending: false });
  if (error) throw error;
  return (data ?? []).map((r) => ({
    id: r.id,
    title: r.title,
    excerpt: (r.body ?? "").slice(0, 140),
    createdAt: r.created_at,
  }));
}
