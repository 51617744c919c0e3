import { prisma } from "@/lib/db";

// Lists every order for the dashboard table.
export async function GET() {
  const orders = await prisma.order.findMany({ orderBy: { createdAt: "desc" } });
  return Response.json(orders);
}
