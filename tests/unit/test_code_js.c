/*
 * test_code_js.c - JavaScript/TypeScript flows of the taint pass (src/code/taint.c) through
 * the embedded rule pack: keys held in class fields and jose's builder, the rest of node:fs
 * as path sinks, request members destructured in a handler, hook callbacks whose `request`
 * is not a client's, redirects to a lone "/" joined to request data. The shared fixtures
 * are codelib.h's (engine setup, scan_with, count, find).
 * Run from the repository root (make test-unit does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "testlib.h"
#include "codelib.h"
#include <sodium.h>

#include "scan/engine.h"
#include "util/xalloc.h"

/* Members destructured out of the request in a handler are request data (the whole
 * container answered with res.send is JSON); a destructured client request is not. */
static void test_req_destructured(void **state)
{
    (void)state;
    static const unsigned want[] = {3, 4, 5};
    expect_lines_in(eng, "routes/d.js",
                    "app.get('/d', (req, res) => {\n"
                    "  const { params, query: { q }, body } = req;\n"
                    "  res.send(params.id);\n"
                    "  res.send('<b>' + q + '</b>');\n"
                    "  require('child_process').exec(body.cmd);\n"
                    "  res.send(params);\n"
                    "});\n"
                    "function f(x) {\n"
                    "  const { query } = req.client;\n"
                    "  const request = new Request(x);\n"
                    "  const { url } = request;\n"
                    "  return fetch(url + query);\n"
                    "}\n",
                    want, 3);
}

/* A redirect to a lone "/" joined to request data goes to another host ("/" + "/evil"
 * is "//evil"); "/u/" + data stays on this one. */
static void test_redirect_bare_slash(void **state)
{
    (void)state;
    static const unsigned want[] = {2, 3, 4};
    expect_lines_in(eng, "routes/go.js",
                    "app.get('/go/:u', (req, res) => {\n"
                    "  res.redirect('/' + req.params.u);\n"
                    "  res.redirect(`/${req.query.to}`);\n"
                    "  res.redirect('/' + ('/x' + req.query.to));\n"
                    "  res.redirect('/u/' + req.params.u);\n"
                    "  res.redirect(`/u/${req.query.to}`);\n"
                    "});\n",
                    want, 3);
}

/* A key held in a class: a field declared with a string (JS or TypeScript) or set to one
 * in the constructor, read through this.x in a method, is reported at the call; a field
 * the class also sets from something else (a parameter, an option) is not. */
static void test_key_class_field(void **state)
{
    (void)state;
    const char *src = "const jwt = require('jsonwebtoken');\n"
                      "const crypto = require('crypto');\n"
                      "class Auth {\n"
                      "  secret = 'cl4ss-f1eld-k3y';\n"
                      "  constructor() {\n"
                      "    this.mac = 'ctor-hm4c-k3y';\n"
                      "  }\n"
                      "  sign(u) { return jwt.sign({ id: u }, this.secret); }\n"
                      "  tag(d) { return crypto.createHmac('sha256', this.mac).update(d); }\n"
                      "}\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "lib/auth.js", src, &res);
    assert_int_equal(count(&res, "js-hardcoded-key-in-variable"), 2);
    const struct scan_finding *f = find(&res, "js-hardcoded-key-in-variable");
    assert_non_null(f);
    assert_int_equal(f->line_start, 4);
    assert_int_equal(f->line_end, 8);
    scan_result_release(&res);

    const char *ts = "import * as jwt from 'jsonwebtoken';\n"
                     "export class Tokens {\n"
                     "  private readonly key: string = 'ts-f1eld-k3y';\n"
                     "  private other = 'ts-0ther-k3y';\n"
                     "  setOther(k: string) { this.other = k; }\n"
                     "  a(u: string) { return jwt.sign({ u }, this.key); }\n"
                     "  b(u: string) { return jwt.sign({ u }, this.other); }\n"
                     "  c(u: string) { return jwt.sign({ u }, this.missing); }\n"
                     "}\n";
    struct scan_result r2 = SCAN_RESULT_INIT;
    scan_with(eng, "src/tokens.ts", ts, &r2);
    assert_int_equal(count(&r2, "js-hardcoded-key-in-variable"), 1);
    f = find(&r2, "js-hardcoded-key-in-variable");
    assert_non_null(f);
    assert_int_equal(f->line_end, 6);
    scan_result_release(&r2);

    /* jose's builder: new SignJWT(...)...sign(key), the key a string or its TextEncoder
     * bytes; a key from the environment is not reported */
    const char *jose = "import { SignJWT } from 'jose';\n"
                       "const s = 'j0se-str-k3y';\n"
                       "const k = new TextEncoder().encode('j0se-bytes-k3y');\n"
                       "const e = new TextEncoder().encode(process.env.K);\n"
                       "const a = await new SignJWT({}).setIssuedAt().sign(s);\n"
                       "const b = await (new SignJWT({})).sign(k);\n"
                       "const c = await new SignJWT({}).sign(e);\n";
    struct scan_result r3 = SCAN_RESULT_INIT;
    scan_with(eng, "src/jwt.mjs", jose, &r3);
    assert_int_equal(count(&r3, "js-hardcoded-key-in-variable"), 2);
    scan_result_release(&r3);
}

