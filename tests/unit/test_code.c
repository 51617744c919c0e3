/*
 * test_code.c - code checks on syntax trees (src/code/): the grammars' ABI, the taint pass
 * through the embedded rule pack (flows across lines and variables, one finding at the
 * sink with the source line, confidence by origin), the noise classes that trees remove
 * (comments, definitions named like sinks, safe ternary branches, constant arguments,
 * shell-less APIs), tree-sitter query rules with predicates (#qualname? through Python
 * imports), and rule validation.
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

#include "code/code.h"
#include "code/code_int.h"
#include "scan/engine.h"
#include "scan/engine_int.h" /* engine_pcre2_compile */
#include "scan/rules.h"
#include "util/xalloc.h"

static void test_grammar_abi(void **state)
{
    (void)state;
    char msg[160];
    assert_true(code_grammars_compatible(msg, sizeof msg));
    assert_non_null(strstr(msg, "ABI 14"));
}

/* A request value travels through destructuring, a template literal and a variable into
 * db.query: one finding, at the sink line, naming the source line, high confidence. */
static void test_js_flow_across_lines(void **state)
{
    (void)state;
    const char *src = "const db = require('./db');\n"
                      "router.get('/u', async (req, res) => {\n"
                      "  const { id } = req.query;\n"
                      "  const where = `id = '${id}'`;\n"
                      "  const sql = 'SELECT * FROM users WHERE ' + where;\n"
                      "  const rows = await db.query(sql);\n"
                      "  res.json(rows);\n"
                      "});\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "server/users.js", src, &res);
    assert_int_equal(count(&res, NULL), 1);
    const struct scan_finding *f = find(&res, "js-sql-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 5); /* from the SQL text it runs, built on line 5 */
    assert_int_equal(f->line_end, 6);
    assert_int_equal(f->confidence, CONF_HIGH);
    assert_non_null(strstr(f->description, "(line 3)"));
    assert_non_null(strstr(f->masked_evidence, "db.query(sql)"));
    scan_result_release(&res);
}

/* A finding's lines: a call spread over lines covers its start through its last argument
 * that is not a callback (a label on the tainted argument's line is inside it), never the
 * callback's body; a single-line sink is one line. */
static void test_finding_lines(void **state)
{
    (void)state;
    const char *src = "const cp = require('child_process');\n"
                      "app.get('/x', (req, res) => {\n"
                      "  cp.exec(\n"
                      "    'gzip ' + req.query.file_path,\n"
                      "    function (err, data) {\n"
                      "      res.send('done');\n"
                      "    });\n"
                      "  const rows = db.query('SELECT * FROM t WHERE id = ' + req.query.id);\n"
                      "});\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "server/x.js", src, &res);
    const struct scan_finding *f = find(&res, "js-child-process-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 3);
    assert_int_equal(f->line_end, 4);
    f = find(&res, "js-sql-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 8);
    assert_int_equal(f->line_end, 8);
    scan_result_release(&res);

    /* A setting inside the options of a call: from the call's first line to the setting's,
     * and a `vega:ignore` above the call covers it. */
    const char *opts = "const https = require('https');\n"
                       "https.request({\n"
                       "  host: 'example.com',\n"
                       "  rejectUnauthorized: false,\n"
                       "});\n";
    struct scan_result r2 = SCAN_RESULT_INIT;
    scan_with(eng, "server/client.js", opts, &r2);
    f = find(&r2, "js-tls-reject-unauthorized-false");
    assert_non_null(f);
    assert_int_equal(f->line_start, 2);
    assert_int_equal(f->line_end, 4);
    scan_result_release(&r2);
    char *ignored = xasprintf("const https = require('https');\n"
                              "// vega:ignore js-tls-reject-unauthorized-false\n%s",
                              opts + strlen("const https = require('https');\n"));
    struct scan_result r3 = SCAN_RESULT_INIT;
    scan_with(eng, "server/client.js", ignored, &r3);
    assert_null(find(&r3, "js-tls-reject-unauthorized-false"));
    scan_result_release(&r3);
    free(ignored);
}

/* Request data formatted into SQL text, a URL's host or HTML and kept (stored or returned)
 * is reported where the string is built; when the string is passed on to a call, the call
 * (its sink) reports it instead, once. What a user types does not count here. */
static void test_python_built_strings(void **state)
{
    (void)state;
    const char *src = "def view(request):\n"
                      "    q = \"SELECT * FROM t WHERE a = '%s'\" % request.GET['a']\n"
                      "    url = f\"https://{request.GET['h']}/x\"\n"
                      "    page = '<b>' + request.GET['n'] + '</b>'\n"
                      "    ok = 'https://api.example.com/%s' % request.GET['id']\n"
                      "    q2 = 'DELETE FROM t WHERE id = ' + request.GET['id']\n"
                      "    cursor.execute(q2)\n"
                      "    typed = 'SELECT * FROM t WHERE a = ' + input()\n"
                      "    return {'q': q, 'url': url, 'page': page, 'ok': ok, 't': typed}\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/views.py", src, &res);
    assert_int_equal(count(&res, "py-sql-request-data"), 2);
    assert_int_equal(find(&res, "py-sql-request-data")->line_start, 2);
    expect_one(&res, "py-ssrf-request-url", 3);
    expect_one(&res, "py-flask-reflected-request-data", 4);
    /* q2 built on line 6 and run on line 7: one finding, from where it is built */
    for (size_t i = 0; i < res.n_findings; i++) {
        assert_true(res.findings[i].line_start != 7 && res.findings[i].line_start != 8);
        if (res.findings[i].line_start == 6)
            assert_int_equal(res.findings[i].line_end, 7);
    }
    scan_result_release(&res);
}

/* Python request objects the pass did not know: an AWS Lambda handler's event, the request
 * of a class-based view under another name, http.server's self.path/self.headers, Pyramid's
 * request.params/matchdict; a `<int:uid>` route parameter is a number, not text. New sinks:
 * os.exec* and os.spawn* (the program, or a shell's -c command), asyncio's exec with `sh -c`,
 * interactive interpreters; the environment counts as the command line (low). */
static void test_python_request_objects(void **state)
{
    (void)state;
    const char *src = "import os, subprocess, asyncio, code\n"
                      "from rest_framework.views import APIView\n"
                      "import http.server\n"
                      "def handler(event, context):\n"
                      "    os.system('echo ' + event['body'])\n"
                      "def other(event, ctx, extra):\n"
                      "    os.system('echo ' + event['body'])\n"
                      "class V(APIView):\n"
                      "    def post(self, req, format=None):\n"
                      "        os.execvp(req.data['prog'], ['x'])\n"
                      "        os.spawnlp(os.P_WAIT, 'ls', 'ls', req.data['dir'])\n"
                      "class H(http.server.BaseHTTPRequestHandler):\n"
                      "    def do_GET(self):\n"
                      "        subprocess.run(['sh', '-c', self.path])\n"
                      "@view_config(route_name='x')\n"
                      "def pv(request):\n"
                      "    code.InteractiveConsole().runsource(request.params['src'])\n"
                      "@app.route('/u/<int:uid>')\n"
                      "def u(uid):\n"
                      "    return 'user %d' % uid\n"
                      "async def a(cmd):\n"
                      "    await asyncio.create_subprocess_exec('bash', '-c', cmd)\n"
                      "    await asyncio.create_subprocess_exec('ls', '-l')\n"
                      "def env():\n"
                      "    os.system('ls ' + os.environ['DIR'])\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/handlers.py", src, &res);
    assert_int_equal(count(&res, "py-command-injection-request-data"), 4);
    unsigned want[] = {5, 10, 14, 25};
    for (size_t i = 0; i < res.n_findings; i++) {
        const struct scan_finding *f = &res.findings[i];
        if (strcmp(f->rule_id, "py-command-injection-request-data") != 0)
            continue;
        bool ok = false;
        for (size_t k = 0; k < 4; k++)
            ok |= f->line_start == want[k];
        assert_true(ok);
        if (f->line_start == 25)
            assert_int_equal(f->confidence, CONF_LOW); /* the environment */
        else
            assert_int_equal(f->confidence, CONF_HIGH);
    }
    expect_one(&res, "py-eval-request-data", 17);
    assert_null(find(&res, "py-flask-reflected-request-data")); /* <int:uid> */
    /* the shell of line 22 runs a parameter: the dynamic rule, not the request one */
    const struct scan_finding *d = find(&res, "py-os-system-dynamic");
    assert_non_null(d);
    scan_result_release(&res);
}

/* What a user types (input(), sys.stdin) is user input: a module-level value read with
 * input() and used inside a function reaches an SSRF sink at medium confidence, named as
 * user input; the same call with a constant URL is nothing. Form data likewise. */
static void test_user_input_source(void **state)
{
    (void)state;
    const char *src = "import requests\n"
                      "user_input = input()\n"
                      "def fetch():\n"
                      "    requests.get(user_input)\n"
                      "    requests.get('https://example.com/')\n"
                      "def pools():\n"
                      "    import http.client, urllib3\n"
                      "    conn = http.client.HTTPSConnection('api.example.com')\n"
                      "    conn.request('GET', user_input)\n"
                      "    pool = urllib3.HTTPConnectionPool(user_input, 42)\n"
                      "    urllib3.request('GET', 'https://example.com/')\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "tools/fetch.py", src, &res);
    assert_int_equal(count(&res, "py-ssrf-request-url"), 3);
    const struct scan_finding *f = find(&res, "py-ssrf-request-url");
    assert_int_equal(f->line_start, 4);
    assert_int_equal(f->confidence, CONF_MEDIUM);
    assert_non_null(strstr(f->description, "User input `input()` (line 2)"));
    scan_result_release(&res);

    /* A submitted form's data is request data on a guess (medium); `platform.data` is not
     * a form. */
    const char *forms = "import os\n"
                        "from django.template import Template\n"
                        "def view(request):\n"
                        "    form = NameForm(request.POST)\n"
                        "    os.system('convert ' + form.cleaned_data['name'])\n"
                        "    os.system('ls ' + platform.data)\n"
                        "    return Template(form.cleaned_data['tpl']).render(ctx)\n";
    struct scan_result r2 = SCAN_RESULT_INIT;
    scan_with(eng, "app/views.py", forms, &r2);
    f = expect_one(&r2, "py-command-injection-request-data", 5);
    assert_int_equal(f->confidence, CONF_MEDIUM);
    assert_int_equal(count(&r2, "py-flask-render-template-string"), 1); /* Django Template */
    scan_result_release(&r2);
}

/* TypeScript: a parameter typed as a request holds request data whatever its name (medium:
 * a type is a claim, not a route); a plain string parameter stays a parameter. */
static void test_ts_request_typed(void **state)
{
    (void)state;
    const char *src = "import { Request, Response } from 'express';\n"
                      "import { exec } from 'child_process';\n"
                      "export function run(foo: Request, res: Response) {\n"
                      "  exec('ls ' + foo.query.dir);\n"
                      "}\n"
                      "export const g = ({ params }: Request, res: Response) => {\n"
                      "  res.send(params.oops);\n"
                      "};\n"
                      "export function h(n: number, s: string) {\n"
                      "  exec('ls ' + s);\n"
                      "}\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "src/routes.ts", src, &res);
    const struct scan_finding *f = find(&res, "js-child-process-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 4);
    assert_int_equal(f->confidence, CONF_MEDIUM);
    f = find(&res, "js-express-reflected-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 7);
    assert_int_equal(count(&res, "js-child-process-request-data"), 1);
    f = find(&res, "js-child-process-exec-dynamic");
    assert_non_null(f);
    assert_int_equal(f->line_start, 10);
    scan_result_release(&res);
}

/* The same sink fed by a plain function parameter is a lower-confidence finding of the
 * "dynamic" rule; fed by a constant it is nothing. */
static void test_confidence_by_origin(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "lib/q.js",
              "function byName(name) {\n  return db.query(\"SELECT * FROM t WHERE n = '\" + name "
              "+ \"'\");\n}\n",
              &res);
    const struct scan_finding *f = find(&res, "js-sql-string-concat");
    assert_non_null(f);
    assert_true(f->confidence < CONF_HIGH);
    assert_int_equal(count(&res, "js-sql-request-data"), 0);
    scan_result_release(&res);

    scan_with(eng, "lib/q.js",
              "const T = 'users';\nfunction all(limit) {\n  const n = parseInt(limit, 10);\n"
              "  return db.query(`SELECT * FROM ${T} LIMIT ${n}`);\n}\n",
              &res);
    assert_int_equal(count(&res, NULL), 0);
    scan_result_release(&res);
}

/* JS handlers: a request member no table names (req.foo) is request data on a guess, at no
 * more than medium confidence, only in a (req, res) handler or for a free `req`; members the
 * server sets (req.user) and a `req` parameter of an ordinary function are not. Response
 * headers: request data is a header injection, or a redirect in Location, and not in the
 * Access-Control-* headers; sandboxes made with new (vm2) run request data. */
static void test_js_request_members(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "routes/q.js",
              "app.get('/q', function (req, res) {\n"
              "  pool.query(\"SELECT a FROM t WHERE c='\" + req.foo.bar + \"'\");\n"
              "  db.query('SELECT a FROM t WHERE u = ' + req.user.id);\n"
              "});\n",
              &res);
    const struct scan_finding *f = expect_one(&res, "js-sql-request-data", 2);
    assert_int_equal(f->confidence, CONF_MEDIUM);
    scan_result_release(&res);

    scan_with(eng, "lib/s3.js",
              "module.exports = { f: function f(req) {\n  if (req.params) return;\n"
              "  return req.path.replace(new RegExp('/' + req.httpRequest.bucket), '');\n} };\n",
              &res);
    assert_int_equal(count(&res, "js-regexp-request-data"), 0);
    scan_result_release(&res);

    scan_with(eng, "routes/h.js",
              "app.get('/h', (req, res) => {\n"
              "  res.set('X-Name', 'n=' + req.query.name);\n"
              "  res.setHeader('Location', req.query.next);\n"
              "  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n"
              "  res.set('Content-Type', 'text/plain');\n"
              "  res.end('ok');\n"
              "});\n",
              &res);
    f = expect_one(&res, "js-header-injection-request-data", 2);
    assert_int_equal(f->confidence, CONF_MEDIUM);
    f = find(&res, "js-open-redirect-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 3);
    scan_result_release(&res);

    scan_with(eng, "routes/vm.js",
              "const { NodeVM } = require('vm2');\n"
              "app.get('/vm', (req, res) => {\n"
              "  const vm = new NodeVM({ timeout: 1000 });\n"
              "  vm.run('show(' + req.query.code + ')');\n"
              "  vm.run('show(1)');\n"
              "});\n",
              &res);
    expect_one(&res, "js-vm-request-data", 4);
    scan_result_release(&res);

    /* a Lambda handler's event, an archive entry's name (zip slip), request data as the
     * render options; template locals in an object literal are not */
    scan_with(eng, "lambda/ls.js",
              "const { exec } = require('child_process');\n"
              "exports.handler = async (event, context) => {\n"
              "  exec('ls ' + event['dir']);\n"
              "};\n",
              &res);
    f = find(&res, "js-child-process-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 3);
    assert_int_equal(f->confidence, CONF_MEDIUM);
    scan_result_release(&res);

    scan_with(eng, "lib/extract.js",
              "const fs = require('fs');\nconst unzip = require('unzip');\n"
              "fs.createReadStream('a.zip').pipe(unzip.Parse()).on('entry', entry => {\n"
              "  const name = entry.path;\n"
              "  entry.pipe(fs.createWriteStream('out/' + name));\n"
              "});\n",
              &res);
    f = find(&res, "js-path-traversal-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 5);
    scan_result_release(&res);

    scan_with(eng, "routes/page.js",
              "router.post('/p', function (req, res) {\n"
              "  res.render('index', { q: req.query.q });\n"
              "  const profile = req.body.profile;\n"
              "  res.render('index', profile);\n"
              "});\n",
              &res);
    expect_one(&res, "js-path-traversal-request-data", 4);
    scan_result_release(&res);
}

/* Python: Flask request data into subprocess with shell=True and into cursor.execute via
 * % formatting; a parameterised query and os.spawnlp are not findings. */
/* SQL text or HTML built from request data is reported where it is built; when a query or a
 * response of the same request value follows a few lines below, that sink's finding starts
 * at the built string instead (one finding); inside the sink's call, the sink alone. */
static void test_js_built_strings(void **state)
{
    (void)state;
    const char *src = "app.get('/a', (req, res) => {\n"                                   /* 1 */
                      "  const s = 'SELECT * FROM t WHERE id = ' + req.query.id;\n"      /* 2 */
                      "  keep(s);\n"                                                      /* 3 */
                      "  const h = `<li>${req.query.name}</li>`;\n"                      /* 4 */
                      "  const q = \"DELETE FROM t WHERE n = '\" + req.body.n + \"'\";\n" /* 5 */
                      "  db.query(q);\n"                                                 /* 6 */
                      "  db.query('SELECT * FROM u WHERE id = ' + req.params.u);\n"       /* 7 */
                      "  const ok = 'id ' + req.query.id + ' < 3';\n"                    /* 8 */
                      "  const c = 'SELECT * FROM t WHERE id = ?';\n"                     /* 9 */
                      "});\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "routes/a.js", src, &res);
    const struct scan_finding *f = expect_one(&res, "js-sql-string-request-data", 2);
    assert_int_equal(f->confidence, CONF_MEDIUM);
    expect_one(&res, "js-html-string-request-data", 4);
    assert_int_equal(count(&res, "js-sql-request-data"), 2);
    unsigned starts = 0;
    for (size_t i = 0; i < res.n_findings; i++) {
        if (strcmp(res.findings[i].rule_id, "js-sql-request-data") != 0)
            continue;
        starts |= 1u << res.findings[i].line_start;
        if (res.findings[i].line_start == 5)
            assert_int_equal(res.findings[i].line_end, 6);
    }
    assert_int_equal(starts, (1u << 5) | (1u << 7));
    scan_result_release(&res);
}

static void test_python_flows(void **state)
{
    (void)state;
    const char *src = "import os, subprocess\n"
                      "from flask import request\n"
                      "@app.route('/x')\n"
                      "def view():\n"
                      "    host = request.args.get('host')\n"
                      "    cmd = 'ping -c 1 ' + host\n"
                      "    subprocess.run(cmd, shell=True)\n"
                      "    subprocess.run(['ping', host])\n"
                      "    os.spawnlp(os.P_WAIT, 'ping', 'ping', host)\n"
                      "    q = \"SELECT * FROM users WHERE name = '%s'\" % request.form['n']\n"
                      "    cur.execute(q)\n"
                      "    cur.execute('SELECT * FROM users WHERE name = %s', (host,))\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/views.py", src, &res);
    assert_int_equal(count(&res, NULL), 2);
    const struct scan_finding *f = find(&res, "py-command-injection-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 7);
    assert_non_null(strstr(f->description, "(line 5)"));
    f = find(&res, "py-sql-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 10); /* from where the query is built */
    assert_int_equal(f->line_end, 11);
    scan_result_release(&res);
}

/* Python sinks of session 10: a MongoDB filter holding request data (not a value cast to
 * a scalar), a response header set by assignment (not a client session's header, not a dict
 * named response), ElementTree's find*() with a path built in place (not str.find). */
static void test_python_nosql_header_etpath(void **state)
{
    (void)state;
    const char *src = "import xml.etree.ElementTree as ET\n"
                      "from pymongo import MongoClient\n"
                      "from flask import request, make_response\n"
                      "db = MongoClient()['shop']\n"
                      "@app.route('/x')\n"
                      "def view():\n"
                      "    u = db.users.find_one({'name': request.json['name']})\n"
                      "    v = db.users.find_one({'name': str(request.args['name'])})\n"
                      "    resp = make_response('ok')\n"
                      "    resp.headers['Content-Language'] = request.args.get('lang')\n"
                      "    session.headers['X-Trace'] = request.args.get('t')\n"
                      "    response = {}\n"
                      "    response['user'] = request.args.get('user')\n"
                      "    n = request.args['n']\n"
                      "    hits = ET.parse('u.xml').getroot().findall(f\".//user[@name='{n}']\")\n"
                      "    pos = n.find(f\"{request.args['needle']}\")\n"
                      "    return resp\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/views.py", src, &res);
    expect_one(&res, "py-nosql-injection-request-data", 7);
    expect_one(&res, "py-header-injection-request-data", 10);
    expect_one(&res, "py-xpath-injection-request-data", 15);
    scan_result_release(&res);
}

/* Python: command-line arguments (sys.argv) reach the request rules at low confidence and
 * at most medium severity, where they are code, a command or a query (not a path or URL); deserialisers of what an opaque call returns or a file holds are
 * data of unknown origin, a literal or a decoded constant is not; mark_safe of a helper's
 * value is a finding, of a string method of literals it is not. */
static void test_python_unknown_origins(void **state)
{
    (void)state;
    const char *src = "import os, sys, pickle, base64\n"
                      "from django.utils.safestring import mark_safe\n"
                      "from .html import badge\n"
                      "def main():\n"
                      "    os.system('convert ' + sys.argv[1])\n"
                      "    state = pickle.loads(pickle.dumps(load_state()))\n"
                      "    ok = pickle.loads(base64.b64decode('gAROLg=='))\n"
                      "    B = mark_safe(badge('new'))\n"
                      "    label = 'x'\n"
                      "    T = mark_safe('<b>{}</b>'.format(label))\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/convert.py", src, &res);
    const struct scan_finding *f = find(&res, "py-command-injection-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 5);
    assert_int_equal(f->confidence, CONF_LOW);
    assert_int_equal(f->severity, SEV_MEDIUM);
    assert_non_null(strstr(f->description, "Command-line input"));
    /* ...but opening or fetching what the command line names attacks only its user */
    struct scan_result r2 = SCAN_RESULT_INIT;
    scan_with(eng, "tools/cat.py",
              "import sys, requests\ndef main():\n    print(open(sys.argv[1]).read())\n"
              "    requests.get(sys.argv[2])\n",
              &r2);
    assert_int_equal(count(&r2, NULL), 0);
    scan_result_release(&r2);
    expect_one(&res, "py-pickle-load", 6);
    expect_one(&res, "py-mark-safe-dynamic", 8);
    scan_result_release(&res);
}

/* Python: request data written to a file (not to a response or the console, not once
 * trimmed), cast with float() (NaN injection; a parsed document or a cast number still
 * carries the request data on), and XML parsed without defusedxml from request data
 * (capped at the rule's low confidence) or a parameter, never from a constant; the
 * command line and the environment are the user's own. */
static void test_python_write_nan_xml(void **state)
{
    (void)state;
    const char *src = "import os, sys\n"
                      "import xml.etree.ElementTree as ET\n"
                      "from flask import request\n"
                      "@app.route('/x', methods=['POST'])\n"
                      "def view():\n"
                      "    note = request.form.get('note')\n"
                      "    with open('notes.log', 'a') as fh:\n"
                      "        fh.write(note)\n"
                      "        fh.write(note.strip())\n"
                      "    sys.stdout.write(note)\n"
                      "    amount = float(request.args['amount'])\n"
                      "    os.system('echo ' + ET.fromstring(request.data).text)\n"
                      "    cfg = ET.parse('config.xml')\n"
                      "    n = int(request.args['n'])\n"
                      "    return 'ok'\n"
                      "def load(doc):\n"
                      "    return ET.fromstring(doc)\n"
                      "def cli():\n"
                      "    open('out', 'w').write(sys.argv[1])\n"
                      "    return float(os.environ.get('RATIO'))\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/views.py", src, &res);
    const struct scan_finding *f = expect_one(&res, "py-request-data-write", 8);
    assert_int_equal(f->confidence, CONF_MEDIUM);
    expect_one(&res, "py-nan-injection", 11);
    f = find(&res, "py-command-injection-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 12);
    assert_int_equal(count(&res, "py-xml-parse-without-defusedxml"), 2);
    for (size_t i = 0; i < res.n_findings; i++) {
        f = &res.findings[i];
        if (strcmp(f->rule_id, "py-xml-parse-without-defusedxml") != 0)
            continue;
        assert_true(f->line_start == 12 || f->line_start == 17);
        assert_int_equal(f->confidence, CONF_LOW);
    }
    scan_result_release(&res);
    /* a file that uses defusedxml is left alone */
    struct scan_result r2 = SCAN_RESULT_INIT;
    scan_with(eng, "app/feed.py",
              "import defusedxml\nimport xml.etree.ElementTree as ET\n"
              "def load(doc):\n    return ET.fromstring(doc)\n",
              &r2);
    assert_int_equal(count(&r2, "py-xml-parse-without-defusedxml"), 0);
    scan_result_release(&r2);
    /* Starlette/FastAPI HTMLResponse imported by its module path, Django writelines */
    struct scan_result r3 = SCAN_RESULT_INIT;
    scan_with(eng, "app/main.py",
              "from fastapi.responses import HTMLResponse\n"
              "@app.get('/p')\n"
              "def p(q: str):\n"
              "    return HTMLResponse(f'<b>{q}</b>')\n"
              "def v(request):\n"
              "    response = HttpResponse()\n"
              "    response.writelines([request.GET['x']])\n"
              "    requests.get(url=request.GET['u'], timeout=5)\n"
              "    return response\n",
              &r3);
    assert_int_equal(count(&r3, "py-flask-reflected-request-data"), 2);
    /* a sink's argument given by keyword */
    assert_int_equal(count(&r3, "py-ssrf-request-url"), 1);
    scan_result_release(&r3);
}

/* The noise classes of issue 11: comments and docstrings, definitions named like sinks,
 * the safe branch of a ternary, numbers in a command, methods of other objects. */
static void test_noise_classes(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "lib/a.py",
              "\"\"\"Example: eval(request.args['x']) is bad.\"\"\"\n"
              "class Frame:\n    def eval(self, frame):\n        return frame\n"
              "# os.system(cmd)  -- not ok\n"
              "def run(f):\n    return f.eval(f)\n",
              &res);
    assert_int_equal(count(&res, NULL), 0);
    scan_result_release(&res);

    scan_with(eng, "lib/b.js",
              "/** exec(req.query.cmd) */\n"
              "const { exec } = require('child_process');\n"
              "function kill(port = 3000) { exec(`lsof -ti:${port}`); }\n"
              "const o = { eval(input, pos) { return input; } };\n"
              "router.get('/m', (req, res) => { res.json(/x/.exec(req.query.s)); });\n",
              &res);
    assert_int_equal(count(&res, NULL), 0);
    scan_result_release(&res);
}

/* Library-code classes: a class calling its own query method in a file that imports no SQL
 * driver (an ORM's query runner) is not reported for values of unknown origin; request data
 * still is, and so is the same call once the file imports a driver. */
static void test_sql_layer_internal(void **state)
{
    (void)state;
    static const char runner[] =
        "class Runner {\n"
        "  async drop(schema, table) {\n"
        "    const sql = `DELETE FROM \"${schema}\".\"${table}\"`;\n"
        "    await this.query(sql);\n"
        "    return this.queryRunner.query(`SELECT * FROM ${table}`);\n"
        "  }\n"
        "}\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "src/driver/runner.js", runner, &res);
    assert_int_equal(count(&res, NULL), 0);
    scan_result_release(&res);

    char *with_driver = xasprintf("const { Pool } = require('pg');\n%s", runner);
    scan_with(eng, "src/driver/runner.js", with_driver, &res);
    assert_int_equal(count(&res, "js-sql-string-concat"), 2);
    scan_result_release(&res);
    free(with_driver);

    scan_with(eng, "src/routes.js",
              "class Api {\n"
              "  list(req, res) {\n"
              "    return this.query(`SELECT * FROM t WHERE id = ${req.query.id}`);\n"
              "  }\n"
              "}\n"
              "function rows(db, table) { return db.query(`SELECT * FROM ${table}`); }\n",
              &res);
    assert_int_equal(count(&res, NULL), 2);
    scan_result_release(&res);
}

/* A local named like the request but made by the code (const request = new Request(url),
 * const req = http.request(opts)) is not the framework's request: its members are not
 * request data. A getter's result still is, and so is an object made from request data. */
static void test_made_request_object(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "lib/index.js",
              "const http = require('http');\n"
              "function fetch(url, opts) {\n"
              "  const request = new Request(url, opts);\n"
              "  const options = { href: request.url };\n"
              "  if (!isDomain(request.url, x)) { return; }\n" /* checked: the same object */
              "  http.get(url, (res) => { fetch(new Request(x, { h: request.headers })); });\n"
              "  return http.get(request.url, () => {});\n"
              "}\n"
              "function send(opts, req) {\n"
              "  req = http.request(opts);\n"
              "  http.get(req.path);\n"
              "}\n",
              &res);
    assert_int_equal(count(&res, "js-ssrf-request-url"), 0);
    scan_result_release(&res);

    scan_with(eng, "src/proxy.js",
              "const http = require('http');\n"
              "app.get('/p', (req, res) => {\n"
              "  const request = new Request(req.query.u);\n"
              "  http.get(request.url);\n"
              "});\n"
              "class C {\n"
              "  go(context) {\n"
              "    const request = context.switchToHttp().getRequest();\n"
              "    http.get(request.query.u);\n"
              "  }\n"
              "}\n",
              &res);
    assert_int_equal(count(&res, "js-ssrf-request-url"), 2);
    scan_result_release(&res);

    /* an SDK middleware's own outgoing request, read out of its args (aws-sdk s3-control):
     * not what a client sent; the same read out of a Koa/Next context still is */
    scan_with(eng, "lib/middleware.js",
              "const http = require('http');\n"
              "const mw = (config) => (next, context) => async (args) => {\n"
              "  const { request } = args;\n"
              "  http.get(request.query.u);\n"
              "  const req = args.request;\n"
              "  http.get(req.body.u);\n"
              "  return next(args);\n"
              "};\n"
              "async function koa(ctx) {\n"
              "  const { request } = ctx;\n"
              "  http.get(request.query.u);\n"
              "}\n",
              &res);
    assert_int_equal(count(&res, "js-ssrf-request-url"), 1);
    assert_int_equal(res.findings[0].line_start, 11);
    scan_result_release(&res);
}

/* MongoDB filters element by element: a request value in an object literal (shorthand or
 * not), a filter object filled from the request, the body whole; not a value cast to a
 * scalar, mongo-sanitize's result, an array's find(callback), an ORM's { where }. */
static void test_js_nosql_filters(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "routes/login.js",
              "var sani = require('mongo-sanitize');\n"
              "app.post('/login', async (req, res) => {\n"
              "  const { username, password } = req.body;\n"
              "  await User.findOne({ username, password });\n"
              "  const q = {}; q['email'] = req.body.email;\n"
              "  await User.findOne(q);\n"
              "  await db.collection('x').deleteMany(req.body);\n"
              "  await User.findOne({ username: String(username) });\n"
              "  await User.findOne({ email: sani(req.body.email) });\n"
              "  const it = items.find((i) => i.id === req.params.id);\n"
              "  await Users.findOne({ where: { name: req.body.name } });\n"
              "  hash.update(req.body.text);\n"
              "});\n",
              &res);
    assert_int_equal(count(&res, "js-nosql-injection-request-data"), 3);
    scan_result_release(&res);
    /* a value cast when it is declared is a scalar wherever the filter names it; a later
     * declaration without the cast is request data again */
    res = (struct scan_result)SCAN_RESULT_INIT;
    scan_with(eng, "routes/notes.js",
              "router.get('/notes', async (req, res) => {\n"
              "  const owner = String(req.query.owner);\n"
              "  const tag = req.query.tag.toString();\n"
              "  await collection.find({ owner, tag: tag }).toArray();\n"
              "  {\n"
              "    const owner = req.query.owner;\n"
              "    await collection.find({ owner }).toArray();\n"
              "  }\n"
              "});\n",
              &res);
    assert_int_equal(count(&res, "js-nosql-injection-request-data"), 1);
    scan_result_release(&res);
}

/* A link built from the request's Host header in a file that mails passwords or reset
 * links is reported where it is built; the request's own address rebuilt elsewhere is not. */
static void test_host_header_url(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "routes/auth.js",
              "router.post('/forgot', async (req, res) => {\n"
              "  const a = 'https://' + req.headers.host + '/reset/' + token;\n"
              "  const b = `${req.protocol}://${req.get('host')}/reset`;\n"
              "  const c = process.env.APP_URL + '/reset/' + token;\n"
              "  const d = '/reset?h=' + req.hostname;\n"
              "  await transporter.sendMail({ to: user.email, text: a + b + c + d });\n"
              "});\n",
              &res);
    assert_int_equal(count(&res, "js-host-header-url"), 2);
    scan_result_release(&res);

    scan_with(eng, "server/proxy.js",
              "const self = `https://${req.headers.host}${req.url}`;\n", &res);
    assert_int_equal(count(&res, "js-host-header-url"), 0);
    scan_result_release(&res);
}

