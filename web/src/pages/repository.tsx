// repository.tsx - one repository: its findings across scans (filters, path search, keyset
// pages, a finding's details and history, triage with a reason), its scans and its events.
import { useEffect, useState } from "preact/hooks";
import { api, qs } from "../api";
import { SEVERITIES, ago, label, num, when } from "../format";
import { setQuery, useLocation } from "../router";
import { Col, Dialog, Empty, ErrorBox, Load, PageHeader, Pager, Score, Sev, SevCounts, Status, Table, toError, useApi, usePages } from "../ui";

const STATUSES = ["open", "fixed", "ignored", "false_positive"];
const CATEGORIES = ["secret", "injection", "xss", "auth", "crypto", "config", "dependency", "ssrf", "path-traversal", "open-redirect"];

interface FindingT {
  id: string;
  severity: string;
  category: string;
  rule_id: string;
  title: string;
  description: string;
  recommendation: string | null;
  file_path: string;
  line_start: number;
  line_end: number;
  masked_evidence: string | null;
  confidence: string;
  status: string;
  status_reason: string | null;
  first_seen_at: string;
  last_seen_at: string;
  fixed_at: string | null;
  first_seen_scan_id: string;
  last_seen_scan_id: string;
  history?: { at: string; type: string; scan_id: string | null; actor: { type: string; id: string | null }; from_status: string | null; to_status: string | null; reason: string | null }[];
}

function Triage({ f, repo, onDone }: { f: FindingT; repo: string; onDone: (f: FindingT) => void }) {
  const [status, setStatus] = useState(f.status === "fixed" ? "open" : f.status);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<any>(null);
  const [busy, setBusy] = useState(false);
  const needsReason = status === "ignored" || status === "false_positive";
  if (f.status === "fixed") return <p class="muted small">Fixed findings reopen by themselves when a later scan sees them again.</p>;
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { status };
      if (reason.trim()) body.reason = reason.trim();
      const updated = await api("PATCH", `/repositories/${repo}/findings/${f.id}`, body);
      setReason("");
      onDone(updated);
    } catch (err) {
      setError(toError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="form triage" onSubmit={submit}>
      <h3>Triage</h3>
      <label>
        Status
        <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
          <option value="open">Open</option>
          <option value="false_positive">False positive</option>
          <option value="ignored">Ignored (accepted risk)</option>
        </select>
      </label>
      <label>
        Reason {needsReason ? "" : <span class="muted">(optional)</span>}
        <textarea rows={3} value={reason} required={needsReason} maxLength={1000} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} placeholder={needsReason ? "Why this is not a risk (kept in the history)" : ""} />
      </label>
      <ErrorBox error={error} />
      <button type="submit" class="btn primary" disabled={busy || status === f.status}>
        Save
      </button>
    </form>
  );
}

function FindingPanel({ repo, id, onClose, onChanged }: { repo: string; id: string; onClose: () => void; onChanged: () => void }) {
  const l = useApi<FindingT>(`/repositories/${repo}/findings/${id}`);
  return (
    <Dialog open title={l.data?.title ?? "Finding"} onClose={onClose}>
      <Load l={l}>
        {(f) => (
          <div class="finding">
            <div class="row wrap">
              <Sev s={f.severity} />
              <Status s={f.status} />
              <span class="tag">{label(f.category)}</span>
              <span class="tag">{label(f.confidence)} confidence</span>
            </div>
            <p>
              <code class="path">
                {f.file_path}:{f.line_start}
                {f.line_end !== f.line_start ? `–${f.line_end}` : ""}
              </code>{" "}
              <span class="muted small">{f.rule_id}</span>
            </p>
            {f.masked_evidence && <pre class="evidence">{f.masked_evidence}</pre>}
            <p>{f.description}</p>
            {f.recommendation && (
              <div class="fix">
                <strong>How to fix</strong>
                <p>{f.recommendation}</p>
              </div>
            )}
            {f.status_reason && (
              <p class="small">
                <strong>Reason:</strong> {f.status_reason}
              </p>
            )}
            <Triage
              f={f}
              repo={repo}
              onDone={() => {
                l.reload();
                onChanged();
              }}
            />
            <h3>History</h3>
            <ol class="timeline">
              {(f.history ?? []).map((h, i) => (
                <li key={i}>
                  <span class="t-when">{when(h.at)}</span>
                  <span>
                    {label(h.type.replace("finding.", ""))}
                    {h.from_status && h.to_status ? `: ${label(h.from_status)} → ${label(h.to_status)}` : h.to_status ? ` (${label(h.to_status)})` : ""}
                    {" · "}
                    <span class="muted">{h.actor.type === "user" ? "you" : h.actor.type === "api_key" ? "an API key" : "a scan"}</span>
                    {h.reason && <q>{h.reason}</q>}
                  </span>
                </li>
              ))}
            </ol>
            <div class="row end">
              <button type="button" class="btn" onClick={onClose}>
                Close
              </button>
            </div>
          </div>
        )}
      </Load>
    </Dialog>
  );
}