/* The rest of node:fs takes a path too: stat/exists probe it, symlink/link/cp name two. */
static void test_path_fs_probe_and_link(void **state)
{
    (void)state;
    static const unsigned want[] = {4, 5, 6, 7};
    expect_lines_in(eng, "routes/files.js",
                    "const fs = require('fs');\n"
                    "app.get('/f', (req, res) => {\n"
                    "  const n = req.query.n;\n"
                    "  fs.statSync(n);\n"
                    "  fs.symlink('/srv/a', req.body.to, done);\n"
                    "  fs.promises.access(n);\n"
                    "  fs.cpSync('/srv/tpl', n);\n"
                    "  fs.statSync(__dirname);\n"
                    "  res.end();\n"
                    "});\n",
                    want, 4);
    /* a resolver hook's (request, resolveContext, callback): request.path names a module;
     * fastify's (request, reply) and a Worker's (request, env) are requests */
    static const unsigned want2[] = {5, 6, 7};
    expect_lines_in(eng, "lib/plugins.js",
                    "const fs = require('fs');\n"
                    "hook.tapAsync('P', (request, resolveContext, callback) => {\n"
                    "  fs.stat(request.path, callback);\n"
                    "});\n"
                    "app.get('/f', (request, reply) => fs.readFile(request.query.f, cb));\n"
                    "export default { fetch(request, env) { fs.readFileSync(request.url); } };\n"
                    "const h = (request, responseToolkit) => fs.rmSync(request.query.d);\n",
                    want2, 3);
}

/* The text of a <style> element (a node named for a style, a value named as CSS) is a
 * stylesheet: not reported, unless request data is written there; a node that only holds
 * the letters (lifestyleCard) or other values are. */
static void test_style_element_text(void **state)
{
    (void)state;
    static const unsigned want[] = {5, 6, 7};
    expect_lines_in(eng, "src/ui/theme.js",
                    "export function apply(css, html, bio) {\n"
                    "  styleNode.innerHTML = css;\n"
                    "  existStyleEl.innerHTML = rules;\n"
                    "  el.innerHTML = this.cssText;\n"
                    "  lifestyleCard.innerHTML = bio;\n"
                    "  panel.innerHTML = html;\n"
                    "  styleNode.innerHTML = location.hash.slice(1);\n"
                    "}\n",
                    want, 3);
}

/* vm.runInContext('safeEval(x)', sandbox): request data in the context is run when the
 * constant code evaluates that member (a literal context, vm.createContext({...}) or a
 * variable holding one); a member the code does not name, or code that evaluates nothing,
 * is not reported. */
