// scan.tsx - one scan: live status until it ends, its statistics, the launch-readiness score
// and what lowers it (docs/scoring.md), and its findings by severity with their fixes.
import { useEffect, useMemo, useState } from "preact/hooks";
import { get } from "../api";
import { SEVERITIES, bytes, label, num, plural, when } from "../format";
import { ErrorBox, PageHeader, Score, Sev, SevCounts, Stat, Status, Loading, useApi, usePoll } from "../ui";

const WEIGHT: Record<string, number> = { critical: 0.55, high: 0.2, medium: 0.07, low: 0.02, info: 0 };
const CONF: Record<string, number> = { high: 1, medium: 0.7, low: 0.35 };
const MAX_LOADED = 2000;

interface F {
  id: string;
  severity: string;
  confidence: string;
  category: string;
  title: string;
  description: string;
  recommendation: string | null;
  file_path: string;
  line_start: number;
  masked_evidence: string | null;
  rule_id: string;
}

// The points each severity takes off 100: the score is 100 × Π(1 − w·c), so a severity's
// share of the loss is its share of −Σ ln(1 − w·c); the cap at 49 is reported apart.
function breakdown(findings: F[]) {
  const logs: Record<string, number> = {};
  let total = 0;
  for (const f of findings) {
    const x = WEIGHT[f.severity] * (CONF[f.confidence] ?? 1);
    if (x <= 0) continue;
    const l = -Math.log(1 - x);
    logs[f.severity] = (logs[f.severity] || 0) + l;
    total += l;
  }
  const uncapped = 100 * Math.exp(-total);
  const capped = findings.some((f) => f.severity === "critical" && f.confidence !== "low");
  return { uncapped, capped, cost: Object.fromEntries(SEVERITIES.map((s) => [s, total ? ((logs[s] || 0) / total) * (100 - uncapped) : 0])) };
}

function useAllFindings(scanId: string, ready: boolean) {
  const [items, setItems] = useState<F[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<any>(null);
  useEffect(() => {
    if (!ready) return;
    let live = true;
    (async () => {
      const out: F[] = [];
      let cursor: string | null = null;
      try {
        do {
          const p: any = await get(`/scans/${scanId}/findings?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
          out.push(...p.items);
          cursor = p.next_cursor;
        } while (cursor && out.length < MAX_LOADED && live);
        if (live) {
          setItems(out);
          setMore(cursor !== null);
        }
      } catch (e) {
        if (live) setError(e);
      }
    })();
    return () => {
      live = false;
    };
  }, [scanId, ready]);
  return { items, more, error };
}

function BySeverity({ findings }: { findings: F[] }) {
  return (
    <>
      {SEVERITIES.map((s) => {
        const list = findings.filter((f) => f.severity === s);
        if (list.length === 0) return null;
        return (
          <details key={s} class="sev-group" open={s === "critical" || s === "high"}>
            <summary>
              <Sev s={s} /> <strong>{plural(list.length, "finding")}</strong>
            </summary>
            <ul class="finding-list">
              {list.map((f) => (
                <li key={f.id}>
                  <div class="row wrap">
                    <strong>{f.title}</strong>
                    <code class="path">
                      {f.file_path}:{f.line_start}
                    </code>
                    <span class="tag">{label(f.confidence)} confidence</span>
                  </div>
                  {f.masked_evidence && <pre class="evidence">{f.masked_evidence}</pre>}
                  <p class="small">{f.description}</p>
                  {f.recommendation && (
                    <p class="fix small">
                      <strong>Fix: </strong>
                      {f.recommendation}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </>
  );
}

export function Scan({ id }: { id: string }) {
  const l = usePoll<any>(`/scans/${id}`, 1000, (s) => s.status !== "complete" && s.status !== "failed");
  const s = l.data;
  const done = s?.status === "complete";
  const all = useAllFindings(id, done);
  const b = useMemo(() => (all.items ? breakdown(all.items) : null), [all.items]);
  const repo = useApi<any>(s?.repository_id ? `/repositories/${s.repository_id}` : null);
  if (l.error && !s) return <ErrorBox error={l.error} retry={l.reload} />;
  if (!s) return <Loading />;
  const counts = s.free_findings_summary?.findings_by_severity;
  return (
    <>
      <PageHeader
        title={`Scan of ${repo.data?.name ?? "repository"}`}
        sub={
          <>
            Started {when(s.created_at)} · <Status s={s.status} />
          </>
        }
        crumbs={[["Projects", "/"], ...(repo.data ? ([[repo.data.name, `/repositories/${repo.data.id}?tab=scans`]] as [string, string][]) : [])]}
      />
      {s.status === "failed" && (
        <div class="alert error" role="alert">
          <strong>The scan failed</strong>
          <span>{s.error_message}</span>
        </div>
      )}
      {!done && s.status !== "failed" && <Loading label={`${label(s.status)}… this page updates by itself.`} />}
      {done && (
        <>
          <section class="grid-4" aria-label="Statistics">
            <div class="stat score-stat">
              <Score value={s.launch_readiness_score} size="lg" />
              <div>
                <div class="stat-label">Launch readiness</div>
                <div class="stat-hint">{s.launch_readiness_score >= 80 ? "Ready to launch" : s.launch_readiness_score >= 50 ? "Fix before launch" : "Not ready to launch"}</div>
              </div>
            </div>
            <Stat label="Findings" value={num(s.free_findings_summary?.total_findings ?? 0)} hint={<SevCounts c={counts} compact />} />
            <Stat label="Files scanned" value={num(s.included_files)} hint={`${num(s.ignored_files)} ignored · ${num(s.risky_skipped_files)} risky skipped · ${bytes(s.included_bytes)}`} />
            <Stat label="Complexity" value={num(s.complexity_score)} hint={label(s.complexity_label ?? "")} />
          </section>
          <section class="panel">
            <h2>What lowers the score</h2>
            {!b ? (
              all.error ? <ErrorBox error={all.error} /> : <Loading />
            ) : b.uncapped >= 99.95 ? (
              <p>Nothing: no finding costs points.</p>
            ) : (
              <>
                <ul class="bars">
                  {SEVERITIES.filter((sv) => b.cost[sv] > 0.05).map((sv) => (
                    <li key={sv}>
                      <span>
                        <Sev s={sv} /> {plural(counts?.[sv] ?? 0, "finding")}
                      </span>
                      <span class="bar-track">
                        <span class={`bar-fill bar-${sv}`} style={{ width: `${b.cost[sv]}%` }} />
                      </span>
                      <strong>−{b.cost[sv].toFixed(1)}</strong>
                    </li>
                  ))}
                </ul>
                {b.capped && <p class="small">A critical finding of medium or high confidence caps the score at 49: fix every critical finding first.</p>}
                {all.more && <p class="muted small">Computed from the first {num(MAX_LOADED)} findings.</p>}
              </>
            )}
          </section>
          <section class="panel">
            <h2>Findings by severity</h2>
            {!all.items ? <Loading /> : all.items.length === 0 ? <p>No findings. </p> : <BySeverity findings={all.items} />}
            {repo.data && (
              <p>
                <a href={`/repositories/${repo.data.id}`}>Triage these findings in the repository →</a>
              </p>
            )}
          </section>
        </>
      )}
    </>
  );
}
