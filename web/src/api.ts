// api.ts - the one way the dashboard talks to /v1: JSON in and out, the access token in
// memory only, one refresh on a 401, and errors that carry the envelope's message
// (docs/errors.md) so every page can show it as it is.

export class ApiError extends Error {
  status: number;
  code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface Me {
  id: string;
  email: string;
  email_verified: boolean;
  is_admin: boolean;
  created_at: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

type Listener = () => void;

// The session lives in this module's memory; nothing is written to storage a script can read.
const session = {
  access: null as string | null,
  refresh: null as string | null,
  me: null as Me | null,
  listeners: new Set<Listener>(),
};

export function onSession(l: Listener): () => void {
  session.listeners.add(l);
  return () => session.listeners.delete(l);
}

function changed(): void {
  for (const l of session.listeners) l();
}

export function currentUser(): Me | null {
  return session.me;
}

export function signedIn(): boolean {
  return session.access !== null;
}

async function envelope(r: Response): Promise<ApiError> {
  let code = "http_" + r.status;
  let message = `The server answered ${r.status} ${r.statusText}.`;
  try {
    const body = await r.json();
    if (body?.error?.message) {
      code = body.error.code;
      message = body.error.message;
    } else if (typeof body?.detail === "string") {
      message = body.detail;
    }
  } catch {
    /* not JSON: keep the status line */
  }
  return new ApiError(r.status, code, message);
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (session.access) headers.Authorization = `Bearer ${session.access}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  try {
    return await fetch("/v1" + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "Cannot reach the Vega server. Check your connection and try again.");
  }
}

let refreshing: Promise<boolean> | null = null;

async function refresh(): Promise<boolean> {
  if (!session.refresh) return false;
  refreshing ??= (async () => {
    const r = await send("POST", "/auth/refresh", { refresh_token: session.refresh });
    if (!r.ok) return false;
    const t = await r.json();
    session.access = t.access_token;
    session.refresh = t.refresh_token;
    return true;
  })().finally(() => (refreshing = null));
  return refreshing;
}

export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  let r = await send(method, path, body);
  if (r.status === 401 && session.access && (await refresh())) r = await send(method, path, body);
  if (r.status === 401 && session.access) {
    signOutLocally();
  }
  if (!r.ok) throw await envelope(r);
  if (r.status === 204) return undefined as T;
  return (await r.json()) as T;
}

export const get = <T = any>(path: string) => api<T>("GET", path);

export async function signIn(email: string, password: string): Promise<void> {
  const r = await send("POST", "/auth/login", { email, password });
  if (!r.ok) throw await envelope(r);
  const t = await r.json();
  session.access = t.access_token;
  session.refresh = t.refresh_token;
  session.me = await get<Me>("/auth/me");
  changed();
}

function signOutLocally(): void {
  session.access = session.refresh = null;
  session.me = null;
  changed();
}

export async function signOut(): Promise<void> {
  try {
    if (session.access) await api("POST", "/auth/logout");
  } finally {
    signOutLocally();
  }
}

// Build a query string from the set values of q.
export function qs(q: Record<string, string | number | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== null && v !== undefined && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? "?" + s : "";
}

// PUT a file to a signed upload URL with progress (fetch has no upload progress). An upload
// URL of this server's own storage is used on this page's origin: the signature covers the
// path and expiry, not the host the operator's public URL names.
export function upload(url: string, file: Blob, onProgress: (sent: number, total: number) => void): Promise<void> {
  const u = new URL(url, location.href);
  const target = u.pathname.startsWith("/v1/uploads/") ? u.pathname + u.search : u.href;
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open("PUT", target);
    x.setRequestHeader("Content-Type", "application/zip");
    x.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    x.onerror = () => reject(new ApiError(0, "network", "The upload was interrupted. Check your connection and try again."));
    x.onload = () => {
      if (x.status >= 200 && x.status < 300) return resolve();
      let msg = `The upload failed (${x.status}).`;
      let code = "http_" + x.status;
      try {
        const b = JSON.parse(x.responseText);
        msg = b?.error?.message ?? msg;
        code = b?.error?.code ?? code;
      } catch {
        /* keep the status */
      }
      reject(new ApiError(x.status, code, msg));
    };
    x.send(file);
  });
}