static void test_vm_sandbox_member_evaluated(void **state)
{
    (void)state;
    static const unsigned want[] = {5, 7, 9};
    expect_lines_in(eng, "routes/calc.js",
                    "const vm = require('vm');\n"
                    "app.post('/calc', (req, res) => {\n"
                    "  const input = req.body.expr;\n"
                    "  const sandbox = { x: input, safeEval: (s) => s };\n"
                    "  vm.runInContext('safeEval(x)', sandbox);\n"
                    "  const ctx = vm.createContext({ y: req.query.y });\n"
                    "  vm.runInContext('eval(y)', ctx);\n"
                    "  vm.runInContext('safeEval(other)', sandbox);\n"
                    "  vm.runInNewContext('eval(input)', { input });\n"
                    "  vm.runInNewContext('x + 1', { x: input });\n"
                    "  res.end();\n"
                    "});\n",
                    want, 3);
}

/* import(request data) loads a module the client names; Liquid templates parsed from the
 * request and XMLHttpRequest.open to a URL from it are sinks too. */
static void test_import_liquid_xhr(void **state)
{
    (void)state;
    static const unsigned want[] = {5, 6, 8};
    expect_lines_in(eng, "routes/load.js",
                    "import { Liquid } from 'liquidjs';\n"
                    "const engine = new Liquid();\n"
                    "const xhr = new XMLHttpRequest();\n"
                    "app.get('/load', async (req, res) => {\n"
                    "  await import(req.query.module);\n"
                    "  engine.parse(req.body.template);\n"
                    "  engine.parse('{{ name }}');\n"
                    "  xhr.open('GET', req.query.url);\n"
                    "  xhr.open('GET', '/api/items');\n"
                    "  await import('./plugins/' + 'a.js');\n"
                    "  res.end();\n"
                    "});\n",
                    want, 3);
}

/* Arguments quoted for the shell by shescape (an instance or the v1 module object) or
 * shell-escape are not injected; the unquoted request value is. */
static void test_shell_quoters(void **state)
{
    (void)state;
    static const unsigned want[] = {10};
    expect_lines_in(eng, "routes/ls.js",
                    "const { exec } = require('child_process');\n"
                    "const { Shescape } = require('shescape');\n"
                    "const shescape = new Shescape({ shell: true });\n"
                    "const shellEscape = require('shell-escape');\n"
                    "app.get('/ls', (req, res) => {\n"
                    "  exec(`ls ${shescape.quote(req.query.dir)}`);\n"
                    "  const all = shescape.quoteAll([req.query.a, req.query.b]);\n"
                    "  exec('ls ' + all.join(' '));\n"
                    "  exec('ls ' + shellEscape([req.query.dir]));\n"
                    "  exec('ls ' + req.query.dir);\n"
                    "});\n",
                    want, 1);
}

/* A function that hands its parameter to a shell whole runs its caller's command line: not
 * reported there, but a caller in the file that builds the line (line 9's exec, through
 * tag) is, and request data reaching it is (line 5). A test case running what it made
 * itself is not reported; request data is. */
static void test_cmd_passthrough_and_tests(void **state)
{
    (void)state;
    static const unsigned want[] = {5, 9};
    expect_lines_in(eng, "lib/run.js",
                    "const { exec, execSync, spawn } = require('child_process');\n"
                    "export function run(cmd, opts) {\n"
                    "  return spawn(cmd, [], { shell: true, ...opts });\n"
                    "}\n"
                    "function viaRun(line) { return exec(line); }\n"
                    "app.get('/x', (req, res) => viaRun(req.query.c));\n"
                    "export function start(line) { run(line); }\n"
                    "function sh(c) {\n"
                    "  return execSync(c);\n"
                    "}\n"
                    "export function tag(version) { sh('git tag v' + version); }\n",
                    want, 2);
    static const unsigned want2[] = {4, 7};
    expect_lines_in(
        eng, "lib/clone.js",
        "const { execSync } = require('child_process');\n"
        "describe('clone', () => {\n"
        "  it('clones', () => { execSync(`git clone ${makeDir()} .`); });\n"
        "  it('serves', () => app.get('/c', (req, res) => execSync('ls ' + req.query.d)));\n"
        "});\n"
        "function helper(dir) {\n"
        "  execSync(`git add ${dir}`);\n"
        "}\n",
        want2, 2);
}