/* A setting under a condition naming the user's opt-out (case '--no-verify':, if
 * (opts.tlsInsecure), opts.insecure ? {...} : {}) is the option doing what it says: not
 * reported. Unconditional, or under another condition: as the rule says. */
static void test_optout_guarded(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "lib/tls.js",
              "const https = require('https');\n"
              "function parse(args, opts) {\n"
              "  switch (args[0]) {\n"
              "    case '--no-verify': opts.rejectUnauthorized = false; break;\n"
              "  }\n"
              "  if (opts.tlsInsecure) opts.rejectUnauthorized = false;\n"
              "  const a = new https.Agent(opts.insecure ? { rejectUnauthorized: false } : {});\n"
              "  const b = new https.Agent({ rejectUnauthorized: false });\n"
              "  if (process.env.DB_SSL) { opts.ssl = { rejectUnauthorized: false }; }\n"
              "  switch (config.sslmode) { case 'prefer': opts.rejectUnauthorized = false; }\n"
              "  const agents = { https: new https.Agent(),\n"
              "    httpsAllowUnauthorized: new https.Agent({ rejectUnauthorized: false }) };\n"
              "}\n",
              &res);
    assert_int_equal(count(&res, "js-tls-reject-unauthorized-false"), 2);
    for (size_t k = 0; k < res.n_findings; k++) {
        const struct scan_finding *f = &res.findings[k];
        assert_true(f->line_start == 8 || f->line_start == 9);
        assert_int_equal(f->severity, SEV_HIGH);
        assert_int_equal(f->confidence, CONF_HIGH);
    }
    scan_result_release(&res);
    /* an option named verify is an opt-out; a check of something else (a verified user, a
     * verify() call, a 401) is not */
    scan_with(eng, "lib/tls.js",
              "const https = require('https');\n"
              "function connect(opts, user, res) {\n"
              "  if (opts.verify === false) opts.rejectUnauthorized = false;\n"
              "  if (user.verified) opts.rejectUnauthorized = false;\n"
              "  if (verify(user)) opts.rejectUnauthorized = false;\n"
              "  if (res.unauthorized) opts.rejectUnauthorized = false;\n"
              "  if (opts.unsafe) opts.rejectUnauthorized = false;\n"
              "}\n",
              &res);
    assert_int_equal(count(&res, "js-tls-reject-unauthorized-false"), 4);
    for (size_t k = 0; k < res.n_findings; k++) {
        const struct scan_finding *f = &res.findings[k];
        assert_true(f->line_start != 3);
        assert_int_equal(f->confidence, CONF_HIGH);
    }
    scan_result_release(&res);
}

