import { NextRequest, NextResponse } from "next/server";

// Used by e-mail links: /api/go?to=/notes/123
export function GET(req: NextRequest) {
  return NextResponse.redirect(new URL(req.nextUrl.searchParams.get("to") ?? "/", req.url));
}
