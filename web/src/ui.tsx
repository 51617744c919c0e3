// ui.tsx - the building blocks every page uses: data loading with loading/error/empty
// states, headers, badges, dialogs, copy buttons and a keyset pager.
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get, type Page } from "./api";
import { SEVERITIES, bytes, label, num, score as fmtScore, scoreTone } from "./format";

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (d: T) => void;
}

// GET path (null: nothing yet) and keep the answer; reload() fetches again in place.
export function useApi<T = any>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setLoading(true);
    get<T>(path)
      .then((d) => live && (setData(d), setError(null)))
      .catch((e) => live && setError(toError(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

export function toError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, "client", (e as Error)?.message ?? String(e));
}

// Polls path every ms while keep(data) holds.
export function usePoll<T = any>(path: string | null, ms: number, keep: (d: T) => boolean): Loaded<T> {
  const l = useApi<T>(path);
  useEffect(() => {
    if (!l.data || !keep(l.data)) return;
    const t = setTimeout(l.reload, ms);
    return () => clearTimeout(t);
  }, [l.data]);
  return l;
}

export function Loading({ label: text = "Loading…" }: { label?: string }) {
  return (
    <div class="state" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {text}
    </div>
  );
}

// The heading of an error: what kind of problem the envelope's message explains.
function errorTitle(status: number): string {
  if (status === 400 || status === 413 || status === 415 || status === 422) return "Please check this";
  if (status === 401) return "Not signed in";
  if (status === 403) return "Not allowed";
  if (status === 404) return "Not found";
  if (status === 409) return "Not possible right now";
  if (status === 429) return "Too many requests";
  return "Something went wrong";
}

export function ErrorBox({ error, retry }: { error: ApiError | null; retry?: () => void }) {
  if (!error) return null;
  return (
    <div class="alert error" role="alert">
      <strong>{errorTitle(error.status)}</strong>
      <span>{error.message}</span>
      {retry && (error.status === 0 || error.status >= 500 || error.status === 429) && (
        <button type="button" class="btn small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <div class="empty-icon" aria-hidden="true">◎</div>
      <h3>{title}</h3>
      {children}
    </div>
  );
}

// Renders the loading and error states of l, else children(data).
export function Load<T>({ l, children }: { l: Loaded<T>; children: (d: T) => ComponentChildren }) {
  if (l.error && !l.data) return <ErrorBox error={l.error} retry={l.reload} />;
  if (!l.data) return <Loading />;
  return <>{children(l.data)}</>;
}

export function PageHeader({ title, sub, crumbs, actions }: { title: ComponentChildren; sub?: ComponentChildren; crumbs?: [string, string][]; actions?: ComponentChildren }) {
  useEffect(() => {
    if (typeof title === "string") document.title = `${title} · Vega`;
  }, [title]);
  return (
    <header class="page-head">
      {crumbs && crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" class="crumbs">
          {crumbs.map(([t, href], i) => (
            <span key={href}>
              {i > 0 && <span aria-hidden="true"> / </span>}
              <a href={href}>{t}</a>
            </span>
          ))}
        </nav>
      )}
      <div class="page-title">
        <div>
          <h1>{title}</h1>
          {sub && <p class="muted">{sub}</p>}
        </div>
        {actions && <div class="actions">{actions}</div>}
      </div>
    </header>
  );
}

export function Sev({ s }: { s: string }) {
  return <span class={`sev sev-${s}`}>{label(s)}</span>;
}

export function Status({ s }: { s: string }) {
  const tone = ["complete", "completed", "fixed", "received", "ready", "done"].includes(s)
    ? "good"
    : ["failed", "canceled", "expired", "revoked", "dead", "stale"].includes(s)
      ? "bad"
      : ["open"].includes(s)
        ? "warn"
        : ["ignored", "false_positive", "idle"].includes(s)
          ? "muted"
          : "busy";
  return <span class={`status status-${tone}`}>{label(s)}</span>;
}

export function Score({ value, size = "md" }: { value: number | null | undefined; size?: "md" | "lg" }) {
  const tone = scoreTone(value);
  const pct = value === null || value === undefined ? 0 : Math.max(0, Math.min(100, value));
  return (
    <div class={`score score-${tone} score-${size}`} role="img" aria-label={value === null || value === undefined ? "No score yet" : `Launch readiness ${fmtScore(value)} of 100`}>
      <svg viewBox="0 0 36 36" aria-hidden="true">
        <circle cx="18" cy="18" r="15.9" class="track" />
        <circle cx="18" cy="18" r="15.9" class="bar" stroke-dasharray={`${pct} 100`} />
      </svg>
      <span>{fmtScore(value)}</span>
    </div>
  );
}

export type Counts = Record<string, number>;

export function SevCounts({ c, compact }: { c: Counts | null | undefined; compact?: boolean }) {
  if (!c) return null;
  const total = SEVERITIES.reduce((a, s) => a + (c[s] || 0), 0);
  return (
    <div class="sevcounts">
      <div class="sevbar" role="img" aria-label={SEVERITIES.map((s) => `${c[s] || 0} ${s}`).join(", ")}>
        {total === 0 ? <span class="sevbar-none" /> : SEVERITIES.map((s) => (c[s] ? <span key={s} class={`sevbar-${s}`} style={{ flexGrow: c[s] }} /> : null))}
      </div>
      {!compact && (
        <ul class="sevlegend">
          {SEVERITIES.map((s) => (
            <li key={s}>
              <span class={`dot sev-${s}`} aria-hidden="true" />
              {label(s)} <strong>{num(c[s] || 0)}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// A modal <dialog> (focus kept inside, Escape closes it).
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="dialog-title" onClose={onClose} onCancel={onClose}>
      {open && (
        <>
          <h2 id="dialog-title">{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}

export function CopyButton({ text, label: what = "Copy" }: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      class="btn small"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
        } catch {
          const t = document.createElement("textarea");
          t.value = text;
          document.body.appendChild(t);
          t.select();
          document.execCommand("copy");
          t.remove();
        }
        setDone(true);
        setTimeout(() => setDone(false), 2000);
      }}
    >
      {done ? "Copied ✓" : what}
    </button>
  );
}

// Keyset pages of a list endpoint: next/previous by cursor (the API's opaque positions), so
// page 200 of a 10,000-row list costs what page 1 does.
export function usePages<T>(base: string | null, limit = 50) {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  useEffect(() => setStack([null]), [base]);
  const cursor = stack[stack.length - 1];
  const sep = base && base.includes("?") ? "&" : "?";
  const l = useApi<Page<T>>(base === null ? null : `${base}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
  return {
    ...l,
    index: stack.length - 1,
    limit,
    next: () => l.data?.next_cursor && setStack((s) => [...s, l.data!.next_cursor]),
    prev: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
  };
}

// One column of a Table: its heading and how a row fills its cell.
export interface Col<T> {
  head: ComponentChildren;
  cell: (row: T) => ComponentChildren;
  class?: string; // of the cell
}

// A data table that scrolls sideways on small screens (keyboard-reachable region), with a
// line of its own when it has no rows.
export function Table<T>({ cols, rows, rowKey, rowClass, empty, label: name = "Table (scrolls sideways on small screens)" }: { cols: Col<T>[]; rows: T[]; rowKey: (row: T) => string; rowClass?: (row: T) => string; empty?: ComponentChildren; label?: string }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={name}>
      <table class="table">
        <thead>
          <tr>
            {cols.map((c, i) => (
              <th key={i} scope="col">
                {c.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={cols.length} class="muted">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={rowKey(r)} class={rowClass?.(r)}>
                {cols.map((c, i) => (
                  <td key={i} class={c.class}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

// A state-changing call from a form or a button: busy while it runs, and its error (the
// envelope's message) kept for an ErrorBox. run() says whether the call succeeded.
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  async function run(fn: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(toError(e));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}

// The end of a dialog's form: its error, Cancel and the submit button.
export function FormEnd({ error, busy, submit, onCancel }: { error: ApiError | null; busy: boolean; submit: string; onCancel: () => void }) {
  return (
    <>
      <ErrorBox error={error} />
      <div class="row end">
        <button type="button" class="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="btn primary" disabled={busy}>
          {submit}
        </button>
      </div>
    </>
  );
}

export function Pager({ p, noun }: { p: ReturnType<typeof usePages<any>>; noun: string }) {
  if (!p.data) return null;
  const from = p.index * p.limit + 1;
  const to = p.index * p.limit + p.data.items.length;
  if (p.index === 0 && !p.data.next_cursor) return null;
  return (
    <nav class="pager" aria-label={`${label(noun)} pages`}>
      <button type="button" class="btn small" disabled={p.index === 0 || p.loading} onClick={p.prev}>
        ← Previous
      </button>
      <span class="muted" aria-live="polite">
        {noun} {num(from)}–{num(to)}
      </span>
      <button type="button" class="btn small" disabled={!p.data.next_cursor || p.loading} onClick={p.next}>
        Next →
      </button>
    </nav>
  );
}

export function Stat({ label: l, value, hint }: { label: string; value: ComponentChildren; hint?: ComponentChildren }) {
  return (
    <div class="stat">
      <div class="stat-label">{l}</div>
      <div class="stat-value">{value}</div>
      {hint && <div class="stat-hint">{hint}</div>}
    </div>
  );
}

// The limits in force (GET /v1/ops/limits, billing summary's `limits`) as a table.
// What each limit of /v1/ops/limits is, in a founder's words (unknown keys fall back to
// their name).
const LIMIT_NAMES: Record<string, string> = {
  v1_requests_per_key_per_minute: "API requests per key",
  v1_scans_per_key_per_day: "Scans per API key",
  scans_per_user_per_day: "Scans per account",
  scans_per_ip_per_day: "Scans per IP address",
  login_failures_per_account: "Failed sign-ins per account",
  login_failures_per_ip: "Failed sign-ins per IP address",
  account_mails_per_ip_per_hour: "Sign-up and reset mails per IP address",
  max_connections: "Open connections",
  max_connections_per_ip: "Open connections per IP address",
  header_timeout_seconds: "Time to send request headers",
  body_timeout_seconds: "Time to send a request body",
  password_hash_threads: "Password-check threads",
  max_body_bytes: "Largest JSON body",
  max_upload_bytes: "Largest upload",
  job_lease_seconds: "Job lease",
  upload_url_ttl_seconds: "Upload link lifetime",
};

// The limits that count what a user does (billing shows only these).
export const USAGE_LIMITS = ["v1_requests_per_key_per_minute", "v1_scans_per_key_per_day", "scans_per_user_per_day", "scans_per_ip_per_day"];

export function LimitsTable({ limits, only }: { limits: Record<string, any>; only?: string[] }) {
  const rows = Object.entries(limits).filter(([k]) => !only || only.includes(k));
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Limits">
      <table class="table">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{LIMIT_NAMES[k] ?? label(k)}</th>
              <td>
                {typeof v === "object" && v
                  ? !v.limit
                    ? "No limit"
                    : `${num(v.limit)} per ${v.window === "seconds" ? `${v.window_seconds / 60} minutes` : v.window}`
                  : k.endsWith("bytes")
                    ? bytes(v)
                    : k.endsWith("seconds")
                      ? `${num(v)} s`
                      : num(v)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
