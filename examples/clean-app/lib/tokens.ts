import { randomBytes } from "node:crypto";

// Password-reset links: /reset?token=...
export function newResetToken(): string {
  return randomBytes(32).toString("base64url");
}
