export function isEmail(s: string): boolean {
  return /^[^\s@]{1,64}@[^\s@]{1,255}$/.test(s);
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