function Findings({ repo }: { repo: string }) {
  const { query } = useLocation();
  const status = query.get("status") ?? "open";
  const severity = query.get("severity") ?? "";
  const category = query.get("category") ?? "";
  const path = query.get("path") ?? "";
  const open = query.get("finding");
  const [pathInput, setPathInput] = useState(path);
  useEffect(() => {
    const t = setTimeout(() => pathInput !== path && setQuery({ path: pathInput }), 300);
    return () => clearTimeout(t);
  }, [pathInput]);
  const base = `/repositories/${repo}/findings` + qs({ status: status === "all" ? STATUSES.join(",") : status, severity, category, path });
  const pages = usePages<FindingT>(base, 50);
  const sel = (name: string, value: string, opts: [string, string][], text: string) => (
    <label>
      <span>{text}</span>
      <select value={value} onChange={(e) => setQuery({ [name]: (e.target as HTMLSelectElement).value, finding: null })}>
        {opts.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-label="Findings">
      <div class="toolbar filters">
        {sel("status", status, [...STATUSES.map((s) => [s, label(s)] as [string, string]), ["all", "All statuses"]], "Status")}
        {sel("severity", severity, [["", "All severities"], ...SEVERITIES.map((s) => [s, label(s)] as [string, string])], "Severity")}
        {sel("category", category, [["", "All categories"], ...CATEGORIES.map((c) => [c, label(c)] as [string, string])], "Category")}
        <label class="search grow">
          <span>Path</span>
          <input type="search" placeholder="Search by path, e.g. src/api/" value={pathInput} onInput={(e) => setPathInput((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <Load l={pages}>
        {(d) =>
          d.items.length === 0 ? (
            <Empty title={status === "open" && !severity && !category && !path ? "No open findings" : "No findings match these filters"}>
              <p class="muted">{status === "open" ? "Scan again after changes to keep this list current." : ""}</p>
            </Empty>
          ) : (
            <div class="table-wrap" tabIndex={0} role="region" aria-label="Table (scrolls sideways on small screens)">
              <table class="table findings" aria-busy={pages.loading}>
                <thead>
                  <tr>
                    <th scope="col">Severity</th>
                    <th scope="col">Finding</th>
                    <th scope="col">Location</th>
                    <th scope="col">Status</th>
                    <th scope="col">Last seen</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((f) => (
                    <tr key={f.id}>
                      <td>
                        <Sev s={f.severity} />
                      </td>
                      <td>
                        <a
                          href={`/repositories/${repo}?${new URLSearchParams({ ...Object.fromEntries(query), finding: f.id })}`}
                          onClick={(e) => {
                            e.preventDefault();
                            setQuery({ finding: f.id });
                          }}
                        >
                          {f.title}
                        </a>
                        <div class="muted small">{label(f.category)}</div>
                      </td>
                      <td>
                        <code class="path">
                          {f.file_path}:{f.line_start}
                        </code>
                      </td>
                      <td>
                        <Status s={f.status} />
                      </td>
                      <td class="nowrap">{ago(f.last_seen_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Load>
      <Pager p={pages} noun="findings" />
      {open && <FindingPanel repo={repo} id={open} onClose={() => setQuery({ finding: null })} onChanged={pages.reload} />}
    </section>
  );
}

const SCAN_COLS: Col<any>[] = [
  { head: "Started", cell: (s) => <a href={`/scans/${s.id}`}>{when(s.created_at)}</a> },
  { head: "Status", cell: (s) => <Status s={s.status} /> },
  { head: "Score", cell: (s) => <Score value={s.launch_readiness_score} /> },
  { head: "Findings", class: "min-cell", cell: (s) => (s.status === "complete" ? <SevCounts c={s.free_findings_summary?.findings_by_severity} compact /> : <span class="muted">—</span>) },
  { head: "Files", cell: (s) => num(s.included_files) },
];

function Scans({ repo }: { repo: string }) {
  const pages = usePages<any>(`/repositories/${repo}/scans`, 20);
  return (
    <section aria-label="Scans">
      <Load l={pages}>
        {(d) =>
          d.items.length === 0 ? (
            <Empty title="No scans yet">
              <a class="btn primary" href={`/scans/new?repository=${repo}`}>
                Start a scan
              </a>
            </Empty>
          ) : (
            <Table rows={d.items} rowKey={(s: any) => s.id} cols={SCAN_COLS} />
          )
        }
      </Load>
      <Pager p={pages} noun="scans" />
    </section>
  );
}

function Events({ repo }: { repo: string }) {
  const [type, setType] = useState("");
  const pages = usePages<any>(`/repositories/${repo}/events` + qs({ type }), 50);
  return (
    <section aria-label="Events">
      <div class="toolbar filters">
        <label>
          <span>Type</span>
          <select value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
            <option value="">All events</option>
            <option value="scan.">Scans</option>
            <option value="finding.">Findings</option>
            <option value="finding.triaged">Triage</option>
            <option value="repository.">Repository</option>
            <option value="git_upload.">Git pushes</option>
            <option value="audit.">Audits</option>
          </select>
        </label>
      </div>
      <Load l={pages}>
        {(d) =>
          d.items.length === 0 ? (
            <Empty title="No events" />
          ) : (
            <ol class="timeline">
              {d.items.map((e: any) => (
                <li key={e.id}>
                  <span class="t-when" title={when(e.created_at)}>
                    {ago(e.created_at)}
                  </span>
                  <span>
                    <strong>{label(e.type.replace(".", " "))}</strong>
                    {e.data?.to_status && <span class="muted"> → {label(e.data.to_status)}</span>}
                    {e.data?.reason && <q>{e.data.reason}</q>}
                    {e.scan_id && (
                      <>
                        {" · "}
                        <a href={`/scans/${e.scan_id}`}>scan</a>
                      </>
                    )}
                    {e.finding_id && (
                      <>
                        {" · "}
                        <a href={`/repositories/${repo}?tab=findings&status=all&finding=${e.finding_id}`}>finding</a>
                      </>
                    )}
                  </span>
                </li>
              ))}
            </ol>
          )
        }
      </Load>
      <Pager p={pages} noun="events" />
    </section>
  );
}

export function Repository({ id }: { id: string }) {
  const { query } = useLocation();
  const tab = query.get("tab") ?? "findings";
  const repo = useApi<any>(`/repositories/${id}`);
  const project = useApi<any>(repo.data ? `/projects/${repo.data.project_id}` : null);
  if (repo.error) return <ErrorBox error={repo.error} retry={repo.reload} />;
  const r = repo.data;
  const tabs: [string, string][] = [
    ["findings", "Findings"],
    ["scans", "Scans"],
    ["events", "Activity"],
  ];
  return (
    <>
      <PageHeader
        title={r ? r.name : "Repository"}
        sub={r ? (r.source_type === "github" ? `GitHub · ${r.github_repo_full_name}` : r.source_type === "git" ? "git push" : "ZIP uploads") : undefined}
        crumbs={[["Projects", "/"], ...(project.data ? ([[project.data.name, `/projects/${project.data.id}`]] as [string, string][]) : [])]}
        actions={
          r && (
            <a class="btn primary" href={`/scans/new?repository=${id}`}>
              New scan
            </a>
          )
        }
      />
      {r && (
        <div class="repo-summary">
          <Score value={r.latest_scan?.launch_readiness_score ?? null} size="lg" />
          <div>
            <div class="stat-label">Latest scan</div>
            <div>{r.latest_scan ? <a href={`/scans/${r.latest_scan.id}`}>{label(r.latest_scan.status)} · {ago(r.latest_scan.completed_at)}</a> : <span class="muted">Never scanned</span>}</div>
          </div>
          <div class="grow">
            <div class="stat-label">Open findings</div>
            <SevCounts c={r.open_findings_by_severity} />
          </div>
        </div>
      )}
      <div
        class="tabs"
        role="tablist"
        aria-label="Repository views"
        onKeyDown={(e) => {
          const i = tabs.findIndex(([k]) => k === tab);
          const j = e.key === "ArrowRight" ? (i + 1) % tabs.length : e.key === "ArrowLeft" ? (i + tabs.length - 1) % tabs.length : -1;
          if (j < 0) return;
          e.preventDefault();
          setQuery({ tab: j === 0 ? null : tabs[j][0], finding: null });
          setTimeout(() => document.getElementById(`tab-${tabs[j][0]}`)?.focus());
        }}
      >
        {tabs.map(([k, t]) => (
          <button key={k} type="button" role="tab" id={`tab-${k}`} aria-selected={tab === k} aria-controls="tabpanel" tabIndex={tab === k ? 0 : -1} onClick={() => setQuery({ tab: k === "findings" ? null : k, finding: null })}>
            {t}
          </button>
        ))}
      </div>
      <div id="tabpanel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === "scans" ? <Scans repo={id} /> : tab === "events" ? <Events repo={id} /> : <Findings repo={id} />}
      </div>
    </>
  );
}
