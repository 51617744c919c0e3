// dashboard.test.mjs - the web dashboard end to end in Debian's chromium, against a real
// `vega serve --dev`: sign in, create a project and a repository, upload
// examples/vulnerable-app as a ZIP and watch the scan complete, triage a finding as a false
// positive with a reason, create and revoke an API key, visit billing, the admin page and
// /docs (try-it), sign out. Every step saves a screenshot; axe-core runs on every page; no
// page may log a CSP violation or a script error. Run: node --test tests/browser/
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { join } from "node:path";
import { ROOT, Vega, axe, go, launch, newPage, shot, signIn, zipDir, ARTIFACTS } from "./lib.mjs";

const A11Y = {}; // page name -> serious/critical violations

async function checkA11y(page, name) {
  A11Y[name] = await axe(page);
}

describe("dashboard", { concurrency: false }, () => {
  let vega, browser, page;
  const state = {};

  before(async () => {
    vega = await new Vega().start();
    vega.cli("user", "set-admin", "--email", "debug@example.com");
    browser = await launch();
    page = await newPage(browser);
  });

  after(async () => {
    await browser?.close();
    await vega?.stop();
  });

  test("sign in with the labelled email and password fields", async () => {
    await page.goto(vega.base + "/");
    await page.waitForURL(/\/signin/);
    assert.equal(await page.getByLabel("Email").getAttribute("type"), "email");
    assert.equal(await page.getByLabel("Password").getAttribute("type"), "password");
    await checkA11y(page, "signin");
    await page.getByLabel("Email").fill("debug@example.com");
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText("Incorrect email or password.").waitFor();
    await shot(page, "01-signin-error");
    await signIn(page, vega.base);
    await page.getByText("No projects yet").waitFor();
    await checkA11y(page, "projects-empty");
    await shot(page, "02-projects-empty");
  });

  test("create a project and a ZIP repository", async () => {
    await page.getByRole("button", { name: "New project" }).click();
    await page.getByRole("dialog").getByLabel("Name").fill("Storefront");
    await page.getByRole("dialog").getByLabel(/Description/).fill("The shop we launch next week");
    await checkA11y(page, "new-project-dialog");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByRole("heading", { name: "Storefront", level: 1 }).waitFor();
    state.project = page.url().split("/").pop();
    await page.getByText("No repositories yet").waitFor();
    await page.getByRole("button", { name: "Add repository" }).first().click();
    await page.getByRole("dialog").getByLabel(/^Name/).fill("web-app");
    await page.getByRole("button", { name: "Add repository" }).last().click();
    await page.getByRole("heading", { name: "web-app", level: 1 }).waitFor();
    state.repo = page.url().split("/").pop().split("?")[0];
    await page.getByText("No open findings").waitFor();
    await shot(page, "03-repository-empty");
  });

  test("upload examples/vulnerable-app as a ZIP and watch the scan complete", async () => {
    const zip = zipDir(join(ROOT, "examples/vulnerable-app"), join(ARTIFACTS, "..", "vulnerable-app.zip"));
    await page.getByRole("link", { name: "New scan" }).last().click();
    await page.getByText("Drop a ZIP of your code here").waitFor();
    await checkA11y(page, "new-scan");
    await page.locator('input[type="file"]').setInputFiles(zip);
    await page.getByText("vulnerable-app.zip").waitFor();
    await shot(page, "04-new-scan-file");
    await page.getByRole("button", { name: "Upload and scan" }).click();
    await page.locator(".steps").waitFor();
    await shot(page, "05-scan-progress");
    // A cold rule-database compile on a loaded machine can take a minute or more.
    await page.waitForURL(/\/scans\/[0-9a-f-]{36}$/, { timeout: 240000 });
    await page.getByRole("heading", { name: "What lowers the score" }).waitFor({ timeout: 30000 });
    await page.getByRole("heading", { name: "Findings by severity" }).waitFor();
    await page.locator(".finding-list li").first().waitFor();
    const score = await page.locator(".score-lg").getAttribute("aria-label");
    assert.match(score, /Launch readiness \d/);
    await checkA11y(page, "scan");
    await shot(page, "06-scan-results");
  });

  test("triage a finding as a false positive with a reason", async () => {
    await go(page, `/repositories/${state.repo}`);
    await page.locator("table.findings tbody tr").first().waitFor();
    await checkA11y(page, "repository-findings");
    await shot(page, "07-repository-findings");
    await page.getByLabel("Severity").selectOption("critical");
    await page.waitForURL(/severity=critical/);
    await page.locator("table.findings tbody tr").first().waitFor();
    const title = (await page.locator("table.findings tbody tr a").first().textContent()).trim();
    await page.locator("table.findings tbody tr a").first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("heading", { name: "History" }).waitFor();
    await dialog.getByLabel("Status").selectOption("false_positive");
    await dialog.getByLabel(/Reason/).fill("Test fixture key, never deployed");
    await checkA11y(page, "finding-dialog");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByText("Test fixture key, never deployed").first().waitFor();
    await dialog.locator(".status", { hasText: "False positive" }).first().waitFor();
    await shot(page, "08-finding-triaged");
    await dialog.getByRole("button", { name: "Close" }).click();
    // The finding left the open list; it is listed under false positives with its reason.
    await page.getByLabel("Status").selectOption("false_positive");
    await page.locator("table.findings tbody tr", { hasText: title }).first().waitFor();
    const r = await fetch(`${vega.base}/v1/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "debug@example.com", password: "vega-debug-password" }) });
    const token = (await r.json()).access_token;
    const fp = await (await fetch(`${vega.base}/v1/repositories/${state.repo}/findings?status=false_positive`, { headers: { Authorization: `Bearer ${token}` } })).json();
    assert.equal(fp.items.length, 1);
    assert.equal(fp.items[0].status_reason, "Test fixture key, never deployed");
    await page.getByRole("tab", { name: "Activity" }).click();
    await page.getByText("Finding triaged").first().waitFor();
    await checkA11y(page, "repository-events");
    await shot(page, "09-repository-events");
    await page.getByRole("tab", { name: "Scans" }).click();
    await page.locator("table tbody tr").first().waitFor();
    await shot(page, "10-repository-scans");
  });

  test("the project page shows the rollup, trend and top risks", async () => {
    await go(page, `/projects/${state.project}`);
    await page.getByRole("heading", { name: "Score trend" }).waitFor();
    await page.locator(".chart canvas").waitFor();
    await page.getByRole("heading", { name: "Top risks" }).waitFor();
    await page.locator(".risks li").first().waitFor();
    await checkA11y(page, "project");
    await shot(page, "11-project");
    await go(page, "/");
    await page.locator(".project-card").first().waitFor();
    await checkA11y(page, "projects");
    await shot(page, "12-projects");
  });

  test("create an API key (shown once, copyable) and revoke it after a confirmation", async () => {
    await page.getByRole("link", { name: "API keys" }).click();
    await page.getByText("No API keys").waitFor();
    await page.getByLabel("Name").fill("GitHub Actions");
    await page.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByRole("dialog");
    const key = (await dialog.locator("[data-testid=new-key]").textContent()).trim();
    assert.match(key, /^vg_live_[0-9A-Za-z]{32,}$/);
    await checkA11y(page, "api-key-created");
    await shot(page, "13-api-key-created");
    await dialog.getByRole("button", { name: "I have copied it" }).click();
    // The key works until it is revoked.
    assert.equal((await fetch(`${vega.base}/v1/scans?limit=1`, { headers: { "X-API-Key": key } })).status, 200);
    await page.getByRole("button", { name: "Revoke GitHub Actions" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await page.getByText(/Revoked/).first().waitFor();
    await page.getByText("Api key revoked").first().waitFor();
    assert.equal((await fetch(`${vega.base}/v1/scans?limit=1`, { headers: { "X-API-Key": key } })).status, 401);
    await checkA11y(page, "api-keys");
    await shot(page, "14-api-keys");
  });

  test("billing and admin pages", async () => {
    await page.getByRole("link", { name: "Billing" }).click();
    await page.getByRole("heading", { name: "Usage" }).waitFor();
    await page.locator(".chart canvas").waitFor();
    await page.getByRole("heading", { name: "Limits in force" }).waitFor();
    await checkA11y(page, "billing");
    await shot(page, "15-billing");
    await page.getByRole("link", { name: "Admin" }).click();
    await page.getByRole("heading", { name: "Workers" }).waitFor();
    await page.locator("table tbody tr").first().waitFor();
    await page.getByRole("button", { name: "Preview (dry run)" }).click();
    await page.getByRole("heading", { name: "Would remove" }).waitFor();
    await page.getByRole("button", { name: "Run cleanup" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await page.getByRole("heading", { name: "Removed" }).waitFor();
    await checkA11y(page, "admin");
    await shot(page, "16-admin");
  });

  test("sign out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/signin/);
    await page.goto(vega.base + "/settings/api-keys");
    await page.waitForURL(/\/signin\?next=/);
    await shot(page, "18-signed-out");
  });

  test("/docs is Swagger UI on this server and try-it works on the same origin", async () => {
    await page.goto(vega.base + "/docs");
    await page.locator(".opblock-summary-path", { hasText: "/v1/healthz" }).first().click();
    await page.getByRole("button", { name: "Try it out" }).click();
    await page.getByRole("button", { name: "Execute" }).click();
    await page.locator(".response-col_status", { hasText: "200" }).first().waitFor();
    await page.locator(".microlight", { hasText: '"status": "ok"' }).first().waitFor();
    await shot(page, "17-docs");
  });

  test("no page logged a CSP violation or a script error", () => {
    assert.deepEqual(page.problems, []);
  });

  test("axe-core: no serious or critical violation on any page", () => {
    const bad = Object.entries(A11Y).filter(([, v]) => v.length > 0);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 1));
    assert.ok(Object.keys(A11Y).length >= 12);
  });
});

describe("a phone, 375×800", { concurrency: false }, () => {
  let vega, browser, page;

  before(async () => {
    vega = await new Vega().start(["--workers", "0"]);
    browser = await launch();
    page = await newPage(browser, { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
  });

  after(async () => {
    await browser?.close();
    await vega?.stop();
  });

  test("pages fit the width and stay usable", async () => {
    await page.goto(vega.base + "/signin");
    await checkA11y(page, "mobile-signin");
    await shot(page, "m1-signin");
    await signIn(page, vega.base);
    await page.getByRole("button", { name: "New project" }).click();
    await page.getByRole("dialog").getByLabel("Name").fill("Phone project");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByRole("heading", { name: "Phone project", level: 1 }).waitFor();
    for (const [name, path] of [["project", null], ["projects", "/"], ["api-keys", "/settings/api-keys"], ["billing", "/billing"], ["new-scan", "/scans/new"]]) {
      if (path) await go(page, path);
      await page.locator("h1").waitFor();
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} overflows by ${overflow}px`);
      await checkA11y(page, "mobile-" + name);
      await shot(page, "m-" + name);
    }
    const bad = Object.entries(A11Y).filter(([k, v]) => k.startsWith("mobile-") && v.length > 0);
    assert.deepEqual(bad, []);
    assert.deepEqual(page.problems, []);
  });
});