/* An archive extractor that checks its entries' paths for '..' somewhere in the file (in
 * the caller of the function that writes, or after the mkdir it guards): the entry's path
 * reaching a file API is at most medium severity, low confidence; without such a check, as
 * the rule says. A relative URL (`contexts?` + query, 'api/items/' + id) stays on the
 * page's host: no SSRF. */
static void test_archive_check_and_relative_url(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    const char *zip = "const fs = require('fs');\nconst yauzl = require('yauzl');\n"
                      "const path = require('path');\n"
                      "async function write(dir, entry) {\n"
                      "  const dest = path.join(dir, entry.fileName);\n"
                      "  await fs.promises.writeFile(dest, 'x');\n"
                      "}\n"
                      "async function onEntry(dir, entry) {\n"
                      "  const rel = path.relative(dir, path.join(dir, entry.fileName));\n"
                      "  if (rel.split(path.sep).includes('..')) throw new Error('out');\n"
                      "  await write(dir, entry);\n"
                      "}\n";
    scan_with(eng, "lib/extract.js", zip, &res);
    const struct scan_finding *f = find(&res, "js-path-traversal-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 5);
    assert_int_equal(f->severity, SEV_MEDIUM);
    assert_int_equal(f->confidence, CONF_LOW);
    scan_result_release(&res);
    /* the same writer without the check anywhere */
    char *bare = xstrdup(zip);
    char *chk = strstr(bare, "includes('..')");
    assert_non_null(chk);
    memcpy(chk, "includes('x.')", 14);
    scan_with(eng, "lib/extract.js", bare, &res);
    f = find(&res, "js-path-traversal-request-data");
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_HIGH);
    scan_result_release(&res);
    free(bare);

    scan_with(eng, "web/viewer.js",
              "const t = new URL(location.href).searchParams.get('trace');\n"
              "const n = new URLSearchParams(); n.set('trace', t);\n"
              "fetch(`contexts?` + n.toString());\n"
              "fetch('api/items/' + location.hash.slice(1));\n"
              "fetch(location.hash.slice(1) + '/x');\n",
              &res);
    expect_one(&res, "js-ssrf-request-url", 5);
    scan_result_release(&res);
}