/* DynamoDB: parameters taken whole from the request, or an expression built from it, are
 * reported; request values passed in ExpressionAttributeValues are not. */
static void test_dynamodb_query(void **state)
{
    (void)state;
    static const unsigned want[] = {5, 9, 13};
    expect_lines_in(eng, "handlers/books.js",
                    "const { DynamoDBClient, QueryCommand, ScanCommand } = require('@aws-sdk/client-dynamodb');\n"
                    "const client = new DynamoDBClient({});\n"
                    "exports.handler = async (event, context) => {\n"
                    "  const params = JSON.parse(event.body);\n"
                    "  await client.send(new QueryCommand(params));\n"
                    "  const p2 = { TableName: 'b', FilterExpression: 'a = ' + event.queryStringParameters.a };\n"
                    "  const p3 = { TableName: 'b', KeyConditionExpression: 'pk = :id',\n"
                    "               ExpressionAttributeValues: { ':id': { S: event.pathParameters.id } } };\n"
                    "  await client.send(new ScanCommand(p2));\n"
                    "  await client.send(new QueryCommand(p3));\n"
                    "  await client.send(new QueryCommand({ TableName: 'b' }));\n"
                    "  const items = [1, 2].map((x) => x).filter(Boolean);\n"
                    "  return docClient.query(event.body.params).promise();\n"
                    "};\n",
                    want, 3);
}

/* An allowed origin taken from the request in writeHead's header object is reported as in
 * res.set(name, value); the request's own Origin header echoed back is not. */
static void test_write_head_allow_origin(void **state)
{
    (void)state;
    static const unsigned want[] = {2};
    expect_lines_in(eng, "routes/cors.js",
                    "app.get('/c', (req, res) => {\n"
                    "  res.writeHead(200, { 'Access-Control-Allow-Origin': req.query.origin });\n"
                    "  res.writeHead(200, { 'Access-Control-Allow-Origin': req.headers.origin });\n"
                    "  res.writeHead(200, { 'Access-Control-Allow-Origin': 'https://a.example.org' });\n"
                    "  res.end();\n"
                    "});\n",
                    want, 1);
}

/* `m.k = v` replaces element 'k as `m['k'] = v` does: a constant stored over request data
 * clears it, unless the store is conditional. */
static void test_member_store_replaces_element(void **state)
{
    (void)state;
    static const unsigned want[] = {4, 8, 10};
    expect_lines_in(eng, "routes/m.js",
                    "app.get('/a', (req, res) => {\n"
                    "  const m = { a: 'x' };\n"
                    "  m['a'] = req.query.q;\n"
                    "  res.send('<b>' + m['a'] + '</b>');\n"
                    "  m.a = 'safe';\n"
                    "  res.send('<b>' + m['a'] + '</b>');\n"
                    "  m.b = req.query.q;\n"
                    "  res.send('<b>' + m['b'] + '</b>');\n"
                    "  if (req.query.z) { m.b = 'safe'; }\n"
                    "  res.send('<b>' + m['b'] + '</b>');\n"
                    "});\n",
                    want, 3);
}

/* A password written to the console or a logger; a message about passwords, a masked
 * field and the password's length are not. */
