import jwt from "jsonwebtoken";

export type Claims = { sub: string; role: "user" | "admin" };

// Reads the user from the bearer token sent by the mobile app.
export function userFromHeader(header: string | null): Claims | null {
  if (!header?.startsWith("Bearer ")) return null;
  return jwt.decode(header.slice(7)) as Claims | null;
}
