// lib.mjs - what the browser tests share: a real `vega serve` on a free loopback port with its
// own data dir, Debian's chromium driven by playwright-core, axe-core run in the page, and
// screenshots saved under $VEGA_TEST_ARTIFACTS (default build/test-artifacts/browser).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { chromium } from "playwright-core";

const here = dirname(new URL(import.meta.url).pathname);
export const ROOT = resolve(here, "../..");
export const VEGA = process.env.VEGA_BIN || join(ROOT, "build/vega");
export const ARTIFACTS = process.env.VEGA_TEST_ARTIFACTS || join(ROOT, "build/test-artifacts/browser");
export const DEBUG_EMAIL = "debug@example.com";
export const DEBUG_PASSWORD = "vega-debug-password";
const AXE = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

export class Vega {
  async start(extraArgs = [], extraEnv = {}) {
    this.dir = mkdtempSync(join(tmpdir(), "vega-browser-"));
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.env = {
      ...process.env,
      VEGA_DATA_DIR: this.dir,
      VEGA_DATABASE_URL: `sqlite://${this.dir}/vega.db`,
      VEGA_SECRET: "browser-test-secret-0123456789",
      ...extraEnv,
    };
    // The compiled rule database, shared between runs (a cold compile takes seconds).
    if (process.env.VEGA_ENGINE_CACHE) {
      mkdirSync(process.env.VEGA_ENGINE_CACHE, { recursive: true });
      symlinkSync(process.env.VEGA_ENGINE_CACHE, join(this.dir, "cache"));
    }
    const log = openSync(join(this.dir, "server.log"), "a");
    this.proc = spawn(VEGA, ["serve", "--dev", "--listen", `127.0.0.1:${this.port}`, "--workers", "1", ...extraArgs], {
      env: this.env,
      stdio: ["ignore", log, log],
    });
    const until = Date.now() + 60000;
    while (Date.now() < until) {
      if (this.proc.exitCode !== null) throw new Error(`vega serve exited ${this.proc.exitCode}: ${this.log()}`);
      try {
        if ((await fetch(this.base + "/v1/healthz")).ok) return this;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("vega serve did not come up: " + this.log());
  }

  cli(...args) {
    const p = spawnSync(VEGA, args, { env: this.env, encoding: "utf8" });
    if (p.status !== 0) throw new Error(`vega ${args.join(" ")}: ${p.stderr}`);
    return p.stdout;
  }

  log() {
    try {
      return readFileSync(join(this.dir, "server.log"), "utf8").slice(-3000);
    } catch {
      return "";
    }
  }

  async stop() {
    if (!this.proc) return;
    const done = new Promise((r) => this.proc.once("exit", r));
    this.proc.kill("SIGTERM");
    await Promise.race([done, new Promise((r) => setTimeout(r, 20000))]);
    if (this.proc.exitCode === null) this.proc.kill("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// Debian's chromium: /usr/bin/chromium is a wrapper script; playwright wants the binary.
export async function launch() {
  const candidates = [process.env.VEGA_CHROMIUM, "/usr/lib/chromium/chromium", "/usr/bin/chromium"].filter(Boolean);
  const exe = candidates.find((c) => spawnSync("test", ["-x", c]).status === 0);
  return chromium.launch({ executablePath: exe, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

// A page that fails the test on any CSP violation, uncaught error or console error.
export async function newPage(browser, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, ...opts });
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource: the server responded with a status of (4\d\d)/.test(m.text())) page.problems.push(m.text());
  });
  page.on("pageerror", (e) => page.problems.push(String(e)));
  return page;
}

export async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// axe-core in the page (evaluated through the DevTools protocol, so the page's CSP stays
// strict): the serious and critical violations.
export async function axe(page) {
  await page.evaluate(AXE);
  const r = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const res = await axe.run(document, { resultTypes: ["violations"] });
    return res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  return r.filter((v) => v.impact === "serious" || v.impact === "critical");
}

export function zipDir(dir, out) {
  rmSync(out, { force: true });
  const p = spawnSync("zip", ["-qr", out, "."], { cwd: dir });
  if (p.status !== 0) throw new Error("zip failed: " + p.stderr);
  return out;
}

export async function signIn(page, base, email = DEBUG_EMAIL, password = DEBUG_PASSWORD) {
  await page.goto(base + "/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Projects", level: 1 }).waitFor();
}

// Navigate inside the app (the client router), as a click on a link would: the session lives
// in the page's memory, so a full reload would sign out.
export async function go(page, path) {
  await page.evaluate((p) => {
    history.pushState(null, "", p);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}
