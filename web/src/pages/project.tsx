// project.tsx - one project: its rollup (score, open findings by severity and category,
// triage counts), the score trend of its last complete scans, its repositories and its top
// risks; adding a repository and deleting the project.
import { useMemo, useState } from "preact/hooks";
import { api, type Page } from "../api";
import { Chart } from "../chart";
import { ago, label, num, plural } from "../format";
import { navigate } from "../router";
import { Col, Dialog, Empty, ErrorBox, FormEnd, Load, PageHeader, Score, Sev, SevCounts, Stat, Table, toError, useAction, useApi } from "../ui";
import type { ProjectT } from "./projects";

interface Rollup {
  launch_readiness_score: number | null;
  open_findings_by_severity: Record<string, number>;
  open_findings_by_category: Record<string, number>;
  triaged: { ignored: number; false_positive: number };
  fixed_last_30_days: number;
  repositories: { id: string; name: string; latest_scan_id: string | null; launch_readiness_score: number | null; open_findings_by_severity: Record<string, number> }[];
  trend: { scan_id: string; repository_id: string; completed_at: string; launch_readiness_score: number; open_findings: number }[];
  top_risks: { id: string; repository_id: string; severity: string; title: string; file_path: string; line_start: number; category: string }[];
}

export function NewRepositoryDialog({ projectId, open, onClose }: { projectId: string; open: boolean; onClose: () => void }) {
  const [source, setSource] = useState("zip");
  const { busy, error, run } = useAction();
  async function submit(e: Event) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const body: Record<string, string> = { project_id: projectId, source_type: source };
    const name = String(f.get("name") || "").trim();
    if (name) body.name = name;
    if (source === "github") body.github_repo_full_name = String(f.get("github") || "").trim();
    await run(async () => {
      const r = await api("POST", "/repositories", body);
      onClose();
      navigate(`/repositories/${r.id}`);
    });
  }
  return (
    <Dialog open={open} title="Add a repository" onClose={onClose}>
      <form class="form" onSubmit={submit}>
        <fieldset class="choices">
          <legend>Source</legend>
          {[
            ["zip", "ZIP upload", "Drop an archive of your code"],
            ["github", "GitHub", "Fetched through the Vega GitHub App"],
            ["git", "git push", "Push to a temporary remote"],
          ].map(([v, t, hint]) => (
            <label key={v} class="choice">
              <input type="radio" name="source" value={v} checked={source === v} onChange={() => setSource(v)} />
              <span>
                <strong>{t}</strong>
                <span class="muted small">{hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {source === "github" && (
          <label>
            GitHub repository
            <input name="github" required pattern="[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+" placeholder="acme/storefront" />
          </label>
        )}
        <label>
          Name {source === "github" && <span class="muted">(optional: the repository's name)</span>}
          <input name="name" required={source !== "github"} maxLength={200} placeholder="web-app" />
        </label>
        <FormEnd error={error} busy={busy} submit="Add repository" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function Trend({ trend, repos }: { trend: Rollup["trend"]; repos: Rollup["repositories"] }) {
  const data = useMemo(() => {
    const x = trend.map((t) => Date.parse(t.completed_at) / 1000);
    return { x, series: [{ label: "Launch readiness", values: trend.map((t) => t.launch_readiness_score), color: "--accent" }] };
  }, [trend]);
  if (trend.length === 0) return <p class="muted">The trend appears after the first complete scan.</p>;
  const names = new Map(repos.map((r) => [r.id, r.name]));
  return (
    <>
      <Chart x={data.x} series={data.series} yMax={100} label={`Launch readiness of the last ${trend.length} scans, from ${trend[0].launch_readiness_score} to ${trend[trend.length - 1].launch_readiness_score}`} />
      <p class="muted small">
        Last {plural(trend.length, "complete scan")} across {plural(new Set(trend.map((t) => names.get(t.repository_id))).size, "repository", "repositories")}.
      </p>
    </>
  );
}

const REPO_COLS: Col<any>[] = [
  { head: "Repository", cell: (r) => <a href={`/repositories/${r.id}`}>{r.name}</a> },
  { head: "Source", cell: (r) => (r.source_type === "github" ? r.github_repo_full_name : label(r.source_type)) },
  { head: "Latest scan", cell: (r) => (r.latest_scan ? `${label(r.latest_scan.status)} · ${ago(r.latest_scan.completed_at)}` : <span class="muted">Never scanned</span>) },
  { head: "Score", cell: (r) => <Score value={r.latest_scan?.launch_readiness_score ?? null} /> },
  { head: "Open findings", class: "min-cell", cell: (r) => <SevCounts c={r.open_findings_by_severity} compact /> },
];

export function Project({ id }: { id: string }) {
  const project = useApi<ProjectT>(`/projects/${id}`);
  const rollup = useApi<Rollup>(`/projects/${id}/rollup`);
  const repos = useApi<Page<any>>(`/repositories?project_id=${id}&limit=200`);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [delError, setDelError] = useState<any>(null);
  if (project.error) return <ErrorBox error={project.error} retry={project.reload} />;
  const p = project.data;
  return (
    <>
      <PageHeader
        title={p ? p.name : "Project"}
        sub={p?.description || undefined}
        crumbs={[["Projects", "/"]]}
        actions={
          <>
            <button type="button" class="btn primary" onClick={() => setAdding(true)}>
              Add repository
            </button>
            <button type="button" class="btn danger ghost" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </>
        }
      />
      <Load l={rollup}>
        {(r) => (
          <>
            <section class="grid-4" aria-label="Summary">
              <div class="stat score-stat">
                <Score value={r.launch_readiness_score} size="lg" />
                <div>
                  <div class="stat-label">Launch readiness</div>
                  <div class="stat-hint">Lowest of its repositories</div>
                </div>
              </div>
              <Stat label="Open findings" value={num(Object.values(r.open_findings_by_severity).reduce((a, b) => a + b, 0))} hint={<SevCounts c={r.open_findings_by_severity} compact />} />
              <Stat label="Fixed in 30 days" value={num(r.fixed_last_30_days)} />
              <Stat label="Triaged" value={num(r.triaged.ignored + r.triaged.false_positive)} hint={`${num(r.triaged.false_positive)} false positive · ${num(r.triaged.ignored)} ignored`} />
            </section>
            <div class="grid-2">
              <section class="panel">
                <h2>Score trend</h2>
                <Trend trend={r.trend} repos={r.repositories} />
              </section>
              <section class="panel">
                <h2>Open findings by category</h2>
                {Object.keys(r.open_findings_by_category).length === 0 ? (
                  <p class="muted">Nothing open.</p>
                ) : (
                  <ul class="bars">
                    {Object.entries(r.open_findings_by_category)
                      .sort((a, b) => b[1] - a[1])
                      .map(([c, n]) => {
                        const max = Math.max(...Object.values(r.open_findings_by_category));
                        return (
                          <li key={c}>
                            <span>{label(c)}</span>
                            <span class="bar-track">
                              <span class="bar-fill" style={{ width: `${(100 * n) / max}%` }} />
                            </span>
                            <strong>{num(n)}</strong>
                          </li>
                        );
                      })}
                  </ul>
                )}
              </section>
            </div>
            <section class="panel">
              <h2>Top risks</h2>
              {r.top_risks.length === 0 ? (
                <p class="muted">No open findings. </p>
              ) : (
                <ul class="risks">
                  {r.top_risks.map((f) => (
                    <li key={f.id}>
                      <Sev s={f.severity} />
                      <a href={`/repositories/${f.repository_id}?finding=${f.id}`}>{f.title}</a>
                      <code class="path">
                        {f.file_path}:{f.line_start}
                      </code>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </Load>
      <section class="panel">
        <h2>Repositories</h2>
        <Load l={repos}>
          {(d) =>
            d.items.length === 0 ? (
              <Empty title="No repositories yet">
                <p>Add a repository, then upload a ZIP or connect GitHub to scan it.</p>
                <button type="button" class="btn primary" onClick={() => setAdding(true)}>
                  Add repository
                </button>
              </Empty>
            ) : (
              <Table rows={d.items} rowKey={(r: any) => r.id} cols={REPO_COLS} />
            )
          }
        </Load>
      </section>
      <NewRepositoryDialog projectId={id} open={adding} onClose={() => setAdding(false)} />
      <Dialog open={deleting} title="Delete this project?" onClose={() => setDeleting(false)}>
        <p>Its repositories, scans and findings are deleted with it. This cannot be undone.</p>
        <ErrorBox error={delError} />
        <div class="row end">
          <button type="button" class="btn" onClick={() => setDeleting(false)}>
            Keep it
          </button>
          <button
            type="button"
            class="btn danger"
            onClick={async () => {
              try {
                await api("DELETE", `/projects/${id}`);
                navigate("/");
              } catch (e) {
                setDelError(toError(e));
              }
            }}
          >
            Delete project
          </button>
        </div>
      </Dialog>
    </>
  );
}