/* A password compared inside a value-equality method (equals(other): field by field with
 * another object of the class) is not a login check: not reported; the same comparison in
 * a method that checks a password stays as the rule says. */
static void test_equality_method(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "lib/credentials.js",
              "class Credentials {\n"
              "  equals(other) {\n"
              "    return this.username === other.username &&\n"
              "      this.password === other.password;\n"
              "  }\n"
              "  check(input) {\n"
              "    return this.password === input.password;\n"
              "  }\n"
              "}\n",
              &res);
    const struct scan_finding *f = expect_one(&res, "js-password-compared-in-plain-text", 7);
    assert_int_equal(f->severity, SEV_HIGH);
    assert_int_equal(f->confidence, CONF_LOW);
    scan_result_release(&res);
}

/* Developer tooling (scripts/, bin/, benchmark/): a value that is not request data reaching
 * a sink is not reported there (the person running the script chose it); request data still
 * is, and the same code elsewhere is reported. */
static void test_tooling_path(void **state)
{
    (void)state;
    assert_true(code_tooling_path("scripts/release.js"));
    assert_true(code_tooling_path("pkgs/pino/benchmarks/utils/doc.js"));
    assert_true(code_tooling_path("Bin/cli.js"));
    assert_false(code_tooling_path("src/scripts.js"));
    assert_false(code_tooling_path("bin"));
    assert_false(code_tooling_path("src/binary/x.js"));
    const char *rel = "const { execSync } = require('child_process');\n"
                      "function bump(version) {\n"
                      "  execSync(`npm version ${version} --git-tag-version=false`);\n"
                      "}\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "scripts/release.js", rel, &res);
    assert_int_equal(count(&res, "js-child-process-exec-dynamic"), 0);
    scan_result_release(&res);
    scan_with(eng, "src/release.js", rel, &res);
    assert_int_equal(count(&res, "js-child-process-exec-dynamic"), 1);
    scan_result_release(&res);
    scan_with(eng, "scripts/server.js",
              "const { exec } = require('child_process');\n"
              "app.get('/x', (req, res) => { exec('ls ' + req.query.dir); });\n",
              &res);
    assert_int_equal(count(&res, "js-child-process-request-data"), 1);
    scan_result_release(&res);
    /* a weak random secret is reported in tooling too (a seed script's token) */
    scan_with(eng, "scripts/seed.js", "const resetToken = Math.random().toString(36);\n", &res);
    assert_int_equal(count(&res, "js-insecure-random-token"), 1);
    scan_result_release(&res);
}

/* new Function() of a parameter: reported when the parameter (or a member of it) is handed
 * over as code; a code generator writing its own code around a parameter's value ('return '
 * + x, a template, lines joined) is not; request data is, however it is built in. */
static void test_function_code_generator(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "lib/gen.js",
              "function a(body) { return new Function('data', body); }\n"
              "function b(opts) { return new Function(opts.source)(); }\n"
              "function c(expr) { return new Function('obj', 'return ' + expr); }\n"
              "function d(prefix) {\n"
              "  const lines = [];\n"
              "  for (const ch of prefix) lines.push(`p === ${ch.charCodeAt(0)}`);\n"
              "  return new Function('p', `return ${lines.join(' || ')}`);\n"
              "}\n"
              "function e(schema) { const code = gen(schema).toString(); return new Function(code); }\n",
              &res);
    assert_int_equal(count(&res, "js-new-function-dynamic"), 2);
    for (size_t i = 0; i < res.n_findings; i++)
        if (strcmp(res.findings[i].rule_id, "js-new-function-dynamic") == 0)
            assert_true(res.findings[i].line_start <= 2);
    scan_result_release(&res);
    scan_with(eng, "routes/calc.js",
              "app.get('/calc', (req, res) => {\n"
              "  res.json(new Function('return ' + req.query.expr)());\n"
              "});\n",
              &res);
    assert_int_equal(count(&res, "js-new-function-request-data"), 1);
    assert_int_equal(count(&res, "js-new-function-dynamic"), 0);
    scan_result_release(&res);
}

/* A helper declared inside a route factory (function serve () { return handler; function
 * verify (file, res) {...} }) or in a module.exports function is followed like a top-level
 * one: request data handed to it reaches its sink. */
static void test_nested_helpers(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "routes/files.ts",
              "export function servePublicFiles () {\n"
              "  return ({ params }: Request, res: Response, next: NextFunction) => {\n"
              "    const file = params.file\n"
              "    verify(file, res)\n"
              "  }\n"
              "  function verify (file: string, res: Response) {\n"
              "    res.sendFile(path.resolve('ftp/', file))\n"
              "  }\n"
              "}\n",
              &res);
    const struct scan_finding *f = find(&res, "js-path-traversal-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 7);
    scan_result_release(&res);
    scan_with(eng, "routes/run.js",
              "module.exports = function () {\n"
              "  function run (cmd) { require('child_process').exec(cmd) }\n"
              "  return (req, res) => { run(req.query.cmd); res.end() }\n"
              "}\n",
              &res);
    assert_int_equal(count(&res, "js-child-process-request-data"), 1);
    scan_result_release(&res);
}

/* Promise.all([...queries]) is not itself a SQL sink (sqlite's db.all(sql) is: the query
 * inside is, its finding starting at the Promise.all line); a query
 * object handed to a sink that needs SQL text ({ sql: query } to run()) is one only when
 * its text is built around SQL. */
static void test_sql_sink_shapes(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "src/db.js",
              "const { Pool } = require('pg');\n"
              "async function load(db, names) {\n"
              "  const sql = `SELECT * FROM t WHERE n IN (${names})`;\n"
              "  const [a, b] = await Promise.all([\n"
              "    db.query(sql),\n"
              "    db.query('SELECT 1'),\n"
              "  ]);\n"
              "}\n"
              "async function run(executor, query, x) {\n"
              "  await executor.run({ sql: query, json: true });\n"
              "  await executor.run({ sql: 'DELETE FROM t WHERE id = ' + x });\n"
              "}\n",
              &res);
    assert_int_equal(count(&res, "js-sql-string-concat"), 2);
    for (size_t k = 0; k < res.n_findings; k++)
        assert_true(res.findings[k].line_start == 4 || res.findings[k].line_start == 11);
    scan_result_release(&res);
}

