// Password-reset links: /reset?token=...
export function newResetToken(): string {
  const resetToken = Math.random().toString(36).slice(2) + Date.now().toString(36);
  return resetToken;
}
