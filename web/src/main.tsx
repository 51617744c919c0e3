// main.tsx - the dashboard's shell: the route table, the signed-in layout (navigation that
// collapses to a top bar on a phone) and the redirect to sign-in.
import "./styles.css";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { currentUser, onSession, signOut, signedIn } from "./api";
import { match, navigate, useLocation } from "./router";
import { SignIn } from "./pages/signin";
import { Projects } from "./pages/projects";
import { Project } from "./pages/project";
import { Repository } from "./pages/repository";
import { NewScan } from "./pages/newscan";
import { Scan } from "./pages/scan";
import { ApiKeys } from "./pages/apikeys";
import { Billing } from "./pages/billing";
import { Ops } from "./pages/ops";
import { NotFound } from "./pages/notfound";

type PageFn = (p: Record<string, string>) => preact.JSX.Element;
const ROUTES: [string, PageFn][] = [
  ["/", () => <Projects />],
  ["/projects/:id", (p) => <Project id={p.id} />],
  ["/repositories/:id", (p) => <Repository id={p.id} />],
  ["/scans/new", () => <NewScan />],
  ["/scans/:id", (p) => <Scan id={p.id} />],
  ["/settings/api-keys", () => <ApiKeys />],
  ["/billing", () => <Billing />],
  ["/admin", () => <Ops />],
];

const NAV: [string, string, (path: string) => boolean][] = [
  ["Projects", "/", (p) => p === "/" || p.startsWith("/projects") || p.startsWith("/repositories") || (p.startsWith("/scans/") && p !== "/scans/new")],
  ["New scan", "/scans/new", (p) => p === "/scans/new"],
  ["API keys", "/settings/api-keys", (p) => p.startsWith("/settings/api-keys")],
  ["Billing", "/billing", (p) => p === "/billing"],
];

function Shell({ path, children }: { path: string; children: preact.ComponentChildren }) {
  const me = currentUser();
  const nav = me?.is_admin ? [...NAV, ["Admin", "/admin", (p: string) => p === "/admin"] as (typeof NAV)[number]] : NAV;
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <aside class="side">
        <a href="/" class="brand">
          <span class="logo" aria-hidden="true">V</span>
          <span>Vega</span>
        </a>
        <nav aria-label="Main" class="nav">
          {nav.map(([t, href, active]) => (
            <a key={href} href={href} aria-current={active(path) ? "page" : undefined}>
              {t}
            </a>
          ))}
          <a href="/docs">API docs</a>
        </nav>
        <div class="who">
          <span class="who-email" title={me?.email}>
            {me?.email}
          </span>
          <button type="button" class="btn small ghost" onClick={() => signOut().finally(() => navigate("/signin"))}>
            Sign out
          </button>
        </div>
      </aside>
      <main id="main" class="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function App() {
  const { path } = useLocation();
  const [, setTick] = useState(0);
  useEffect(() => onSession(() => setTick((t) => t + 1)), []);
  useEffect(() => {
    if (!signedIn() && path !== "/signin") navigate(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`, true);
    if (signedIn() && path === "/signin") navigate("/", true);
  }, [path, signedIn()]);
  if (path === "/signin") return <SignIn />;
  if (!signedIn()) return null;
  for (const [pattern, page] of ROUTES) {
    const params = match(pattern, path);
    if (params) return <Shell path={path}>{page(params)}</Shell>;
  }
  return (
    <Shell path={path}>
      <NotFound />
    </Shell>
  );
}

render(<App />, document.getElementById("app")!);