/* res.send(req.body) / reply.send(req.query): a whole parsed container is an object, sent
 * as JSON; one of its fields, or the container built into HTML, still is reflected. */
static void test_reflected_container(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "src/app.js",
              "app.post('/a', (req, res) => { res.send(req.body); });\n"
              "app.get('/b', (req, res) => { res.send(req.query.q); });\n"
              "fastify.post('/c', (req, reply) => { reply.code(200).send(req.body); });\n"
              "app.get('/d', (req, res) => { res.send('<p>' + req.query + '</p>'); });\n",
              &res);
    assert_int_equal(count(&res, "js-express-reflected-request-data"), 2);
    for (size_t k = 0; k < res.n_findings; k++)
        assert_true(res.findings[k].line_start == 2 || res.findings[k].line_start == 4);
    scan_result_release(&res);
}

/* A library class built from (req, res) is not a route handler; path.join('/', name) is
 * rooted, so name cannot climb out of the directory it is joined to. */
static void test_library_shapes(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "lib/cache.js",
              "function parse(header) {\n"
              "  const cc = {};\n"
              "  for (const part of header.split(',')) { const [k, v] = part.split('=');\n"
              "    cc[k.trim()] = v; }\n"
              "  return cc;\n"
              "}\n"
              "class Policy {\n"
              "  constructor(req, res) { this.cc = parse(req.headers['cache-control']); }\n"
              "}\n",
              &res);
    assert_int_equal(count(&res, NULL), 0);
    scan_result_release(&res);

    scan_with(eng, "lib/extract.js",
              "const path = require('path');\n"
              "const fs = require('fs');\n"
              "app.post('/x', (req, res) => {\n"
              "  fs.writeFileSync(path.join(dir, path.join(\"/\", req.body.name)), 'x');\n"
              "  fs.writeFileSync(path.join(dir, req.body.name), 'x');\n"
              "});\n",
              &res);
    assert_int_equal(count(&res, "js-path-traversal-request-data"), 1);
    assert_int_equal(res.findings[0].line_start, 5);
    scan_result_release(&res);
}

/* path.join of request data: one finding, at the file API it reaches (from the join when
 * the joined path is held in a variable), and a join's result still carries the data. */
static void test_path_join_flows(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "src/files.js",
              "const path = require('path');\n"
              "app.get('/a', (req, res) => {\n"
              "  res.sendFile(path.join(__dirname, 'up', req.params.name));\n"
              "});\n"
              "app.get('/b', (req, res) => {\n"
              "  const p = path.join(__dirname, req.query.f);\n"
              "  res.sendFile(p);\n"
              "});\n",
              &res);
    assert_int_equal(count(&res, "js-path-traversal-request-data"), 2);
    for (size_t k = 0; k < res.n_findings; k++) {
        const struct scan_finding *f = &res.findings[k];
        if (f->line_start == 6)
            assert_int_equal(f->line_end, 7);
        else
            assert_int_equal(f->line_start, 3);
    }
    scan_result_release(&res);
    /* join imported under its own name: the same one finding */
    scan_with(eng, "src/files2.js",
              "const { join } = require('node:path');\n"
              "app.get('/b', (req, res) => {\n"
              "  const p = join(__dirname, req.query.f);\n"
              "  res.sendFile(p);\n"
              "});\n",
              &res);
    assert_int_equal(count(&res, "js-path-traversal-request-data"), 1);
    assert_int_equal(res.findings[0].line_start, 3);
    assert_int_equal(res.findings[0].line_end, 4);
    scan_result_release(&res);
}

/* Code checks skip test files by name, not directories named test/. */
static void test_code_test_files(void **state)
{
    (void)state;
    static const char *const tests[] = {"src/a.test.js", "x/__tests__/a.js", "b.spec.tsx",
                                        "tests/test_views.py", "pkg/conftest.py", "a_test.py",
                                        "e2e/login.spec.ts", "lib/x.test.mjs",
                                        "test/strategy-init-test.js", "a_spec.ts"};
    static const char *const not_tests[] = {"test/app.js", "tests/main.py", "src/testing.js",
                                            "latest.js", "contest.py", "test.js", "spec.ts",
                                            "src/.test", "attest_x.py", "a.testx.js",
                                            "latest.js", "protest.ts", "inspect.js"};
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
        assert_true(code_test_file(tests[i]));
    for (size_t i = 0; i < sizeof not_tests / sizeof not_tests[0]; i++)
        assert_false(code_test_file(not_tests[i]));
    /* the same reflected request in a route file and in its test */
    static const char route[] = "app.get('/e', (req, res) => { res.send(req.query.q); });\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "src/routes.js", route, &res);
    assert_int_equal(count(&res, NULL), 1);
    scan_result_release(&res);
    scan_with(eng, "src/routes.test.js", route, &res);
    assert_int_equal(count(&res, NULL), 0);
    scan_result_release(&res);
}

/* A guard that leaves the function after checking a value by a call validates it. */
static void test_guard_clause(void **state)
{
    (void)state;
    const char *src = "const axios = require('axios');\n"
                      "router.get('/p', async (req, res) => {\n"
                      "  const u = new URL(String(req.query.url));\n"
                      "  if (!ALLOWED.has(u.hostname)) return res.status(400).end();\n"
                      "  res.json((await axios.get(u.toString())).data);\n"
                      "});\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "routes/p.js", src, &res);
    assert_int_equal(count(&res, NULL), 0);
    scan_result_release(&res);
    /* without the guard: SSRF */
    const char *bad = "const axios = require('axios');\n"
                      "router.get('/p', async (req, res) => {\n"
                      "  const u = new URL(String(req.query.url));\n"
                      "  if (!u) return res.status(400).end();\n"
                      "  res.json((await axios.get(u.toString())).data);\n"
                      "});\n";
    scan_with(eng, "routes/p.js", bad, &res);
    assert_int_equal(count(&res, "js-ssrf-request-url"), 1);
    scan_result_release(&res);
}

/* Issue 11 classes from the OWASP Benchmark: the element of a container that is read, not
 * everything the container held; the case of a match on a constant that runs; a check of a
 * value parsed from x checks x; HTML escaping does not make a redirect safe; the Flask
 * request object handed to a helper and request.query_string are request data. */
static void test_precise_values(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    const char *safe = "import os, configparser\n"
                       "from flask import request\n"
                       "@app.route('/a')\n"
                       "def a():\n"
                       "    p = request.args.get('p')\n"
                       "    m = {'x': 'safe'}\n"
                       "    m['y'] = p\n"
                       "    os.system(m['x'])\n"
                       "    lst = ['a', p, 'b']\n"
                       "    lst.pop(0)\n"
                       "    os.system(lst[1])\n"
                       "    c = configparser.ConfigParser()\n"
                       "    c.set('s', 'k1', 'ok')\n"
                       "    c.set('s', 'k2', p)\n"
                       "    os.system(c.get('s', 'k1'))\n"
                       "    match 'ABC'[1]:\n"
                       "        case 'A':\n"
                       "            v = p\n"
                       "        case 'B':\n"
                       "            v = 'b'\n"
                       "    os.system(v)\n"
                       "    os.system(request.path.split('/')[1])\n";
    scan_with(eng, "app/views.py", safe, &res);
    assert_int_equal(count(&res, NULL), 0);
    scan_result_release(&res);
    /* the same flows reading the tainted element: one finding each */
    const char *bad = "import os, configparser\n"
                      "from flask import request\n"
                      "@app.route('/a/<x>')\n"
                      "def a(x):\n"
                      "    p = request.args.get('p')\n"
                      "    m = {'x': 'safe'}\n"
                      "    m['y'] = p\n"
                      "    os.system(m['y'])\n"
                      "    lst = ['a', p, 'b']\n"
                      "    lst.pop(0)\n"
                      "    os.system(lst[0])\n"
                      "    c = configparser.ConfigParser()\n"
                      "    c.set('s', 'k1', 'ok')\n"
                      "    c.set('s', 'k2', p)\n"
                      "    os.system(c.get('s', 'k2'))\n"
                      "    match 'ABC'[0]:\n"
                      "        case 'A':\n"
                      "            v = p\n"
                      "        case 'B':\n"
                      "            v = 'b'\n"
                      "    os.system(v)\n"
                      "    os.system(request.path.split('/')[1])\n"
                      "    os.system(helper(request).get('q'))\n"
                      "    os.system(request.query_string.decode())\n";
    scan_with(eng, "app/views.py", bad, &res);
    assert_int_equal(count(&res, "py-command-injection-request-data"), 7);
    scan_result_release(&res);

    const char *redir = "import html, urllib.parse\n"
                        "from flask import redirect, request\n"
                        "@app.route('/r')\n"
                        "def r():\n"
                        "    nxt = request.args.get('next')\n"
                        "    u = urllib.parse.urlparse(nxt)\n"
                        "    if u.netloc not in ['example.com']:\n"
                        "        return 'no'\n"
                        "    return redirect(nxt)\n"
                        "@app.route('/s')\n"
                        "def s():\n"
                        "    return redirect(html.escape(request.args.get('next')))\n";
    scan_with(eng, "app/r.py", redir, &res);
    expect_one(&res, "py-open-redirect-request-data", 12);
    scan_result_release(&res);
}

static const char *const query_rules =
    "rules:\n"
    "  - id: t-tls-off\n"
    "    title: TLS verification off\n"
    "    category: crypto\n"
    "    severity: high\n"
    "    confidence: high\n"
    "    languages: [javascript, typescript]\n"
    "    engine: tree\n"
    "    pattern: 'rejectUnauthorized'\n"
    "    query: |\n"
    "      (pair key: (property_identifier) @k (#eq? @k \"rejectUnauthorized\")\n"
    "            value: (false)) @finding\n"
    "    description: d\n"
    "    recommendation: r\n"
    "    examples:\n"
    "      - path: a.js\n"
    "        content: 'https.request({ rejectUnauthorized: false });'\n"
    "    negative_examples:\n"
    "      - path: a.js\n"
    "        content: 'https.request({ rejectUnauthorized: insecure ? false : true });'\n"
    "  - id: t-verify-off\n"
    "    title: verify=False\n"
    "    category: crypto\n"
    "    severity: high\n"
    "    confidence: high\n"
    "    languages: [python]\n"
    "    engine: tree\n"
    "    pattern: 'verify'\n"
    "    query: |\n"
    "      (call function: (attribute object: (identifier) @m (#match? @m \"^(requests|httpx)$\"))\n"
    "            arguments: (argument_list (keyword_argument name: (identifier) @k\n"
    "              (#any-of? @k \"verify\" \"ssl_verify\") value: (false)))) @finding\n"
    "    description: d\n"
    "    recommendation: r\n"
    "    examples:\n"
    "      - path: a.py\n"
    "        content: 'requests.get(url, verify=False)'\n"
    "    negative_examples:\n"
    "      - path: a.py\n"
    "        content: 'session.get(url, verify=False if x else True)'\n";

