"use server";
import { revalidatePath } from "next/cache";
import { getServerSession } from "next-auth";
import { prisma } from "@/lib/db";

export async function deleteNote(id: string) {
  const session = await getServerSession();
  if (!session?.user?.id) throw new Error("unauthorised");
  await prisma.note.deleteMany({ where: { id, ownerId: session.user.id } });
  revalidatePath("/dashboard");
}
