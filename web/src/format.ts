// format.ts - how numbers, sizes and times read in the dashboard.
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  const u = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < u.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${u[i]}`;
}

export function num(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : n.toLocaleString("en-US");
}

export function ago(iso: string | null | undefined): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  const s = Math.round((Date.now() - t) / 1000);
  if (s < 45) return "just now";
  if (s < 90) return "a minute ago";
  const m = Math.round(s / 60);
  if (m < 45) return `${m} minutes ago`;
  const h = Math.round(m / 60);
  if (h < 24) return h === 1 ? "an hour ago" : `${h} hours ago`;
  const d = Math.round(h / 24);
  if (d < 30) return d === 1 ? "yesterday" : `${d} days ago`;
  return new Date(t).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric" });
}

// A billing period [start, end) as days, in UTC: "Dec 1 – Dec 31, 2026".
export function period(start: string, end: string): string {
  const a = new Date(start), b = new Date(Date.parse(end) - 1);
  const o: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", timeZone: "UTC" };
  return `${a.toLocaleDateString("en-US", o)} – ${b.toLocaleDateString("en-US", { ...o, year: "numeric" })}`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString("en-US", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function money(cents: number, currency = "USD"): string {
  return (cents / 100).toLocaleString("en-US", { style: "currency", currency });
}

export function score(s: number | null | undefined): string {
  return s === null || s === undefined ? "—" : (Math.round(s * 10) / 10).toString();
}

export function scoreTone(s: number | null | undefined): "good" | "warn" | "bad" | "none" {
  if (s === null || s === undefined) return "none";
  return s >= 80 ? "good" : s >= 50 ? "warn" : "bad";
}

export function plural(n: number, one: string, many = one + "s"): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

// Words that are acronyms in a label ("xss" -> "XSS", "api key" -> "API key").
const ACRONYMS = /\b(api|xss|ssrf|csrf|sql|jwt|ip|url|pdf|cors|tls|id)\b/g;

export function label(s: string): string {
  return s
    .replace(/[_-]/g, " ")
    .replace(ACRONYMS, (w) => w.toUpperCase())
    .replace(/^./, (c) => c.toUpperCase());
}
