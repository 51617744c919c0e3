// docs.ts - starts Swagger UI on /docs (swagger-ui-bundle.js is loaded by docs.html before
// this file; no inline script, so the page keeps a strict CSP). The document's `servers`
// is replaced by this page's own origin, so "Try it out" calls the server the page came from.
import "./docs.css";

declare const SwaggerUIBundle: ((opts: Record<string, unknown>) => unknown) & {
  presets: { apis: unknown };
};

async function start(): Promise<void> {
  const root = document.getElementById("swagger-ui")!;
  try {
    const r = await fetch("/v1/openapi.json", { headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(`GET /v1/openapi.json answered ${r.status}`);
    const spec = await r.json();
    spec.servers = [{ url: location.origin, description: "This server" }];
    SwaggerUIBundle({
      spec,
      domNode: root,
      presets: [SwaggerUIBundle.presets.apis],
      deepLinking: true,
      tryItOutEnabled: false,
      persistAuthorization: false,
      displayRequestDuration: true,
      defaultModelsExpandDepth: 0,
      docExpansion: "list",
      filter: true,
    });
  } catch (e) {
    root.textContent = `The API reference could not load: ${(e as Error).message}`;
  }
}

void start();