static void test_query_rules(void **state)
{
    (void)state;
    char dir[256];
    assert_non_null(test_mkdtemp(dir, sizeof dir, "code"));
    char path[300];
    snprintf(path, sizeof path, "%s/q.yaml", dir);
    write_file(path, query_rules);
    const char *const dirs[] = {dir};
    struct scan_engine_config cfg = {false, dirs, 1, NULL};
    struct scan_engine *e = NULL;
    struct buf err = BUF_INIT;
    assert_int_equal(scan_engine_load(&cfg, &e, &err), VG_OK);
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(e, "x.ts",
              "// rejectUnauthorized: false\nconst a = { rejectUnauthorized: secure ? true : false };\n"
              "const b = {\n  rejectUnauthorized: false,\n};\n",
              &res);
    assert_int_equal(res.n_findings, 1);
    assert_int_equal(res.findings[0].line_start, 4);
    scan_result_release(&res);
    scan_with(e, "x.py", "import requests\nrequests.post(u, ssl_verify=False)\nfoo.get(u, verify=False)\n",
              &res);
    assert_int_equal(res.n_findings, 1);
    assert_int_equal(res.findings[0].line_start, 2);
    scan_result_release(&res);
    FILE *devnull = fopen("/dev/null", "w");
    assert_int_equal(scan_rules_test(&cfg, devnull, false), 0);
    fclose(devnull);
    scan_engine_free(e);

    /* a query that does not compile, an unknown check, a tree rule without a pattern */
    write_file(path, "rules:\n"
                     "  - id: t-bad-query\n    title: t\n    category: xss\n"
                     "    languages: [javascript]\n    engine: tree\n    pattern: 'x'\n"
                     "    query: '(no_such_node) @finding'\n    description: d\n"
                     "    recommendation: r\n    examples: ['x']\n"
                     "  - id: t-bad-check\n    title: t\n    category: xss\n"
                     "    languages: [python]\n    engine: tree\n    pattern: 'x'\n"
                     "    check: 'nosuch.request'\n    description: d\n"
                     "    recommendation: r\n    examples: ['x']\n"
                     "  - id: t-no-pattern\n    title: t\n    category: xss\n"
                     "    languages: [python]\n    engine: tree\n"
                     "    check: 'sql.request'\n    description: d\n"
                     "    recommendation: r\n    examples: ['x']\n");
    buf_reset(&err);
    assert_int_equal(scan_engine_load(&cfg, &e, &err), VG_ERR_INVALID);
    assert_non_null(strstr(buf_cstr(&err), "t-no-pattern"));
    buf_reset(&err);
    /* the other two are reported once the pattern-less rule is gone */
    write_file(path, "rules:\n"
                     "  - id: t-bad-query\n    title: t\n    category: xss\n"
                     "    languages: [javascript]\n    engine: tree\n    pattern: 'x'\n"
                     "    query: '(no_such_node) @finding'\n    description: d\n"
                     "    recommendation: r\n    examples: ['x']\n"
                     "  - id: t-bad-check\n    title: t\n    category: xss\n"
                     "    languages: [python]\n    engine: tree\n    pattern: 'x'\n"
                     "    check: 'nosuch.request'\n    description: d\n"
                     "    recommendation: r\n    examples: ['x']\n");
    assert_int_equal(scan_engine_load(&cfg, &e, &err), VG_ERR_INVALID);
    assert_non_null(strstr(buf_cstr(&err), "t-bad-query"));
    assert_non_null(strstr(buf_cstr(&err), "unknown node type"));
    assert_non_null(strstr(buf_cstr(&err), "unknown check 'nosuch.request'"));
    buf_release(&err);
    unlink(path);
    rmdir(dir);
}

static void file_regex_is(const char *re, const char *want)
{
    char *got = code_file_regex(re);
    if (want == NULL)
        assert_null(got);
    else
        assert_string_equal(got, want);
    free(got);
}

/* A file is parsed only when a selected rule can report in it: a query's file gates (what
 * its predicates need in every match), what a sink of the taint pass needs in the text. */
static void test_parse_gates(void **state)
{
    (void)state;
    /* #match? regexes made file-wide: anchors and word boundaries go, classes and escapes
     * stay; constructs whose match in a part does not imply one in the file give none */
    file_regex_is("^(Math\\.random\\(\\)|x)$", "(Math\\.random\\(\\)|x)");
    file_regex_is("(?i)\\bsid\\b|token", "(?i)sid|token");
    file_regex_is("[^$]\\$^", "[^$]\\$");
    file_regex_is("[]^]x^", "[]^]x");
    file_regex_is("[[:alpha:]^]+$", "[[:alpha:]^]+");
    file_regex_is("(?i:a)\\\\b", "(?i:a)\\\\b");
    file_regex_is("\\A\\w+\\z", "\\w+");
    file_regex_is("a(?!b)", NULL);
    file_regex_is("(?<=a)b", NULL);
    file_regex_is("(?=a)a", NULL);
    file_regex_is("(?>a+)b", NULL);
    file_regex_is("a++", NULL);
    file_regex_is("\\Qa^\\E", NULL);
    file_regex_is("(?x) a # c", NULL);
    file_regex_is("(*UTF)a", NULL);
    file_regex_is("[ab", NULL);

    /* a weak random value is reported only under a secret's name or in a cookie */
    const char *plain = "const jitter = Math.random() * 100;\n";
    assert_false(taint_may_report(SK_RAND, "javascript", plain, strlen(plain)));
    assert_true(taint_may_report(SK_RAND, "javascript", "x.RESET_code = r", 16));
    assert_true(taint_may_report(SK_RAND, "javascript", "res.cookie('a', r)", 18));
    assert_true(taint_may_report(SK_SQL, "javascript", plain, strlen(plain)));
    assert_false(taint_may_report(SK_RAND, "javascript", "", 0));
    /* a secret word in a comment is no name of the code */
    const char *doc = "/**\n * @author someone\n */\nconst jitter = Math.random(); // token\n";
    assert_false(taint_may_report(SK_RAND, "javascript", doc, strlen(doc)));
    assert_true(taint_may_report(SK_RAND, NULL, doc, strlen(doc)));
    const char *pydoc = "# the session token\nx = random.random()\n";
    assert_false(taint_may_report(SK_RAND, "python", pydoc, strlen(pydoc)));
    const char *code = "/* jitter */ const authNonce = Math.random();\n";
    assert_true(taint_may_report(SK_RAND, "javascript", code, strlen(code)));

    /* Math.random() selects both rand rules: neither can report here, nothing is parsed */
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "lib/ui.js", "const o = { price: Math.random() * 100 };\nexport default o;\n",
              &res);
    assert_int_equal(res.stats.parsed_files, 0);
    assert_int_equal(count(&res, NULL), 0);
    scan_result_release(&res);
    scan_with(eng, "lib/users.js", "const o = { password: Math.random().toString(36) };\n", &res);
    assert_int_equal(res.stats.parsed_files, 1);
    assert_non_null(find(&res, "js-insecure-random-secret-field"));
    scan_result_release(&res);
    scan_with(eng, "lib/t.js", "const sessionId = Math.random().toString(36);\n", &res);
    assert_int_equal(res.stats.parsed_files, 1);
    assert_non_null(find(&res, "js-insecure-random-token"));
    scan_result_release(&res);
    /* a prefilter matched only in comments selects nothing to parse; in code, it does */
    scan_with(eng, "lib/doc.js",
              "/**\n * Never call eval(code) on input.\n */\nconst run = (f) => f(); // eval(x)\n",
              &res);
    assert_int_equal(res.stats.parsed_files, 0);
    scan_result_release(&res);
    scan_with(eng, "lib/run.js", "// eval(x)\nconst run = (code) => eval(code);\n", &res);
    assert_int_equal(res.stats.parsed_files, 1);
    assert_non_null(find(&res, "js-eval-dynamic-argument"));
    scan_result_release(&res);
}

/* Deep nesting and garbage do not crash the pass. */
static void test_hostile_input(void **state)
{
    (void)state;
    size_t n = 200000;
    char *s = malloc(n + 64);
    assert_non_null(s);
    strcpy(s, "router.get('/x', (req, res) => { eval(");
    size_t o = strlen(s);
    while (o < n) {
        s[o++] = '(';
    }
    strcpy(s + o, "req.query.x");
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "deep.js", s, &res);
    scan_result_release(&res);
    scan_with(eng, "deep.py", "def f(request):\n    eval(((((((((request.GET['x'] ", &res);
    scan_result_release(&res);
    /* calls without an argument list (new X; f(x for x in y)) */
    scan_with(eng, "n.js",
              "router.get('/x', (req, res) => { const d = new Date; eval(new Foo); "
              "res.send(req.query.a + new Bar); });\n",
              &res);
    assert_int_equal(count(&res, "js-express-reflected-request-data"), 1);
    scan_result_release(&res);
    scan_with(eng, "n.py",
              "def v(request):\n    eval(sum(int(x) for x in request.GET['a']))\n"
              "    exec(''.join(c for c in request.GET['b']))\n",
              &res);
    assert_int_equal(count(&res, "py-eval-request-data"), 1);
    scan_result_release(&res);
    free(s);
}

static const char qualname_rule[] =
    "rules:\n"
    "  - id: t-qualname\n"
    "    title: t\n"
    "    category: crypto\n"
    "    severity: medium\n"
    "    confidence: high\n"
    "    languages: [python]\n"
    "    engine: tree\n"
    "    pattern: 'new|hash'\n"
    "    query: |\n"
    "      ((call function: (_) @fn) @finding\n"
    "        (#qualname? @fn \"Crypto.Cipher.DES.new\" \"hashlib.md5\"))\n"
    "    description: d\n"
    "    recommendation: r\n"
    "    examples:\n"
    "      - path: a.py\n"
    "        content: 'DES.new(k)'\n"
    "    negative_examples:\n"
    "      - path: a.py\n"
    "        content: 'AES.new(k)'\n";

/* An engine of the rules in `yaml` alone, loaded from a temporary directory that is
 * removed again. */
static struct scan_engine *engine_of(const char *yaml)
{
    char dir[512], path[600];
    assert_non_null(test_mkdtemp(dir, sizeof dir, "code"));
    snprintf(path, sizeof path, "%s/rules.yaml", dir);
    write_file(path, yaml);
    const char *const dirs[] = {dir};
    struct scan_engine_config cfg = {false, dirs, 1, NULL};
    struct scan_engine *e = NULL;
    struct buf err = BUF_INIT;
    enum vg_err rc = scan_engine_load(&cfg, &e, &err);
    if (rc != VG_OK)
        fprintf(stderr, "%s", buf_cstr(&err));
    buf_release(&err);
    unlink(path);
    rmdir(dir);
    assert_int_equal(rc, VG_OK);
    return e;
}

static void expect_lines(const struct scan_engine *e, const char *text, const unsigned *want,
                         size_t n_want)
{
    expect_lines_in(e, "app/x.py", text, want, n_want);
}

