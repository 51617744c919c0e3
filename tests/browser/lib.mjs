// lib.mjs - what the browser tests share: a real `vega serve` on a free loopback port with its
// own data dir, Debian's chromium driven by playwright-core, axe-core run in the page, and
// screenshots saved under $VEGA_TEST_ARTIFACTS (default build/test-artifacts/browser).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
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
    // (an unref'd timer: a pending one would keep node alive for its whole length)
    await Promise.race([done, new Promise((r) => setTimeout(r, 20000).unref())]);
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

// A screenshot of the whole page (full: false, the viewport only: for very long pages).
export async function shot(page, name, { full = true } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: full, animations: "disabled", caret: "hide" });
  return path;
}

// axe-core in the page (evaluated through the DevTools protocol, so the page's CSP stays
// strict): the serious and critical violations.
// axe-core is injected once per document (the app's pages change by client routing).
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
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

// A stand-in of tests/fakes/ started with args; it prints "PORT n" once it listens.
async function fake(script, args) {
  const proc = spawn("/usr/bin/python3", [join(ROOT, "tests/fakes", script), ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise((res, rej) => {
    let buf = "";
    proc.stdout.on("data", (d) => {
      buf += d;
      const m = /PORT (\d+)/.exec(buf);
      if (m) res(Number(m[1]));
    });
    proc.once("exit", (c) => rej(new Error(`${script} exited ${c}`)));
  });
  return { proc, port };
}

// tests/fakes/paypal_server.py: the PayPal Orders API and its buyer approval page; env holds
// the settings that point `vega serve` at it (as tests/api/test_audits.py does).
export async function paypalStandIn() {
  const id = "vega-browser-client", secret = "vega-browser-secret-0123";
  const { proc, port } = await fake("paypal_server.py", ["--client-id", id, "--client-secret", secret]);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    env: { VEGA_PAYPAL_CLIENT_ID: id, VEGA_PAYPAL_CLIENT_SECRET: secret, VEGA_PAYPAL_API_URL: url },
    async stats() {
      return (await fetch(url + "/_stats")).json();
    },
    stop() {
      proc.kill("SIGTERM");
    },
  };
}

// tests/fakes/smtp_sink.py on a free port: the account mail the server sends.
export async function smtpSink() {
  const dir = mkdtempSync(join(tmpdir(), "vega-mail-"));
  const { proc, port } = await fake("smtp_sink.py", [dir]);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    // The messages delivered to addr, waiting for at least n.
    async mailsTo(addr, n = 1, timeoutMs = 10000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const out = readdirSync(dir)
          .filter((f) => f.endsWith(".json"))
          .sort()
          .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")))
          .filter((m) => m.rcpt_to.includes(addr));
        if (out.length >= n || Date.now() > until) return out;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop() {
      proc.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
