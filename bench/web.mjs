// web.mjs - the dashboard's budget (`make bench`):
//   1. first load: HTML + JavaScript + CSS the browser fetches for the first page, as sent
//      (brotli, else gzip), from $(BUILD)/web/manifest.json — target < 200 KB;
//   2. time to first render of a repository page whose repository holds 100,000 open findings
//      (bench/dashboard_seed; the issue asks for 10,000), in Debian's chromium: from the
//      navigation to the first rows of the findings table, and from "Next" to the next page
//      (keyset cursors), median of 7 runs each.
// Usage: node bench/web.mjs path/to/vega path/to/dashboard_seed
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const here = dirname(new URL(import.meta.url).pathname);
const lib = await import(join(here, "../tests/browser/lib.mjs"));
const vegaBin = resolve(process.argv[2] || "build/vega");
const seeder = resolve(process.argv[3] || "build/bench/dashboard_seed");
process.env.VEGA_BIN = vegaBin;

function firstLoad() {
  const m = JSON.parse(readFileSync(join(dirname(vegaBin), "web/manifest.json"), "utf8"));
  const want = new Set(["/", m.app.js, m.app.css]);
  let sent = 0;
  let raw = 0;
  const rows = [];
  for (const f of m.files) {
    if (!want.has(f.url)) continue;
    const s = f.br ?? f.gz ?? f.size;
    sent += s;
    raw += f.size;
    rows.push(`${f.url} ${(f.size / 1024).toFixed(1)} KB -> ${(s / 1024).toFixed(1)} KB`);
  }
  return { sent, raw, rows };
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

async function render() {
  const vega = new lib.Vega();
  // The seeder needs the database before the server opens it (it migrates itself).
  await vega.start(["--workers", "0"]);
  const email = "bench@example.com";
  const password = "bench-password-123456";
  vega.cli("user", "add", "--email", email, "--password", password, "--verified");
  const seed = spawnSync(seeder, ["seed", vega.env.VEGA_DATABASE_URL, email], { env: vega.env, encoding: "utf8", maxBuffer: 1 << 20 });
  if (seed.status !== 0) throw new Error("dashboard_seed: " + seed.stderr);
  const { repository_id } = JSON.parse(seed.stdout);
  const browser = await lib.launch();
  try {
    const page = await lib.newPage(browser);
    await lib.signIn(page, vega.base, email, password);
    const first = [];
    const next = [];
    for (let i = 0; i < 7; i++) {
      await lib.go(page, "/");
      await page.locator(".project-card").first().waitFor();
      const t0 = Date.now();
      await lib.go(page, `/repositories/${repository_id}`);
      await page.locator("table.findings tbody tr").nth(49).waitFor();
      first.push(Date.now() - t0);
      const t1 = Date.now();
      await page.getByRole("button", { name: "Next →" }).click();
      await page.locator(".pager", { hasText: "findings 51–100" }).waitFor();
      next.push(Date.now() - t1);
    }
    return { first: median(first), next: median(next), firstAll: first, nextAll: next };
  } finally {
    await browser.close();
    await vega.stop();
  }
}

const fl = firstLoad();
console.log("web dashboard: first load (HTML + JS + CSS as sent, brotli)");
for (const r of fl.rows) console.log("  " + r);
console.log(`  total ${(fl.sent / 1024).toFixed(1)} KB compressed (${(fl.raw / 1024).toFixed(1)} KB raw); target < 200 KB: ${fl.sent < 200 * 1024 ? "met" : "NOT met"}`);
const r = await render();
console.log("web dashboard: repository page with 100,000 open findings (chromium, SQLite)");
console.log(`  first render of 50 rows: median ${r.first} ms (runs: ${r.firstAll.join(", ")})`);
console.log(`  next page by cursor:     median ${r.next} ms (runs: ${r.nextAll.join(", ")})`);
