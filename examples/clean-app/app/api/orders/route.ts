import { getServerSession } from "next-auth";
import { prisma } from "@/lib/db";

// Lists the signed-in user's orders for the dashboard table.
export async function GET() {
  const session = await getServerSession();
  if (!session?.user?.email) return new Response(null, { status: 401 });
  const orders = await prisma.order.findMany({
    where: { customerEmail: session.user.email },
    orderBy: { createdAt: "desc" },
  });
  return Response.json(orders);
}
