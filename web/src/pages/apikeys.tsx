// apikeys.tsx - API keys: create one with scopes (the key is shown once, with a copy
// button), revoke with a confirmation, and the account's activity log.
import { useState } from "preact/hooks";
import { api } from "../api";
import { ago, label, when } from "../format";
import { Col, CopyButton, Dialog, Empty, ErrorBox, Load, PageHeader, Pager, Table, toError, usePages } from "../ui";

const SCOPES: [string, string][] = [
  ["scans:read", "Read scans and findings"],
  ["scans:write", "Create and start scans"],
  ["reports:read", "Read audit reports"],
];

function CreateKey({ onCreated }: { onCreated: (k: any) => void }) {
  const [error, setError] = useState<any>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const cidrs = String(f.get("cidrs") || "")
      .split(/[\s,]+/)
      .filter(Boolean);
    setBusy(true);
    setError(null);
    try {
      const k = await api("POST", "/api-keys", { name: String(f.get("name")).trim(), scopes: f.getAll("scopes").map(String), ...(cidrs.length ? { allowed_cidrs: cidrs } : {}) });
      form.reset();
      onCreated(k);
    } catch (err) {
      setError(toError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="form" onSubmit={submit}>
      <label>
        Name
        <input name="name" required maxLength={100} placeholder="GitHub Actions" />
      </label>
      <fieldset class="checks">
        <legend>Scopes</legend>
        {SCOPES.map(([s, t]) => (
          <label key={s} class="check">
            <input type="checkbox" name="scopes" value={s} defaultChecked={s !== "reports:read"} />
            <code>{s}</code> <span class="muted small">{t}</span>
          </label>
        ))}
      </fieldset>
      <label>
        Allowed networks <span class="muted">(optional CIDRs, comma separated)</span>
        <input name="cidrs" placeholder="203.0.113.0/24" />
      </label>
      <p class="muted small">Creating a key is your standing authorization to scan code you own or are authorized to scan.</p>
      <ErrorBox error={error} />
      <div class="row end">
        <button type="submit" class="btn primary" disabled={busy}>
          Create key
        </button>
      </div>
    </form>
  );
}

const KEY_COLS: Col<any>[] = [
  { head: "Name", cell: (k) => k.name },
  { head: "Key", cell: (k) => <code>{k.prefix}…</code> },
  {
    head: "Scopes",
    cell: (k) =>
      k.scopes.map((s: string) => (
        <span key={s} class="tag">
          {s}
        </span>
      )),
  },
  { head: "Last used", class: "nowrap", cell: (k) => (k.revoked_at ? `Revoked ${ago(k.revoked_at)}` : k.last_used_at ? ago(k.last_used_at) : "Never") },
];

export function ApiKeys() {
  const keys = usePages<any>("/api-keys", 50);
  const activity = usePages<any>("/api-keys/activity", 20);
  const [created, setCreated] = useState<any>(null);
  const [revoking, setRevoking] = useState<any>(null);
  const [error, setError] = useState<any>(null);
  return (
    <>
      <PageHeader title="API keys" sub="Keys let CI and scripts call the developer API (X-API-Key). Keys cannot buy audits or manage other keys." />
      <div class="grid-2 wide-left">
        <section class="panel">
          <h2>Your keys</h2>
          <Load l={keys}>
            {(d) =>
              d.items.length === 0 ? (
                <Empty title="No API keys">
                  <p>Create one to run scans from CI.</p>
                </Empty>
              ) : (
                <Table
                  rows={d.items}
                  rowKey={(k: any) => k.id}
                  rowClass={(k: any) => (k.revoked_at ? "revoked" : "")}
                  cols={[
                    ...KEY_COLS,
                    {
                      head: <span class="sr-only">Actions</span>,
                      cell: (k: any) =>
                        !k.revoked_at && (
                          <button type="button" class="btn small danger ghost" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                            Revoke
                          </button>
                        ),
                    },
                  ]}
                />
              )
            }
          </Load>
          <Pager p={keys} noun="keys" />
        </section>
        <section class="panel">
          <h2>Create a key</h2>
          <CreateKey
            onCreated={(k) => {
              setCreated(k);
              keys.reload();
              activity.reload();
            }}
          />
        </section>
      </div>
      <section class="panel">
        <h2>Activity</h2>
        <Load l={activity}>
          {(d) =>
            d.items.length === 0 ? (
              <p class="muted">Nothing yet.</p>
            ) : (
              <ol class="timeline">
                {d.items.map((a: any) => (
                  <li key={a.id}>
                    <span class="t-when" title={when(a.created_at)}>
                      {ago(a.created_at)}
                    </span>
                    <span>
                      <strong>{label(a.action.replace(".", " "))}</strong>
                      {a.detail && <span class="muted"> · {a.detail}</span>}
                      {a.ip && <span class="muted small"> · {a.ip}</span>}
                    </span>
                  </li>
                ))}
              </ol>
            )
          }
        </Load>
        <Pager p={activity} noun="entries" />
      </section>
      <Dialog open={created !== null} title="Your new API key" onClose={() => setCreated(null)}>
        {created && (
          <div class="stack">
            <p>
              Copy <strong>{created.name}</strong> now: this is the only time it is shown. Vega keeps only its hash.
            </p>
            <div class="command">
              <code data-testid="new-key">{created.key}</code>
              <CopyButton text={created.key} />
            </div>
            <div class="row end">
              <button type="button" class="btn primary" onClick={() => setCreated(null)}>
                I have copied it
              </button>
            </div>
          </div>
        )}
      </Dialog>
      <Dialog open={revoking !== null} title="Revoke this key?" onClose={() => setRevoking(null)}>
        {revoking && (
          <div class="stack">
            <p>
              Anything using <strong>{revoking.name}</strong> (<code>{revoking.prefix}…</code>) stops working at once. This cannot be undone.
            </p>
            <ErrorBox error={error} />
            <div class="row end">
              <button type="button" class="btn" onClick={() => setRevoking(null)}>
                Cancel
              </button>
              <button
                type="button"
                class="btn danger"
                onClick={async () => {
                  try {
                    await api("DELETE", `/api-keys/${revoking.id}`);
                    setRevoking(null);
                    setError(null);
                    keys.reload();
                    activity.reload();
                  } catch (e) {
                    setError(toError(e));
                  }
                }}
              >
                Revoke key
              </button>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );
}
