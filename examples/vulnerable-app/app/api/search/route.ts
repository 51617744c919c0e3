import { NextRequest } from "next/server";
import { getServerSession } from "next-auth";
import { pool } from "@/lib/db";

export async function GET(req: NextRequest) {
  const session = await getServerSession();
  if (!session) return new Response(null, { status: 401 });
  const q = req.nextUrl.searchParams.get("q") ?? "";
  const { rows } = await pool.query(`SELECT id, title FROM notes WHERE title ILIKE '%${q}%'`);
  return Response.json(rows);
}
