// dashboard.test.mjs - a founder's path through the web dashboard in Debian's chromium,
// against a real `vega serve --dev` with the SMTP sink and the PayPal stand-in: sign up and
// verify through the mailed link, sign in, create a project and a repository, upload
// examples/vulnerable-app as a ZIP and watch the scan complete, buy an audit through the
// payment provider's approval page and download its PDF, triage a finding as a false positive
// with a reason, create and revoke an API key, visit billing and the admin page, sign out.
// One server, one browser and one sign-in for the whole file; every step saves a screenshot;
// axe-core runs on every page; no page may log a CSP violation or a script error.
// Run: make test-browser (node --test tests/browser/).
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { join } from "node:path";
import { ROOT, Vega, axe, go, launch, newPage, paypalStandIn, shot, signIn, smtpSink, zipDir, ARTIFACTS } from "./lib.mjs";

const A11Y = {}; // page name -> serious/critical violations

async function checkA11y(page, name) {
  A11Y[name] = await axe(page);
}

describe("dashboard: a founder from sign-up to a paid audit", { concurrency: false }, () => {
  let vega, browser, page, mail, paypal;
  const state = { email: `founder-${Date.now()}@example.com`, password: "a-long-password-1" };

  before(async () => {
    [mail, paypal] = await Promise.all([smtpSink(), paypalStandIn()]);
    // --retain-uploads: an audit re-reads the scanned archive.
    vega = await new Vega().start(["--allow-signup", "--smtp-url", mail.url, "--retain-uploads"], paypal.env);
    browser = await launch();
    page = await newPage(browser);
  });

  after(async () => {
    await browser?.close();
    await vega?.stop();
    mail?.stop();
    paypal?.stop();
  });

  test("sign up and verify the email through the mailed link", async () => {
    await page.goto(vega.base + "/signin");
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByRole("heading", { name: "Create your account" }).waitFor();
    assert.equal(await page.getByLabel("Email").getAttribute("type"), "email");
    await page.getByLabel("Email").fill(state.email);
    await page.getByLabel(/Password/).fill(state.password);
    await checkA11y(page, "signup");
    await shot(page, "00a-signup");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    const [m] = await mail.mailsTo(state.email);
    assert.ok(m, "no verification mail");
    const link = /(http\S+\/verify-email\?token=[0-9A-Za-z]+)/.exec(m.body)[1];
    await page.goto(link);
    await page.getByText("Your email is verified").waitFor();
    await checkA11y(page, "verify-email");
    await shot(page, "00b-email-verified");
    // The founder also runs this server: the admin page is theirs.
    vega.cli("user", "set-admin", "--email", state.email);
    await page.getByRole("link", { name: "Continue" }).click();
    await page.waitForURL(/\/signin/);
  });

  test("sign in with the labelled email and password fields", async () => {
    assert.equal(await page.getByLabel("Email").getAttribute("type"), "email");
    assert.equal(await page.getByLabel("Password").getAttribute("type"), "password");
    await checkA11y(page, "signin");
    await page.getByLabel("Email").fill(state.email);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText("Incorrect email or password.").waitFor();
    await shot(page, "01-signin-error");
    await signIn(page, vega.base, state.email, state.password);
    await page.getByText("No projects yet").waitFor();
    assert.equal(await page.locator(".banner").count(), 0); // verified: no banner
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
    state.scan = page.url().split("/").pop();
    await page.getByRole("heading", { name: "What lowers the score" }).waitFor({ timeout: 30000 });
    await page.getByRole("heading", { name: "Findings by severity" }).waitFor();
    await page.locator(".finding-list li").first().waitFor();
    const score = await page.locator(".score-lg").getAttribute("aria-label");
    assert.match(score, /Launch readiness \d/);
    await page.locator(".tier").first().waitFor();
    await checkA11y(page, "scan");
    await shot(page, "06-scan-results");
  });

  test("buy an audit: approve on the provider's page, the audit completes, download the PDF", async () => {
    // The scan's audit options, with prices.
    const tier = page.locator(".tier", { has: page.getByRole("heading", { name: "Founder Shield" }) });
    await tier.scrollIntoViewIfNeeded();
    assert.match(await tier.locator(".price").textContent(), /^\$[\d,]+\.\d\d$/);
    await shot(page, "20-audit-options", { full: false });
    // Buying sends the browser to the provider's approval page.
    await tier.getByRole("button", { name: "Buy Founder Shield" }).click();
    await page.waitForURL((u) => u.origin === paypal.url && u.pathname === "/checkoutnow");
    await page.locator("#approve").waitFor();
    await shot(page, "21-audit-provider-approval");
    await page.locator("#approve").click();
    // Back on the dashboard (a full page load: the session comes back from its cookie), the
    // payment is captured once and the audit runs to completed.
    await page.waitForURL((u) => u.origin === vega.base && /^\/audits\/[0-9a-f-]{36}$/.test(u.pathname));
    state.audit = new URL(page.url()).pathname.split("/").pop();
    await page.getByRole("heading", { name: /audit$/i, level: 1 }).waitFor();
    await page.locator(".report, .state").first().waitFor();
    await shot(page, "22-audit-after-approval", { full: false });
    const pdfLink = page.getByRole("link", { name: "Download PDF" });
    await pdfLink.waitFor({ timeout: 120000 });
    await page.getByText("Completed").first().waitFor();
    assert.doesNotMatch(page.url(), /payment=|token=/); // the return parameters are dropped
    const st = await paypal.stats();
    assert.equal(st.approved, 1, JSON.stringify(st));
    assert.equal(st.charges, 1, JSON.stringify(st)); // charged once
    await page.locator(".report .markdown h2").first().waitFor();
    await checkA11y(page, "audit-report");
    await shot(page, "23-audit-report", { full: false }); // the report is pages long
    // The PDF downloads as a file.
    const [download] = await Promise.all([page.waitForEvent("download"), pdfLink.click()]);
    assert.match(download.suggestedFilename(), /\.pdf$/);
    const file = await download.path();
    assert.ok(statSync(file).size > 10000, `PDF of ${statSync(file).size} bytes`);
    assert.equal(readFileSync(file).subarray(0, 5).toString("latin1"), "%PDF-");
    const r = await fetch(download.url());
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("content-type"), "application/pdf");
    assert.equal(Number(r.headers.get("content-length")), statSync(file).size);
    // The audits list shows it.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audits" }).click();
    await page.locator("table tbody tr", { hasText: "Founder Shield" }).first().waitFor();
    await checkA11y(page, "audits");
    await shot(page, "24-audits");
  });

  test("triage a finding as a false positive with a reason", async () => {
    await go(page, `/repositories/${state.repo}`);
    await page.locator("table.findings tbody tr").first().waitFor();
    await checkA11y(page, "repository-findings");
    await shot(page, "07-repository-findings", { full: false });
    await page.getByLabel("Severity").selectOption("critical");
    await page.waitForURL(/severity=critical/);
    await page.locator("table.findings tbody tr").first().waitFor();
    state.triaged = (await page.locator("table.findings tbody tr a").first().textContent()).trim();
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
    // The finding left the open list; it is listed under false positives.
    await page.getByLabel("Status").selectOption("false_positive");
    await page.locator("table.findings tbody tr", { hasText: state.triaged }).first().waitFor();
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
    // A reload keeps the session: the refresh token is in an HttpOnly cookie, out of reach
    // of the page's scripts.
    assert.equal(await page.evaluate(() => document.cookie.includes("vega_refresh")), false);
    await page.reload();
    await page.getByRole("heading", { name: "Score trend" }).waitFor();
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
    // The key works until it is revoked; through it, the triage above is in the store with
    // its reason.
    const fp = await fetch(`${vega.base}/v1/repositories/${state.repo}/findings?status=false_positive`, { headers: { "X-API-Key": key } });
    assert.equal(fp.status, 200);
    const items = (await fp.json()).items;
    assert.equal(items.length, 1);
    assert.equal(items[0].title, state.triaged);
    assert.equal(items[0].status_reason, "Test fixture key, never deployed");
    await page.getByRole("button", { name: "Revoke GitHub Actions" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await page.getByText(/Revoked/).first().waitFor();
    await page.getByText("API key revoked").first().waitFor();
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
    assert.equal(await page.evaluate(() => document.cookie.includes("vega_csrf")), false);
    await shot(page, "18-signed-out");
  });

  test("no page logged a CSP violation or a script error", () => {
    assert.deepEqual(page.problems, []);
  });

  test("axe-core: no serious or critical violation on any page", () => {
    const bad = Object.entries(A11Y).filter(([, v]) => v.length > 0);
    assert.deepEqual(bad, [], JSON.stringify(bad, null, 1));
    assert.ok(Object.keys(A11Y).length >= 15);
  });
});