/* #qualname?: a call's dotted name resolved through the file's Python imports. */
static void test_qualname_aliases(void **state)
{
    (void)state;
    struct scan_engine *qe = engine_of(qualname_rule);
    static const unsigned w1[] = {4, 5, 6, 7};
    expect_lines(qe, "from Crypto.Cipher import DES as legacy, AES\n"
           "import Crypto.Cipher.DES as d2\n"
           "import Crypto.Cipher\n"
           "legacy.new(k)\n"
           "d2.new(k)\n"
           "Crypto.Cipher.DES.new(k)\n"
           "Crypto.Cipher . DES . new(k)\n"
           "AES.new(k)\n"
           "legacy.old(k)\n",
           w1, 4);
    /* an import inside a function; a from-import of the function itself */
    static const unsigned w2[] = {3, 5};
    expect_lines(qe, "def f(x):\n"
           "    from hashlib import md5 as weak\n"
           "    return weak(x)\n"
           "from hashlib import md5\n"
           "md5(b'x')\n",
           w2, 2);
    scan_engine_free(qe);
}

/* #qualname?: the tail fallback without an import, shadowing, the import in force. */
static void test_qualname_unbound_and_shadowed(void **state)
{
    (void)state;
    struct scan_engine *qe = engine_of(qualname_rule);
    /* No import binds DES: the chain is a tail of a wanted path. A lone name is not. */
    static const unsigned w1[] = {1};
    expect_lines(qe, "DES.new(k)\nnew(k)\nmd5(x)\nCipher.DES.new\n", w1, 1);
    /* DES is bound to another module: no finding; a relative import binds nothing known. */
    expect_lines(qe, "from mylib.ciphers import DES\nDES.new(k)\n", NULL, 0);
    expect_lines(qe, "from . import hashlib\nhashlib.md5x(b'x')\n", NULL, 0);
    /* The last binding wins. */
    static const unsigned w2[] = {4};
    expect_lines(qe, "from mylib import DES\nDES.new(k)\nfrom Crypto.Cipher import DES\nDES.new(k)\n", w2, 1);
    /* A chain longer than the resolver's buffer is not a match (and does not crash). */
    char *longcall = xmalloc(2000);
    strcpy(longcall, "a");
    for (int i = 0; i < 200; i++)
        strcat(longcall, ".bcdefgh");
    strcat(longcall, ".new(k)\n");
    expect_lines(qe, longcall, NULL, 0);
    free(longcall);
    scan_engine_free(qe);
}

static const char qualname_js_rule[] =
    "rules:\n"
    "  - id: t-qualname-js\n"
    "    title: t\n"
    "    category: injection\n"
    "    severity: medium\n"
    "    confidence: high\n"
    "    languages: [javascript, typescript]\n"
    "    engine: tree\n"
    "    pattern: 'exec|readFile'\n"
    "    query: |\n"
    "      ((call_expression function: (_) @fn) @finding\n"
    "        (#qualname? @fn \"child_process.exec\" \"fs.readFile\"))\n"
    "    description: d\n"
    "    recommendation: r\n"
    "    examples:\n"
    "      - path: a.js\n"
    "        content: 'child_process.exec(c)'\n"
    "    negative_examples:\n"
    "      - path: a.js\n"
    "        content: 'db.exec(c)'\n";

/* #qualname? in JavaScript/TypeScript: require() and import bindings. */
static void test_qualname_js(void **state)
{
    (void)state;
    struct scan_engine *qe = engine_of(qualname_js_rule);
    static const unsigned w1[] = {5, 6, 7, 8, 9, 10};
    expect_lines_in(qe, "src/a.js",
                    "const cp = require('child_process');\n"
                    "const { exec: run, spawn } = require('node:child_process');\n"
                    "const rf = require('fs').readFile;\n"
                    "let other = require('./child_process');\n"
                    "cp.exec(cmd);\n"
                    "run(cmd);\n"
                    "rf(p, cb);\n"
                    "require('child_process').exec(cmd);\n"
                    "cp?.exec(cmd);\n"
                    "cp\n  .exec(cmd);\n"
                    "other.exec(cmd);\n"
                    "spawn(cmd);\n"
                    "db.exec(sql);\n"
                    "exec(cmd);\n",
                    w1, 6);
    static const unsigned w2[] = {4, 5, 6};
    expect_lines_in(qe, "src/b.ts",
                    "import * as proc from 'child_process';\n"
                    "import fsx, { readFile as rd } from 'fs';\n"
                    "import { exec } from 'shelljs';\n"
                    "proc.exec(cmd);\n"
                    "rd(p);\n"
                    "fsx.readFile(p);\n"
                    "exec(cmd);\n",
                    w2, 3);
    /* no binding: a tail of two parts or more matches, a lone name does not */
    static const unsigned w3[] = {1};
    expect_lines_in(qe, "src/c.js", "child_process.exec(c);\nexec(c);\nx.child_process.execX(c);\n",
                    w3, 1);
    /* a hostile require: unterminated, empty, over-long */
    expect_lines_in(qe, "src/d.js", "require('child_process.exec(c);\nrequire('')(c);\n", NULL, 0);
    scan_engine_free(qe);
}

static const char value_rule[] =
    "rules:\n"
    "  - id: t-value\n"
    "    title: t\n"
    "    category: crypto\n"
    "    severity: medium\n"
    "    confidence: high\n"
    "    languages: [javascript]\n"
    "    engine: tree\n"
    "    pattern: 'use'\n"
    "    query: |\n"
    "      ((call_expression function: (identifier) @f (#eq? @f \"use\")\n"
    "                        arguments: (arguments . (_) @v)) @finding\n"
    "        (#value-match? @v \"^(weak|0)$\"))\n"
    "      ((call_expression function: (identifier) @g (#eq? @g \"useOpts\")\n"
    "                        arguments: (arguments . (_) @o)) @finding\n"
    "        (#member-match? @o \"mode\" \"^(weak|0)$\"))\n"
    "    description: d\n"
    "    recommendation: r\n"
    "    examples:\n"
    "      - path: a.js\n"
    "        content: 'use(\"weak\")'\n"
    "    negative_examples:\n"
    "      - path: a.js\n"
    "        content: 'use(\"strong\")'\n";

static const char value_py_rule[] =
    "rules:\n"
    "  - id: t-value-py\n"
    "    title: t\n"
    "    category: crypto\n"
    "    severity: medium\n"
    "    confidence: high\n"
    "    languages: [python]\n"
    "    engine: tree\n"
    "    pattern: 'use'\n"
    "    query: |\n"
    "      ((call function: (identifier) @p (#eq? @p \"use\")\n"
    "             arguments: (argument_list . (_) @pv)) @finding\n"
    "        (#value-match? @pv \"^weak$\"))\n"
    "      ((call function: (identifier) @q (#eq? @q \"useOpts\")\n"
    "             arguments: (argument_list . (_) @po)) @finding\n"
    "        (#member-match? @po \"mode\" \"^weak$\"))\n"
    "    description: d\n"
    "    recommendation: r\n"
    "    examples:\n"
    "      - path: a.py\n"
    "        content: 'use(\"weak\")'\n"
    "    negative_examples:\n"
    "      - path: a.py\n"
    "        content: 'use(\"strong\")'\n";

/* Python: a `request` parameter typed as a client's outgoing request (a requests transport
 * adapter's PreparedRequest) is not request data; an untyped or server-typed one is. */
static void test_py_client_request_param(void **state)
{
    (void)state;
    const char *src = "import os\n"
                      "class LocalAdapter(BaseAdapter):\n"
                      "    def send(self, request: PreparedRequest, stream: bool = False):\n"
                      "        return open(url_to_path(request.url), 'rb')\n"
                      "def view(request: HttpRequest):\n"
                      "    return open(os.path.join('/srv', request.path)).read()\n"
                      "def send(request: requests.PreparedRequest):\n"
                      "    return open(request.path).read()\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/adapters.py", src, &res);
    expect_one(&res, "py-path-traversal-request-data", 6);
    scan_result_release(&res);
}

/* The request-data prefilter (the shared `request-data` pattern of rules/code/tree-js.yaml
 * and tree-py.yaml, and its variants) selects a file that reads any request member the taint
 * pass takes as request data: a member added to taint.c's table and not to the prefilter
 * would never be parsed for in a file with no other sign of a handler. */
static void test_request_prefilter_covers_sources(void **state)
{
    (void)state;
    struct rule_set set = {0};
    struct buf err = BUF_INIT;
    assert_int_equal(rules_load(&set, true, NULL, 0, &err), 0);
    size_t checked[2] = {0, 0};
    for (size_t i = 0; i < set.n; i++) {
        const struct rule *r = &set.rules[i];
        bool py = r->pattern != NULL && strstr(r->pattern, "matchdict") != NULL;
        if (r->pattern == NULL || r->engine != RULE_ENGINE_TREE ||
            (!py && strstr(r->pattern, "IncomingMessage") == NULL))
            continue;
        char msg[128];
        pcre2_code *re = engine_pcre2_compile(r->pattern, r->flags, 0, msg, sizeof msg);
        assert_non_null(re);
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        for (const char *const *m = taint_request_members(py); *m != NULL; m++) {
            char line[128];
            snprintf(line, sizeof line, py ? "    x = request.%s\n" : "  const x = req.%s;\n", *m);
            int rc = pcre2_match(re, (PCRE2_SPTR)line, strlen(line), 0, 0, md, NULL);
            if (rc < 0)
                fprintf(stderr, "%s: prefilter misses %s", r->id, line);
            assert_true(rc >= 0);
        }
        /* the command line and environment (taint.c: eval_member's sys.argv/os.environ
         * and their forms, py_cli_call) in the prefilter that keeps argv */
        static const char *const cli[] = {
            "    x = sys.argv[1]\n",          "    x = sys.orig_argv[1]\n",
            "    x = os.environ['A']\n",      "    x = os.environb[b'A']\n",
            "    x = os.getenv('A')\n",       "    x = os.getenvb(b'A')\n",
            "    a = parser.parse_args()\n", "    a, r = p.parse_known_args()\n",
            "    a = p.parse_intermixed_args()\n", "from os import environ\n",
            "from sys import orig_argv\n",   NULL};
        for (const char *const *l = cli; py && strstr(r->pattern, "argv") != NULL && *l; l++) {
            int rc = pcre2_match(re, (PCRE2_SPTR)*l, strlen(*l), 0, 0, md, NULL);
            if (rc < 0)
                fprintf(stderr, "%s: prefilter misses %s", r->id, *l);
            assert_true(rc >= 0);
        }
        pcre2_match_data_free(md);
        pcre2_code_free(re);
        checked[py]++;
    }
    assert_true(checked[0] >= 10 && checked[1] >= 5); /* the families that share it */
    rules_release(&set);
    buf_release(&err);
}

/* #value-match? / #member-match?: a literal, or what a name holds where it is read (its last
 * declaration or assignment before the use, in the nearest block that has one), or an object
 * literal's member; never a parameter's value, a later declaration or a substitution. */
