// audits.tsx - paid audits: the options and prices of a complete scan, buying one (the
// payment provider's approval page, then back here to capture it), the audit's status, and
// the report viewer with the PDF, the fix bundle and the pull request.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { label, money, when } from "../format";
import { Markdown } from "../markdown";
import { setQuery, useLocation } from "../router";
import { Col, Empty, ErrorBox, Load, Loading, PageHeader, Pager, Sev, Status, Table, toError, useApi, usePages, usePoll } from "../ui";

const RUNNING = ["queued", "running", "generating_report"];

// The tiers' names as the quote titles them.
const TIER_NAMES: Record<string, string> = { launch_check: "Launch Check", founder_shield: "Founder Shield", elite_audit: "Elite Audit" };
const tierName = (t: string) => TIER_NAMES[t] ?? label(t);

// The tiers of a complete scan with their prices; buying sends the browser to approve_url.
export function AuditOptions({ scanId }: { scanId: string }) {
  const l = useApi<any>(`/scans/${scanId}/audit-options`);
  const [error, setError] = useState<any>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (l.error?.status === 404) return null; // a server without audits
  // 409: the scan's code is gone (deleted after the scan or after the audit window), so it
  // cannot be audited; not an error to retry.
  if (l.error?.status === 409)
    return (
      <section class="panel">
        <h2>Get an audit</h2>
        <p class="muted">Vega no longer keeps this scan's code, so it cannot be audited. Scan the code again to buy an audit of it.</p>
      </section>
    );
  async function buy(tier: string) {
    setBusy(tier);
    setError(null);
    try {
      const a = await api("POST", "/audits", { scan_id: scanId, tier });
      if (a.approve_url) location.assign(a.approve_url);
      else setQuery({});
    } catch (e) {
      setError(toError(e));
      setBusy(null);
    }
  }
  return (
    <section class="panel">
      <h2>Get an audit</h2>
      <p class="muted">A deeper run over the same code, a report you can act on, and the fixes. Paid once, through the payment provider.</p>
      <Load l={l}>
        {(o) => (
          <ul class="tiers">
            {o.tiers.map((t: any) => (
              <li key={t.tier} class="tier">
                <h3>{t.title}</h3>
                <div class="price">{money(t.amount_cents, o.currency)}</div>
                <ul>
                  {t.deliverables.map((d: string) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
                <button type="button" class="btn primary wide" disabled={busy !== null} onClick={() => buy(t.tier)}>
                  {busy === t.tier ? "Opening the payment page…" : `Buy ${t.title}`}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Load>
      <ErrorBox error={error} />
    </section>
  );
}

function Report({ id }: { id: string }) {
  const l = useApi<any>(`/audits/${id}/report`);
  return (
    <Load l={l}>
      {(r) => (
        <section class="panel report">
          <div class="row between wrap">
            <h2>{r.title}</h2>
            <div class="actions">
              {r.files?.pdf?.url && (
                <a class="btn primary" href={r.files.pdf.url} download={r.files.pdf.name}>
                  Download PDF
                </a>
              )}
              {r.fixed_files_url && (
                <a class="btn" href={r.fixed_files_url} download>
                  Download fix bundle
                </a>
              )}
              {r.pr_url && (
                <a class="btn" href={r.pr_url} target="_blank" rel="noopener noreferrer">
                  Open the pull request
                </a>
              )}
            </div>
          </div>
          <div class="row wrap">
            {Object.entries(r.findings_by_severity ?? {}).map(([s, n]) => (
              <span key={s} class="row">
                <Sev s={s} /> {String(n)}
              </span>
            ))}
            <span class="muted small">· {r.fix_count} fixes</span>
          </div>
          <Markdown text={r.report_markdown ?? ""} />
        </section>
      )}
    </Load>
  );
}

export function Audit({ id }: { id: string }) {
  const { query } = useLocation();
  const [captureError, setCaptureError] = useState<any>(null);
  const [capturing, setCapturing] = useState(query.get("payment") === "approved");
  const l = usePoll<any>(capturing ? null : `/audits/${id}`, 1500, (a) => RUNNING.includes(a.status));
  // Back from the provider's approval page: settle the payment once, then follow the job.
  useEffect(() => {
    if (!capturing) return;
    api("POST", `/audits/${id}/capture`)
      .catch((e) => setCaptureError(toError(e)))
      .finally(() => {
        setCapturing(false);
        setQuery({ payment: null, token: null });
      });
  }, []);
  const a = l.data;
  return (
    <>
      <PageHeader title={a ? `${tierName(a.tier)} audit` : "Audit"} crumbs={[["Audits", "/audits"]]} sub={a ? <>{money(a.amount_cents, a.currency)} · <Status s={a.status} /></> : undefined} />
      <ErrorBox error={captureError} />
      {capturing ? (
        <Loading label="Confirming the payment…" />
      ) : (
        <Load l={l}>
          {(x) =>
            x.status === "awaiting_payment" ? (
              <section class="panel">
                <h2>Waiting for the payment</h2>
                <p>Approve the payment with the provider to start the audit (until {when(x.expires_at)}).</p>
                {x.approve_url && (
                  <a class="btn primary" href={x.approve_url}>
                    Go to the payment page
                  </a>
                )}
              </section>
            ) : RUNNING.includes(x.status) ? (
              <section class="panel">
                <Loading label={`${label(x.status)}… this page updates by itself.`} />
              </section>
            ) : x.status === "completed" ? (
              <Report id={id} />
            ) : (
              <div class="alert error" role="alert">
                <strong>{label(x.status)}</strong>
                <span>{x.error_message ?? "The audit did not complete."}</span>
              </div>
            )
          }
        </Load>
      )}
    </>
  );
}

const AUDIT_COLS: Col<any>[] = [
  { head: "Bought", cell: (a) => <a href={`/audits/${a.audit_job_id}`}>{when(a.created_at)}</a> },
  { head: "Tier", cell: (a) => tierName(a.tier) },
  { head: "Status", cell: (a) => <Status s={a.status} /> },
  { head: "Amount", cell: (a) => money(a.amount_cents, a.currency) },
];

export function Audits() {
  const pages = usePages<any>("/audits", 20);
  return (
    <>
      <PageHeader title="Audits" sub="Buy an audit from a complete scan's page. Reports, PDFs and fixes appear here." />
      <Load l={pages}>
        {(d) =>
          d.items.length === 0 ? (
            <Empty title="No audits yet">
              <p>Open a complete scan and choose an audit tier.</p>
            </Empty>
          ) : (
            <Table rows={d.items} rowKey={(a: any) => a.audit_job_id} cols={AUDIT_COLS} label="Audits" />
          )
        }
      </Load>
      <Pager p={pages} noun="audits" />
    </>
  );
}
