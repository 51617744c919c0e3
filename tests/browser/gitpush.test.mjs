// gitpush.test.mjs - the git push remote of the new-scan page against a real upload: the page
// makes a remote, its copy-able `git push` command is read from the page (and the clipboard)
// and run by git in a small repository with a planted key (temporary HOME), and the page goes
// from waiting to the scan's results. Then the same data at 375×800 in dark mode (a phone;
// the session carried over in its cookie, no second sign-in) and /docs with try-it.
// One server and one browser for the file.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Vega, axe, go, launch, newPage, shot, signIn } from "./lib.mjs";

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// A small repository whose config holds a Stripe live key (random, made now), committed by
// git with a temporary HOME and no system config.
function plantedRepository() {
  const home = mkdtempSync(join(tmpdir(), "vega-git-"));
  const repo = join(home, "shop-api");
  const key = "sk_live_" + Array.from({ length: 32 }, () => B62[randomInt(62)]).join("");
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_AUTHOR_NAME: "Ann Founder",
    GIT_AUTHOR_EMAIL: "ann@example.com",
    GIT_COMMITTER_NAME: "Ann Founder",
    GIT_COMMITTER_EMAIL: "ann@example.com",
  };
  const git = (...args) => {
    const p = spawnSync("git", args, { cwd: repo, env, encoding: "utf8" });
    if (p.status !== 0) throw new Error(`git ${args.join(" ")}: ${p.stderr}`);
    return p;
  };
  mkdirSync(join(repo, "src"), { recursive: true });
  git("init", "-q", "-b", "main");
  writeFileSync(join(repo, "README.md"), "# shop-api\n");
  writeFileSync(join(repo, "src/payments.js"), `const Stripe = require("stripe");\nconst stripe = Stripe("${key}");\nmodule.exports = stripe;\n`);
  git("add", ".");
  git("commit", "-q", "-m", "payments");
  return { home, repo, key, env };
}