static void test_password_logged(void **state)
{
    (void)state;
    struct scan_result r = SCAN_RESULT_INIT;
    scan_with(eng, "routes/auth.js",
              "app.post('/login', (req, res) => {\n"
              "  console.log('login', req.body.user, req.body.password);\n"
              "  logger.info({ user: req.body.user, password: req.body.password });\n"
              "  console.log('invalid password for', req.body.user);\n"
              "  logger.info({ user: req.body.user, password: '***' });\n"
              "  console.log('password length', req.body.password.length);\n"
              "});\n",
              &r);
    assert_int_equal(count(&r, "js-password-logged"), 2);
    scan_result_release(&r);
}

/* An icon's markup: an <svg> node, or a value named as an SVG or an icon, is a UI kit's
 * drawing; a node that only holds the letters (silicon) and request data are reported. */
static void test_icon_markup(void **state)
{
    (void)state;
    static const unsigned want[] = {5, 6};
    expect_lines_in(eng, "src/ui/panel.js",
                    "export function draw(svgPath, tab, bio) {\n"
                    "  svg.innerHTML = svgPath;\n"
                    "  button.innerHTML = tab.icon;\n"
                    "  closeBtn.innerHTML = CLOSE_SVG;\n"
                    "  silicon.innerHTML = bio;\n"
                    "  svg.innerHTML = location.hash.slice(1);\n"
                    "}\n",
                    want, 2);
}

/* A sanitiser's inert document (DOMParser.parseFromString, createHTMLDocument) and a
 * table of UI strings (lang[1]) are not live markup; the live document is. */
static void test_inert_document_and_ui_strings(void **state)
{
    (void)state;
    static const unsigned want[] = {8, 10};
    expect_lines_in(eng, "src/purify.js",
                    "export function clean(dirty, lang, opts) {\n"
                    "  let doc = new DOMParser().parseFromString(dirty, 'text/html');\n"
                    "  if (!doc) {\n"
                    "    doc = document.implementation.createHTMLDocument('');\n"
                    "    doc.body.innerHTML = dirty;\n"
                    "  }\n"
                    "  closeButton.innerHTML = lang[1];\n"
                    "  document.body.innerHTML = dirty;\n"
                    "  const page = window.open('');\n"
                    "  page.document.body.innerHTML = opts[1];\n"
                    "}\n",
                    want, 2);
}

/* Does rule have a finding whose lines cover `line`? */
static bool covers_line(const struct scan_result *r, const char *rule, unsigned line)
{
    for (size_t i = 0; i < r->n_findings; i++) {
        const struct scan_finding *f = &r->findings[i];
        if (strcmp(f->rule_id, rule) == 0 && f->line_start <= line && line <= f->line_end)
            return true;
    }
    return false;
}

/* A weak random value appended to a secret's name, or returned by a function named for a
 * secret (the name ends with the part): one finding where the value is made; a function
 * whose name only starts with such a part (tokenColor) and an id generator are not. */
static void test_random_token_return(void **state)
{
    (void)state;
    struct scan_result r = SCAN_RESULT_INIT;
    scan_with(eng, "lib/tokens.js",
              "function generateToken() {\n"
              "  let token = '';\n"
              "  for (let i = 0; i < 8; i++) token += Math.floor(Math.random() * 16).toString(16);\n"
              "  return token;\n"
              "}\n"
              "function makeResetToken() { return Math.random().toString(36).slice(2); }\n"
              "const newSessionId = () => Math.random().toString(36).slice(2);\n"
              "function tokenColor() { let c = '#'; c += Math.floor(Math.random() * 9); return c; }\n"
              "function generateId() { return Math.random().toString(36).slice(2); }\n",
              &r);
    assert_int_equal(count(&r, "js-insecure-random-token"), 3);
    assert_true(covers_line(&r, "js-insecure-random-token", 3));
    assert_true(covers_line(&r, "js-insecure-random-token", 6));
    assert_true(covers_line(&r, "js-insecure-random-token", 7));
    scan_result_release(&r);
}

