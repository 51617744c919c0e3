// build.mjs - builds the dashboard and the /docs page into OUTDIR and writes the C table
// that embeds them in the vega binary (src/web/assets.h).
//
//   node build.mjs OUTDIR GEN_C
//
// Every asset under OUTDIR/assets/ carries a content hash in its name (served immutable);
// index.html (the dashboard and its client routes) and docs.html (/docs) are not hashed and
// are revalidated by ETag. Each file is precompressed with gzip and brotli (node's zlib)
// when that makes it smaller. OUTDIR/manifest.json lists every file with its sizes (read by
// bench/web.py). Nothing here reaches the network: the inputs are web/src and node_modules.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const here = dirname(new URL(import.meta.url).pathname);
const outdir = resolve(process.argv[2] || join(here, "dist"));
const genC = process.argv[3] ? resolve(process.argv[3]) : null;

rmSync(outdir, { recursive: true, force: true });
mkdirSync(join(outdir, "assets"), { recursive: true });

const hashOf = (buf) => createHash("sha256").update(buf).digest("hex");

// The dashboard (one bundle: preact, the pages, uPlot, the CSS) and the /docs initialiser.
const result = await build({
  entryPoints: { app: join(here, "src/main.tsx"), docs: join(here, "src/docs.ts") },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  jsx: "automatic",
  jsxImportSource: "preact",
  outdir: join(outdir, "assets"),
  entryNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  loader: { ".svg": "file" },
  metafile: true,
  legalComments: "linked",
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
});

const outputs = {};
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) continue;
  const name = meta.entryPoint.includes("docs.ts") ? "docs" : "app";
  outputs[name] = { js: "/" + relative(outdir, resolve(file)), css: meta.cssBundle ? "/" + relative(outdir, resolve(meta.cssBundle)) : null };
}

// Swagger UI comes from swagger-ui-dist, copied under a hashed name.
function copyHashed(src, base, ext) {
  const buf = readFileSync(src);
  const name = `assets/${base}-${hashOf(buf).slice(0, 10).toUpperCase()}.${ext}`;
  copyFileSync(src, join(outdir, name));
  return "/" + name;
}
const swaggerDir = join(here, "node_modules/swagger-ui-dist");
const swaggerJs = copyHashed(join(swaggerDir, "swagger-ui-bundle.js"), "swagger-ui-bundle", "js");
const swaggerCss = copyHashed(join(swaggerDir, "swagger-ui.css"), "swagger-ui", "css");
const icon = copyHashed(join(here, "src/icon.svg"), "icon", "svg");

const head = (title, css) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
  `<meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<meta name="color-scheme" content="light dark">` +
  `<title>${title}</title><link rel="icon" href="${icon}" type="image/svg+xml">` +
  css.map((c) => `<link rel="stylesheet" href="${c}">`).join("") + `</head>`;

writeFileSync(
  join(outdir, "index.html"),
  head("Vega", [outputs.app.css].filter(Boolean)) +
    `<body><div id="app"><noscript>The Vega dashboard needs JavaScript.</noscript></div>` +
    `<script type="module" src="${outputs.app.js}"></script></body></html>`,
);
writeFileSync(
  join(outdir, "docs.html"),
  head("Vega API reference", [swaggerCss, outputs.docs.css].filter(Boolean)) +
    `<body><header class="vg-docs-bar"><a href="/">Vega</a><span>API reference</span>` +
    `<a href="/v1/openapi.json">openapi.json</a></header><main id="swagger-ui"></main>` +
    `<script src="${swaggerJs}"></script><script type="module" src="${outputs.docs.js}"></script>` +
    `</body></html>`,
);

// Every file that is served, with its URL path.
const TYPES = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  txt: "text/plain; charset=utf-8",
  png: "image/png",
};
const files = [
  { url: "/", file: "index.html" },
  { url: "/docs", file: "docs.html" },
];
for (const f of Object.keys(result.metafile.outputs)) {
  const rel = relative(outdir, resolve(f));
  if (rel.endsWith(".map")) continue;
  files.push({ url: "/" + rel, file: rel });
}
for (const u of [swaggerJs, swaggerCss, icon]) files.push({ url: u, file: u.slice(1) });

const manifest = [];
for (const f of files) {
  const raw = readFileSync(join(outdir, f.file));
  const ext = f.file.split(".").pop().split(".").pop();
  const type = TYPES[f.file.endsWith(".LEGAL.txt") ? "txt" : ext] || "application/octet-stream";
  const entry = { url: f.url, file: f.file, type, immutable: f.url.startsWith("/assets/"), etag: hashOf(raw).slice(0, 32), size: raw.length };
  const compressible = !type.startsWith("image/png");
  if (compressible) {
    const gz = gzipSync(raw, { level: 9 });
    const br = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    if (gz.length < raw.length) {
      writeFileSync(join(outdir, f.file + ".gz"), gz);
      entry.gz = gz.length;
    }
    if (br.length < raw.length) {
      writeFileSync(join(outdir, f.file + ".br"), br);
      entry.br = br.length;
    }
  }
  manifest.push(entry);
}
manifest.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
writeFileSync(
  join(outdir, "manifest.json"),
  JSON.stringify({ app: { ...outputs.app }, docs: { js: outputs.docs.js, swaggerJs, swaggerCss }, files: manifest }, null, 1),
);

// The C table: each variant is pulled in with .incbin (no multi-megabyte array literals to
// compile) and NUL-terminated.
if (genC) {
  const cstr = (s) => JSON.stringify(s); // ASCII paths and types only
  let asm = "";
  let table = "";
  let n = 0;
  const blob = (path) => {
    const sym = `web_asset_${n++}`;
    const abs = join(outdir, path).replace(/\\/g, "\\\\").replace(/"/g, '\\"');
    asm += `__asm__(".section .rodata\\n.balign 16\\n${sym}:\\n.incbin \\"${abs}\\"\\n.byte 0\\n.previous");\n`;
    asm += `extern const char ${sym}[];\n`;
    return sym;
  };
  for (const e of manifest) {
    const id = blob(e.file);
    const gz = e.gz ? blob(e.file + ".gz") : null;
    const br = e.br ? blob(e.file + ".br") : null;
    table +=
      `    {${cstr(e.url)}, ${cstr(e.type)}, "\\"${e.etag}\\"", ${e.immutable ? 1 : 0}, ` +
      `{{${id}, ${e.size}}, {${gz || "NULL"}, ${e.gz || 0}}, {${br || "NULL"}, ${e.br || 0}}}},\n`;
  }
  mkdirSync(dirname(genC), { recursive: true });
  writeFileSync(
    genC,
    `/* Generated by web/build.mjs. Do not edit. */\n#include <stddef.h>\n#include "web/assets.h"\n\n` +
      asm +
      `\nconst struct web_asset web_assets[] = {\n${table}};\n` +
      `const size_t web_assets_count = ${manifest.length};\n`,
  );
}
