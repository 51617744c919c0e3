import { readFileSync } from "node:fs";
import { PrismaClient } from "@prisma/client";
import { Pool } from "pg";

export const prisma = new PrismaClient();

export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  ssl: process.env.DB_CA_FILE ? { ca: readFileSync(process.env.DB_CA_FILE, "utf8") } : undefined,
});