/* crypto-js: a key or passphrase in place or in a constant is a hard-coded key; one from
 * the environment is not. */
static void test_cryptojs_key(void **state)
{
    (void)state;
    struct scan_result r = SCAN_RESULT_INIT;
    scan_with(eng, "src/vault.js",
              "const CryptoJS = require('crypto-js');\n"
              "const k = 'v4ult-k3y-str1ng';\n"
              "const a = CryptoJS.AES.encrypt(note, k).toString();\n"
              "const b = CryptoJS.AES.decrypt(a, 'an0ther-k3y').toString();\n"
              "const c = CryptoJS.AES.encrypt(note, process.env.VAULT_KEY).toString();\n",
              &r);
    assert_int_equal(count(&r, "js-hardcoded-key-in-variable"), 2);
    assert_true(covers_line(&r, "js-hardcoded-key-in-variable", 4));
    scan_result_release(&r);
}

/* A flow in an example (a context path) is one level less sure and at most medium, as
 * the engine rates every finding there; the same flow in the app keeps its rating. */
static void test_context_path_rating(void **state)
{
    (void)state;
    const char *src = "app.get('/f', (req, res) => {\n"
                      "  res.sendFile(req.query.name);\n"
                      "});\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "src/server.js", src, &res);
    const struct scan_finding *f = find(&res, "js-path-traversal-request-data");
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_HIGH);
    assert_int_equal(f->confidence, CONF_HIGH);
    scan_result_release(&res);
    scan_with(eng, "examples/server.js", src, &res);
    f = find(&res, "js-path-traversal-request-data");
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_MEDIUM);
    assert_int_equal(f->confidence, CONF_MEDIUM);
    assert_non_null(strstr(f->description, "Rated medium at most"));
    scan_result_release(&res);
}

/* The page's own address (location.href, document.URL, a prefix of it) is request data
 * but a fixed destination: reloading or linking to it is no redirect and no DOM URL sink;
 * a piece taken out of it (.hash, .split('#')[1], a query parameter) is the attacker's.
 * `url || location.href` is the weaker of the two (a parameter: no request finding). A
 * replace() that edits only the query or fragment keeps the address; one that cuts its
 * start off (/^.*next=/) takes a piece. */
static void test_dom_self_address(void **state)
{
    (void)state;
    static const unsigned want[] = {6, 7, 9, 10, 11, 15};
    expect_lines_in(eng, "public/js/nav.js",
                    "function f(a, s, frame, url) {\n"
                    "  window.location.href = window.location.href;\n"
                    "  location.replace(location.href.split('#')[0]);\n"
                    "  a.href = document.URL + '#top';\n"
                    "  frame.src = document.location.href.replace(/^http:/, 'https:');\n"
                    "  top.location.href = new URL(location.href).searchParams.get('to');\n"
                    "  s.src = location.href.split('#')[1];\n"
                    "  const u = document.documentURI;\n"
                    "  a.setAttribute('href', u.slice(u.indexOf('=') + 1));\n"
                    "  parent.location = getParam(location.href, 'next');\n"
                    "  a.href = location.hash.slice(1);\n"
                    "  a.href = '#' + location.hash.slice(1);\n"
                    "  a.href = (url || location.href) + '';\n"
                    "  location.href = location.href.replace(/([?&]?)mode=embed&?/g, '$1');\n"
                    "  location.href = location.href.replace(/^.*next=/, '');\n"
                    "}\n",
                    want, 6);
}

/* The confidence of the finding of `rule` at `line`, or -1 when none is there. */
static int conf_at(const struct scan_result *r, const char *rule, unsigned line)
{
    for (size_t i = 0; i < r->n_findings; i++) {
        const struct scan_finding *f = &r->findings[i];
        if (strcmp(f->rule_id, rule) == 0 && f->line_start == line)
            return (int)f->confidence;
    }
    return -1;
}

