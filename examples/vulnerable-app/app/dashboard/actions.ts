"use server";
import { revalidatePath } from "next/cache";
import { prisma } from "@/lib/db";

export async function deleteNote(id: string) {
  await prisma.note.delete({ where: { id } });
  revalidatePath("/dashboard");
}