describe("git push remote, a phone in dark mode, /docs", { concurrency: false }, () => {
  let vega, browser, page, repo;
  const state = {};

  before(async () => {
    repo = plantedRepository();
    vega = await new Vega().start();
    browser = await launch();
    page = await newPage(browser);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: vega.base });
  });

  after(async () => {
    await browser?.close();
    await vega?.stop();
    if (repo) rmSync(repo.home, { recursive: true, force: true });
  });

  test("push with the page's command and watch it become the scan's results", async () => {
    await signIn(page, vega.base);
    await page.getByRole("button", { name: "New project" }).click();
    await page.getByRole("dialog").getByLabel("Name").fill("Shop API");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByRole("heading", { name: "Shop API", level: 1 }).waitFor();
    state.project = page.url().split("/").pop();
    await page.getByRole("button", { name: "Add repository" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/git push/).check();
    await dialog.getByLabel(/^Name/).fill("shop-api");
    await dialog.getByRole("button", { name: "Add repository" }).click();
    await page.getByRole("heading", { name: "shop-api", level: 1 }).waitFor();
    state.repo = page.url().split("/").pop().split("?")[0];
    await page.getByRole("link", { name: "New scan" }).last().click();
    await page.getByRole("button", { name: "Create a push remote" }).click();
    const code = page.locator(".command code");
    await code.waitFor();
    await page.getByText("Waiting for the push").waitFor();
    const cmd = (await code.textContent()).trim();
    assert.match(cmd, /^git push "http:\/\/vega:vgp_[^"@]+@127\.0\.0\.1:\d+\/v1\/git\/[0-9a-f-]{36}" --all$/);
    // The copy button puts exactly the command on the clipboard.
    await page.getByRole("button", { name: "Copy command" }).click();
    await page.getByRole("button", { name: "Copied ✓" }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), cmd);
    await shot(page, "g1-git-push-waiting");
    // What a founder does with it: paste it in their repository's shell.
    const p = spawnSync("/bin/sh", ["-c", cmd], { cwd: repo.repo, env: repo.env, encoding: "utf8", timeout: 60000 });
    assert.equal(p.status, 0, p.stderr);
    // The page follows the upload to its scan and then shows the results.
    await page.waitForURL(/\/scans\/[0-9a-f-]{36}$/, { timeout: 120000 });
    state.scan = page.url().split("/").pop();
    await page.getByRole("heading", { name: "Findings by severity" }).waitFor();
    const stripe = page.locator(".finding-list li", { hasText: "Stripe live secret key" });
    await stripe.first().waitFor();
    assert.match(await stripe.first().textContent(), /src\/payments\.js:2/);
    // This server keeps no code after a scan (no --retain-uploads): no audit to buy, said
    // calmly rather than as an error to retry.
    await page.getByText("Vega no longer keeps this scan's code").waitFor();
    assert.equal(await page.locator(".alert.error").count(), 0);
    // The key is never shown in clear.
    assert.ok(!(await page.locator("body").innerText()).includes(repo.key));
    assert.deepEqual(await axe(page), []);
    await shot(page, "g2-git-push-results");
    // The same page in dark mode.
    await page.emulateMedia({ colorScheme: "dark" });
    await shot(page, "g3-scan-dark", { full: false });
    await go(page, `/repositories/${state.repo}`);
    await page.locator("table.findings tbody tr").first().waitFor();
    await shot(page, "g4-repository-dark");
    await page.emulateMedia({ colorScheme: "light" });
  });

  test("a phone, 375×800, dark: pages fit the width and stay usable", async () => {
    // The session travels in its HttpOnly refresh cookie: no second sign-in. The desktop page
    // is closed first (one refresh token, one holder).
    const storageState = await page.context().storageState();
    const problems = page.problems;
    await page.close();
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true, colorScheme: "dark", storageState });
    const phone = await context.newPage();
    phone.problems = problems;
    phone.on("pageerror", (e) => problems.push(String(e)));
    page = phone;
    const bad = {};
    for (const [name, path, ready] of [
      ["projects", "/", ".project-card"],
      ["project", `/projects/${state.project}`, ".risks li"],
      ["repository", `/repositories/${state.repo}`, "table.findings tbody tr"],
      ["scan", `/scans/${state.scan}`, ".finding-list li"],
      ["new-scan", `/scans/new?repository=${state.repo}`, "button"],
      ["api-keys", "/settings/api-keys", "form"],
      ["billing", "/billing", ".chart canvas"],
      ["audits", "/audits", "h1"],
    ]) {
      if (name === "projects") await page.goto(vega.base + path);
      else await go(page, path);
      await page.locator("h1").waitFor();
      await page.locator(ready).first().waitFor();
      // A mobile browser zooms out to show content wider than the screen (the layout
      // viewport grows): the page must keep the device width and nothing may stick out.
      const wide = await page.evaluate(() => {
        const out = [];
        for (const el of document.querySelectorAll("body *")) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || el.closest(".table-wrap, .tabs, nav, pre, .command")) continue;
          if (r.right > 375.5) out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.right)}`);
        }
        return { width: window.innerWidth, scroll: document.documentElement.scrollWidth, out: out.slice(0, 5) };
      });
      if (wide.width !== 375 || wide.scroll > 375 || wide.out.length) bad[name + "-width"] = wide;
      const v = await axe(page);
      if (v.length) bad[name] = v;
      await shot(page, "m-" + name, { full: name !== "scan" && name !== "repository" });
    }
    assert.deepEqual(bad, {}, JSON.stringify(bad, null, 1));
  });

  test("/docs is Swagger UI on this server and try-it works on the same origin", async () => {
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(vega.base + "/docs");
    await page.locator(".opblock-summary-path", { hasText: "/v1/healthz" }).first().click();
    await page.getByRole("button", { name: "Try it out" }).click();
    await page.getByRole("button", { name: "Execute" }).click();
    await page.locator(".response-col_status", { hasText: "200" }).first().waitFor();
    await page.locator(".microlight", { hasText: '"status": "ok"' }).first().waitFor();
    await shot(page, "17-docs", { full: false }); // every endpoint: very long
  });

  test("no page logged a CSP violation or a script error", () => {
    assert.deepEqual(page.problems, []);
  });
});