/* A server request's whole address, Host or Referer (req.url, req.path, req.headers.host,
 * req.get('Referrer')), what a static-file server or middleware reads on every request, is
 * reported at medium
 * confidence; a piece taken out of it (searchParams.get, .query) or a named member
 * (req.query.f) is an application's input, at high; mixed, the stronger wins. */
static void test_whole_address_confidence(void **state)
{
    (void)state;
    const char *src = "app.get('/a', (req, res) => {\n"
                      "  res.sendFile(path.join(root, req.path));\n"
                      "  res.sendFile(req.url.split('?')[0]);\n"
                      "  const { searchParams } = new URL(req.url, 'http://x');\n"
                      "  res.redirect(searchParams.get('next'));\n"
                      "  res.redirect(url.parse(req.url, true).query.to);\n"
                      "  res.sendFile(req.query.f);\n"
                      "  res.sendFile(req.path + req.query.f);\n"
                      "  res.redirect('https://' + req.headers.host + req.url);\n"
                      "  const { url } = req;\n"
                      "  res.sendFile(url);\n"
                      "  res.redirect(req.get('Referrer') || '/');\n"
                      "  user[req.params.provider] = undefined;\n"
                      "});\n"
                      "router.get('/k', async (ctx) => {\n"
                      "  ctx.redirect(`https://www.${ctx.headers.host}/`);\n"
                      "  ctx.redirect(ctx.query.next);\n"
                      "});\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "src/server.js", src, &res);
    const char *pt = "js-path-traversal-request-data", *rd = "js-open-redirect-request-data";
    assert_int_equal(conf_at(&res, pt, 2), CONF_MEDIUM);
    assert_int_equal(conf_at(&res, pt, 3), CONF_MEDIUM);
    assert_int_equal(conf_at(&res, rd, 5), CONF_HIGH);
    assert_int_equal(conf_at(&res, rd, 6), CONF_HIGH);
    assert_int_equal(conf_at(&res, pt, 7), CONF_HIGH);
    assert_int_equal(conf_at(&res, pt, 8), CONF_HIGH);
    assert_int_equal(conf_at(&res, rd, 9), CONF_MEDIUM);
    assert_int_equal(conf_at(&res, pt, 11), CONF_MEDIUM);
    assert_int_equal(conf_at(&res, rd, 12), CONF_MEDIUM);
    assert_int_equal(conf_at(&res, "js-prototype-pollution-request-data", 13), -1);
    assert_int_equal(conf_at(&res, rd, 16), CONF_MEDIUM);
    assert_int_equal(conf_at(&res, rd, 17), CONF_HIGH);
    const struct scan_finding *f = find(&res, pt);
    assert_non_null(f);
    assert_non_null(strstr(f->description, "a server library reads on every request"));
    scan_result_release(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_req_destructured),
        cmocka_unit_test(test_redirect_bare_slash),
        cmocka_unit_test(test_key_class_field),
        cmocka_unit_test(test_path_fs_probe_and_link),
        cmocka_unit_test(test_style_element_text),
        cmocka_unit_test(test_vm_sandbox_member_evaluated),
        cmocka_unit_test(test_import_liquid_xhr),
        cmocka_unit_test(test_password_logged),
        cmocka_unit_test(test_icon_markup),
        cmocka_unit_test(test_inert_document_and_ui_strings),
        cmocka_unit_test(test_shell_quoters),
        cmocka_unit_test(test_cmd_passthrough_and_tests),
        cmocka_unit_test(test_dynamodb_query),
        cmocka_unit_test(test_write_head_allow_origin),
        cmocka_unit_test(test_member_store_replaces_element),
        cmocka_unit_test(test_random_token_return),
        cmocka_unit_test(test_cryptojs_key),
        cmocka_unit_test(test_dom_self_address),
        cmocka_unit_test(test_context_path_rating),
        cmocka_unit_test(test_whole_address_confidence),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
