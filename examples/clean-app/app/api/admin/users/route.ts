import { getServerSession } from "next-auth";
import { supabaseAdmin } from "@/lib/supabase-admin";

export async function GET() {
  const session = await getServerSession();
  if (session?.user?.role !== "admin") return new Response(null, { status: 403 });
  const { data, error } = await supabaseAdmin.auth.admin.listUsers();
  if (error) return new Response(null, { status: 502 });
  return Response.json(data.users.map((u) => ({ id: u.id, email: u.email })));
}
