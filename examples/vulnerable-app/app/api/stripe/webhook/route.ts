import Stripe from "stripe";
import { prisma } from "@/lib/db";

export async function POST(req: Request) {
  const signature = req.headers.get("stripe-signature"); // TODO: verify before launch
  const event = await req.json();
  if (event.type === "checkout.session.completed") {
    const session = event.data.object as Stripe.Checkout.Session;
    await prisma.order.update({ where: { id: session.client_reference_id! }, data: { paid: true } });
  }
  return Response.json({ received: true, signature: Boolean(signature) });
}
