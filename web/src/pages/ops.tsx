// ops.tsx - for administrators: live workers, the job queue, the limits in force, and the
// cleanup (always a dry run first, then the real run after a confirmation).
import { useState } from "preact/hooks";
import { api } from "../api";
import { ago, bytes, label, num } from "../format";
import { Col, Dialog, ErrorBox, LimitsTable, Load, PageHeader, Status, Table, toError, useApi } from "../ui";

function Cleanup() {
  const [days, setDays] = useState("7");
  const [dry, setDry] = useState<any>(null);
  const [done, setDone] = useState<any>(null);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<any>(null);
  const run = async (dry_run: boolean) => {
    setError(null);
    try {
      const r = await api("POST", "/ops/cleanup", { dry_run, older_than_days: Number(days) });
      if (dry_run) setDry(r);
      else {
        setDone(r);
        setDry(null);
      }
    } catch (e) {
      setError(toError(e));
    }
  };
  const table = (r: any) => (
    <dl class="totals">
      {Object.entries(r.removed).map(([k, v]) => (
        <div key={k}>
          <dt>{label(k)}</dt>
          <dd>{num(v as number)}</dd>
        </div>
      ))}
      <div>
        <dt>Space freed</dt>
        <dd>{bytes(r.bytes_freed)}</dd>
      </div>
    </dl>
  );
  return (
    <section class="panel">
      <h2>Cleanup</h2>
      <p class="muted">Deletes expired uploads and tokens, abandoned scans, finished jobs and dead workers. The server also runs it on its own.</p>
      <div class="row wrap">
        <label class="inline">
          <span>Older than (days)</span>
          <input type="number" min={0} max={3650} value={days} onInput={(e) => setDays((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" class="btn" onClick={() => run(true)}>
          Preview (dry run)
        </button>
      </div>
      <ErrorBox error={error} />
      {dry && (
        <div class="stack">
          <h3>Would remove</h3>
          {table(dry)}
          <div class="row end">
            <button type="button" class="btn danger" onClick={() => setConfirm(true)}>
              Run cleanup
            </button>
          </div>
        </div>
      )}
      {done && (
        <div class="stack">
          <h3>Removed</h3>
          {table(done)}
        </div>
      )}
      <Dialog open={confirm} title="Run the cleanup now?" onClose={() => setConfirm(false)}>
        <p>What the preview listed is deleted for good.</p>
        <div class="row end">
          <button type="button" class="btn" onClick={() => setConfirm(false)}>
            Cancel
          </button>
          <button
            type="button"
            class="btn danger"
            onClick={() => {
              setConfirm(false);
              run(false);
            }}
          >
            Delete
          </button>
        </div>
      </Dialog>
    </section>
  );
}

const WORKER_COLS: Col<any>[] = [
  { head: "Worker", cell: (x) => <><code>{x.hostname ?? x.id.slice(0, 8)}</code> <span class="muted small">pid {x.pid}</span></> },
  { head: "State", cell: (x) => <Status s={x.dead ? "dead" : !x.alive ? "stale" : x.current_job_id ? "busy" : "idle"} /> },
  { head: "Heartbeat", cell: (x) => ago(x.heartbeat_at) },
  { head: "Current job", cell: (x) => (x.current_job_id ? <code>{String(x.current_job_id).slice(0, 8)}</code> : <span class="muted">idle</span>) },
];

const QUEUE_COLS: Col<any>[] = [
  { head: "Kind", cell: (j) => j.kind },
  { head: "Status", cell: (j) => <Status s={j.status} /> },
  { head: "Jobs", cell: (j) => num(j.count) },
];

export function Ops() {
  const workers = useApi<any>("/ops/workers");
  const queue = useApi<any>("/ops/queue");
  const limits = useApi<any>("/ops/limits");
  return (
    <>
      <PageHeader title="Operations" sub="Workers, the job queue, limits and cleanup of this Vega installation." actions={<button type="button" class="btn" onClick={() => (workers.reload(), queue.reload())}>Refresh</button>} />
      <div class="grid-2">
        <section class="panel">
          <h2>Workers</h2>
          <Load l={workers}>
            {(w) =>
              w.workers.length === 0 ? (
                <p class="muted">No worker has checked in.</p>
              ) : (
                <Table rows={w.workers} rowKey={(x: any) => x.id} cols={WORKER_COLS} />
              )
            }
          </Load>
        </section>
        <section class="panel">
          <h2>Queue</h2>
          <Load l={queue}>
            {(q) => (
              <Table rows={q.jobs} rowKey={(j: any) => j.kind + j.status} cols={QUEUE_COLS} empty="The queue is empty." />
            )}
          </Load>
        </section>
      </div>
      <Cleanup />
      <section class="panel">
        <h2>Limits</h2>
        <Load l={limits}>
          {(l) => <LimitsTable limits={l} />}
        </Load>
      </section>
    </>
  );
}