static void test_value_predicates(void **state)
{
    (void)state;
    struct scan_engine *ve = engine_of(value_rule);
    static const unsigned w1[] = {1, 3, 5, 7, 9, 11, 12};
    expect_lines_in(ve, "src/a.js",
                    "use('weak');\n"
                    "const A = \"weak\";\n"
                    "use(A);\n"
                    "if (x) {\n"
                    "  use(A);\n"
                    "}\n"
                    "use(`weak`);\n"
                    "const C = A;\n"
                    "use(C);\n"
                    "const O = { mode: 'weak', n: 0 };\n"
                    "use(O.mode);\n"
                    "use(O.n);\n",
                    w1, 7);
    /* a parameter shadows the constant; a reassignment before the use; a declaration after
     * it; an unknown name; a template with a substitution; another literal; no such member */
    expect_lines_in(ve, "src/b.js",
                    "const A = 'weak';\n"
                    "function f(A) { use(A); }\n"
                    "const g = (A) => use(A);\n"
                    "let B = 'weak';\n"
                    "B = 'strong';\n"
                    "use(B);\n"
                    "use(D);\n"
                    "const D = 'weak';\n"
                    "use(Z);\n"
                    "use(`weak${x}`);\n"
                    "use('weakness');\n"
                    "use(P.mode);\n"
                    "const P = { other: 'weak' };\n"
                    "use(P.mode);\n",
                    NULL, 0);
    static const unsigned w2[] = {1, 3, 5, 7};
    expect_lines_in(ve, "src/c.js",
                    "useOpts({ mode: 'weak' });\n"
                    "const M = 0;\n"
                    "useOpts({ mode: M });\n"
                    "const opts = { 'mode': 'weak', other: 1 };\n"
                    "useOpts(opts);\n"
                    "const mode = 'weak';\n"
                    "useOpts({ mode });\n"
                    "useOpts({ mode: 'strong' });\n"
                    "useOpts({ other: 'weak' });\n"
                    "useOpts(unknown);\n",
                    w2, 4);
    scan_engine_free(ve);
    struct scan_engine *pe = engine_of(value_py_rule);
    static const unsigned w3[] = {2, 3, 6};
    expect_lines_in(pe, "app/x.py",
                    "A = 'weak'\n"
                    "use(A)\n"
                    "use(r\"weak\")\n"
                    "def f(A):\n"
                    "    use(A)\n"
                    "use('''weak''')\n"
                    "use(f'{x}weak')\n"
                    "use('')\n",
                    w3, 3);
    /* dictionaries and dict(k=v) calls: literal, held in a name, read with ["key"] */
    static const unsigned w4[] = {1, 3, 4, 6, 8};
    expect_lines_in(pe, "app/y.py",
                    "useOpts({'mode': 'weak'})\n"
                    "O = {'other': 'strong', \"mode\": \"weak\"}\n"
                    "useOpts(O)\n"
                    "useOpts(dict(mode='weak', n=1))\n"
                    "P = dict(mode=r'weak')\n"
                    "useOpts(P)\n"
                    "C = {'mode': 'weak', 'other': 'strong'}\n"
                    "use(C['mode'])\n"
                    "use(C['other'])\n"
                    "use(C[k])\n"
                    "useOpts({'mode': 'strong', 'other': 'weak'})\n"
                    "useOpts(dict(other='weak'))\n"
                    "useOpts(make(mode='weak'))\n"
                    "def f(P):\n"
                    "    useOpts(P)\n",
                    w4, 5);
    scan_engine_free(pe);
}

/* `<sink>.param`: request data and parameters are reported, values of unknown origin and
 * constants are not; the `browser` sink; a JSX query of a `typescript` rule loads (the plain
 * TypeScript grammar has no JSX nodes) and runs on .tsx and .jsx files. */
static const char *const param_jsx_rules =
    "rules:\n"
    "  - id: t-browser-param\n"
    "    title: t\n"
    "    category: ssrf\n"
    "    severity: medium\n"
    "    confidence: medium\n"
    "    languages: [javascript, typescript]\n"
    "    engine: tree\n"
    "    pattern: 'goto|setContent'\n"
    "    check: browser.param\n"
    "    description: d\n"
    "    recommendation: r\n"
    "    examples: [{path: a.js, content: \"function f(u) { page.goto(u); }\"}]\n"
    "  - id: t-jsx-href\n"
    "    title: t\n"
    "    category: xss\n"
    "    severity: low\n"
    "    confidence: low\n"
    "    languages: [javascript, typescript]\n"
    "    engine: tree\n"
    "    pattern: 'href'\n"
    "    query: |\n"
    "      ((jsx_attribute (property_identifier) @h (jsx_expression (member_expression))) @finding\n"
    "        (#eq? @h \"href\"))\n"
    "    description: d\n"
    "    recommendation: r\n"
    "    examples: [{path: a.jsx, content: \"const a = <a href={u.site}/>;\"}]\n";

static void test_param_check_and_jsx(void **state)
{
    (void)state;
    struct scan_engine *pe = engine_of(param_jsx_rules);
    static const unsigned w1[] = {2, 3};
    expect_lines_in(pe, "src/shot.js",
                    "async function shot(page, target, html) {\n"
                    "  await page.goto(target);\n"
                    "  await page.setContent('<p>' + html);\n"
                    "  await page.goto(nextUrl());\n"
                    "  await page.goto(globalTarget);\n"
                    "  const home = 'https://example.org/';\n"
                    "  await page.goto(home);\n"
                    "}\n",
                    w1, 2);
    static const unsigned w2[] = {1};
    expect_lines_in(pe, "src/link.tsx", "export const L = (p) => <a href={p.site}>x</a>;\n", w2, 1);
    expect_lines_in(pe, "src/link.jsx", "export const L = (p) => <a href={p.site}>x</a>;\n", w2, 1);
    expect_lines_in(pe, "src/link.ts", "export const href = { site: p.site };\n", NULL, 0);
    scan_engine_free(pe);
}

/* A hard-coded key reached through an options object held in a variable (declared above,
 * completed by `opts.secretOrKey = ...`, merged with Object.assign) or wrapped in
 * JWK.asKey(): one finding from the literal to the call; the last assignment wins. */
static void test_key_options_variable(void **state)
{
    (void)state;
    const char *src = "const session = require('cookie-session');\n"
                      "function setup(app) {\n"
                      "  const opts = {\n"
                      "    keys: ['k3y-number-one'],\n"
                      "    name: 'sid'\n"
                      "  };\n"
                      "  app.use(session(opts));\n"
                      "}\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "src/app.js", src, &res);
    const struct scan_finding *f = find(&res, "js-hardcoded-key-in-variable");
    assert_non_null(f);
    assert_int_equal(f->line_start, 4);
    assert_int_equal(f->line_end, 7);
    scan_result_release(&res);

    const char *over = "const JwtStrategy = require('passport-jwt').Strategy;\n"
                       "const opts = {};\n"
                       "opts.secretOrKey = 'dev-k3y';\n"
                       "opts.secretOrKey = process.env.JWT_KEY;\n"
                       "passport.use(new JwtStrategy(opts, verify));\n";
    struct scan_result r2 = SCAN_RESULT_INIT;
    scan_with(eng, "config/passport.js", over, &r2);
    assert_int_equal(count(&r2, "js-hardcoded-key-in-variable"), 0);
    scan_result_release(&r2);

    const char *wrap = "const { JWK, JWT } = require('jose');\n"
                       "const t = JWT.sign(payload, JWK.asKey('oct-k3y-value'));\n"
                       "const u = JWT.sign(payload, JWK.asKey(process.env.K));\n";
    struct scan_result r3 = SCAN_RESULT_INIT;
    scan_with(eng, "lib/token.js", wrap, &r3);
    assert_int_equal(count(&r3, "js-hardcoded-key-in-variable"), 1);
    scan_result_release(&r3);
}

/* ReDoS: request data matched against a literal whose repeated group holds a repeated
 * part (directly, through a variable declared above, or as x.match(re)); a flat class, an
 * escaped paren or a bounded repeat is not reported, nor a constant subject. */
static void test_redos_nested_quantifier(void **state)
{
    (void)state;
    const char *src = "app.get('/a', (req, res) => {\n"
                      "  const r = /^(([a-z])+.)+[A-Z]$/;\n"
                      "  r.test(req.query.a);\n"
                      "  req.query.b.match(/(\\w+\\s?)*$/);\n"
                      "  /^[a-z]+$/.test(req.query.c);\n"
                      "  /\\(a+\\)+/.test(req.query.d);\n"
                      "  /^(a{2,3})+$/.test(req.query.e);\n"
                      "  r.test('constant');\n"
                      "  res.end();\n"
                      "});\n";
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "routes/a.js", src, &res);
    assert_int_equal(count(&res, "js-redos-request-data"), 2);
    const struct scan_finding *f = find(&res, "js-redos-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 3);
    scan_result_release(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grammar_abi),
        cmocka_unit_test(test_js_flow_across_lines),
        cmocka_unit_test(test_finding_lines),
        cmocka_unit_test(test_user_input_source),
        cmocka_unit_test(test_python_request_objects),
        cmocka_unit_test(test_python_built_strings),
        cmocka_unit_test(test_ts_request_typed),
        cmocka_unit_test(test_confidence_by_origin),
        cmocka_unit_test(test_js_request_members),
        cmocka_unit_test(test_js_built_strings),
        cmocka_unit_test(test_python_flows),
        cmocka_unit_test(test_python_unknown_origins),
        cmocka_unit_test(test_python_write_nan_xml),
        cmocka_unit_test(test_noise_classes),
        cmocka_unit_test(test_sql_layer_internal),
        cmocka_unit_test(test_code_test_files),
        cmocka_unit_test(test_path_join_flows),
        cmocka_unit_test(test_made_request_object),
        cmocka_unit_test(test_host_header_url),
        cmocka_unit_test(test_js_nosql_filters),
        cmocka_unit_test(test_optout_guarded),
        cmocka_unit_test(test_sql_sink_shapes),
        cmocka_unit_test(test_reflected_container),
        cmocka_unit_test(test_library_shapes),
        cmocka_unit_test(test_guard_clause),
        cmocka_unit_test(test_precise_values),
        cmocka_unit_test(test_query_rules),
        cmocka_unit_test(test_hostile_input),
        cmocka_unit_test(test_parse_gates),
        cmocka_unit_test(test_qualname_aliases),
        cmocka_unit_test(test_qualname_unbound_and_shadowed),
        cmocka_unit_test(test_qualname_js),
        cmocka_unit_test(test_value_predicates),
        cmocka_unit_test(test_request_prefilter_covers_sources),
        cmocka_unit_test(test_py_client_request_param),
        cmocka_unit_test(test_param_check_and_jsx),
        cmocka_unit_test(test_key_options_variable),
        cmocka_unit_test(test_python_nosql_header_etpath),
        cmocka_unit_test(test_redos_nested_quantifier),
        cmocka_unit_test(test_archive_check_and_relative_url),
        cmocka_unit_test(test_equality_method),
        cmocka_unit_test(test_tooling_path),
        cmocka_unit_test(test_function_code_generator),
        cmocka_unit_test(test_nested_helpers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
