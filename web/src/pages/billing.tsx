// billing.tsx - usage over time (scans per day or month, chart and totals) and this
// period's summary: plan, usage, limits in force and costs.
import { useMemo, useState } from "preact/hooks";
import { Chart } from "../chart";
import { bytes, label, money, num, period } from "../format";
import { LimitsTable, Load, PageHeader, Stat, USAGE_LIMITS, useApi } from "../ui";

function range(days: number) {
  const to = new Date();
  to.setUTCHours(0, 0, 0, 0);
  to.setUTCDate(to.getUTCDate() + 1);
  const from = new Date(to.getTime() - days * 86400000);
  return { from: from.toISOString().slice(0, 19) + "Z", to: to.toISOString().slice(0, 19) + "Z" };
}

export function Billing() {
  const [span, setSpan] = useState("30");
  const gran = span === "365" ? "month" : "day";
  const r = useMemo(() => range(Number(span)), [span]);
  const usage = useApi<any>(`/billing/usage?from=${r.from}&to=${r.to}&granularity=${gran}`);
  const summary = useApi<any>("/billing/summary");
  const chart = useMemo(() => {
    const p = usage.data?.periods ?? [];
    return { x: p.map((q: any) => Date.parse(q.start) / 1000), series: [{ label: "Scans", values: p.map((q: any) => q.scans), color: "--accent", bars: true }] };
  }, [usage.data]);
  return (
    <>
      <PageHeader title="Billing" sub="What you used and what it costs. Scans are free; audits are paid one by one." />
      <Load l={summary}>
        {(s) => (
          <section class="grid-4" aria-label="This period">
            <Stat label="Plan" value={label(s.plan)} hint={period(s.period_start, s.period_end)} />
            <Stat label="Scans this period" value={num(s.usage.scans)} hint={`${bytes(s.usage.scanned_bytes)} scanned`} />
            <Stat label="Audits this period" value={num(s.usage.audits)} />
            <Stat label="Total" value={money(s.total_cents, s.currency)} hint={s.costs.length ? s.costs.map((c: any) => `${c.count}× ${label(c.tier || c.kind)}`).join(", ") : "No charges"} />
          </section>
        )}
      </Load>
      <section class="panel">
        <div class="row between wrap">
          <h2>Usage</h2>
          <label class="inline">
            <span>Period</span>
            <select value={span} onChange={(e) => setSpan((e.target as HTMLSelectElement).value)}>
              <option value="7">Last 7 days</option>
              <option value="30">Last 30 days</option>
              <option value="90">Last 90 days</option>
              <option value="365">Last 12 months</option>
            </select>
          </label>
        </div>
        <Load l={usage}>
          {(u) => (
            <>
              <Chart x={chart.x} series={chart.series} integer label={`Scans per ${gran}: ${num(u.totals.scans)} in total`} />
              <dl class="totals">
                <div>
                  <dt>Scans</dt>
                  <dd>{num(u.totals.scans)}</dd>
                </div>
                <div>
                  <dt>Scanned</dt>
                  <dd>{bytes(u.totals.scanned_bytes)}</dd>
                </div>
                <div>
                  <dt>Files</dt>
                  <dd>{num(u.totals.scanned_files)}</dd>
                </div>
                <div>
                  <dt>Audits</dt>
                  <dd>{num(u.totals.audits)}</dd>
                </div>
                <div>
                  <dt>API requests</dt>
                  <dd>{num(u.totals.api_requests)}</dd>
                </div>
              </dl>
            </>
          )}
        </Load>
      </section>
      <Load l={summary}>
        {(s) => (
          <section class="panel">
            <h2>Limits in force</h2>
            <LimitsTable limits={s.limits} only={USAGE_LIMITS} />
          </section>
        )}
      </Load>
    </>
  );
}
