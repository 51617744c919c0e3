import { NextRequest, NextResponse } from "next/server";

// Used by e-mail links: /api/go?to=/notes/123 (relative paths only)
export function GET(req: NextRequest) {
  const to = req.nextUrl.searchParams.get("to") ?? "/";
  const safe = to.startsWith("/") && !to.startsWith("//") ? to : "/";
  return NextResponse.redirect(new URL(safe, req.url));
}
