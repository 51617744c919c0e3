import jwt from "jsonwebtoken";

export type Claims = { sub: string; role: "user" | "admin" };

// Reads the user from the bearer token sent by the mobile app.
export function userFromHeader(header: string | null): Claims | null {
  if (!header?.startsWith("Bearer ")) return null;
  try {
    return jwt.verify(header.slice(7), process.env.JWT_SECRET!, { algorithms: ["HS256"] }) as Claims;
  } catch {
    return null;
  }
}
