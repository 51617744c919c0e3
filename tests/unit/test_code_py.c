/*
 * test_code_py.c - Python code checks of the taint pass (src/code/taint.c, Python tables)
 * added in session 12: nested SQL sinks as one finding, shell= through a name, JWT/HMAC
 * keys held in module constants, weak random returned by secret-named helpers,
 * HTMLResponse(content=...). Same harness as test_code.c.
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
#include "util/xalloc.h"

/* Python: SQL sinks nested in one call (execute(text(f"..."))) are one finding; shell=
 * through a name last set to True is a shell, set back to False it is not. */
static void test_python_nested_sql_shell_name(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/views.py",
              "import subprocess\n"
              "from sqlalchemy import text\n"
              "def q(request, db):\n"
              "    name = request.GET['n']\n"
              "    db.execute(text(f\"SELECT * FROM t WHERE n = '{name}'\"))\n"
              "def run(request):\n"
              "    kw = True\n"
              "    subprocess.run(request.GET['cmd'], shell=kw)\n"
              "def safe(request):\n"
              "    kw = True\n"
              "    kw = False\n"
              "    subprocess.run(request.GET['cmd'], shell=kw)\n",
              &res);
    assert_int_equal(count(&res, "py-sql-request-data"), 1);
    assert_int_equal(count(&res, "py-command-injection-request-data"), 1);
    const struct scan_finding *f = find(&res, "py-command-injection-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 8);
    scan_result_release(&res);
}

/* Python: a JWT/HMAC key held in a module constant is one finding at the constant, however
 * many calls use it; a key from the environment or settings is none. */
static void test_python_key_constant(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/auth.py",
              "import os, jwt, hmac\n"
              "KEY = 'changeme'\n"
              "ENV_KEY = os.environ['K']\n"
              "def issue(u):\n"
              "    return jwt.encode({'sub': u}, KEY, algorithm='HS256')\n"
              "def read(tok):\n"
              "    jwt.decode(tok, ENV_KEY, algorithms=['HS256'])\n"
              "    return jwt.decode(tok, key=KEY, algorithms=['HS256'])\n",
              &res);
    assert_int_equal(count(&res, "py-hardcoded-key-in-variable"), 1);
    const struct scan_finding *f = find(&res, "py-hardcoded-key-in-variable");
    assert_non_null(f);
    assert_int_equal(f->line_start, 2);
    assert_int_equal(f->line_end, 2);
    scan_result_release(&res);
}

/* Python: a weak random value returned by a function named for a secret is a token (not
 * in footprint_jitter, not in a file that falls back from the secrets module);
 * HTMLResponse(content=...) is the response body as much as HTMLResponse(...). */
static void test_python_random_return_html_content(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/accounts.py",
              "import random\n"
              "def make_reset_token():\n"
              "    return str(random.randint(100000, 999999))\n"
              "def footprint_jitter():\n"
              "    return random.randint(1, 9)\n"
              "def otp(request):\n"
              "    html = render(request, 'otp.html', {'otp': random.randint(100, 999)})\n"
              "    return html\n",
              &res);
    assert_int_equal(count(&res, "py-insecure-random-token"), 1);
    const struct scan_finding *f = find(&res, "py-insecure-random-token");
    assert_non_null(f);
    assert_int_equal(f->line_start, 3);
    scan_result_release(&res);
    struct scan_result r2 = SCAN_RESULT_INIT;
    scan_with(eng, "app/common.py",
              "try:\n"
              "    from secrets import randbits\n"
              "except ImportError:\n"
              "    from random import getrandbits as randbits\n"
              "def generate_nonce():\n"
              "    return str(randbits(64))\n",
              &r2);
    assert_int_equal(count(&r2, "py-insecure-random-token"), 0);
    scan_result_release(&r2);
    struct scan_result r3 = SCAN_RESULT_INIT;
    scan_with(eng, "api/main.py",
              "from fastapi.responses import HTMLResponse\n"
              "@app.get('/greet')\n"
              "def greet(name: str):\n"
              "    return HTMLResponse(content='<p>' + name + '</p>')\n",
              &r3);
    assert_int_equal(count(&r3, "py-flask-reflected-request-data"), 1);
    scan_result_release(&r3);
}

/* Python: a redirect to request data joined after a lone "/" ("/" + x, f"/{x}",
 * "/%s" % x) is open ("//evil.example" is another host); "/static/" + x and "/%d" % n
 * stay fixed paths. */
static void test_python_redirect_lone_slash(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/views.py",
              "from flask import redirect, request\n"
              "@app.route('/a')\n"
              "def a():\n"
              "    return redirect('/' + request.args.get('next'))\n"
              "@app.route('/b')\n"
              "def b():\n"
              "    return redirect(f\"/{request.args['next']}\")\n"
              "@app.route('/c')\n"
              "def c():\n"
              "    return redirect('/%s' % request.args['next'])\n"
              "@app.route('/d')\n"
              "def d():\n"
              "    return redirect('/static/' + request.args['f'])\n"
              "@app.route('/e')\n"
              "def e():\n"
              "    return redirect('/%d' % request.args['n'])\n",
              &res);
    assert_int_equal(count(&res, "py-open-redirect-request-data"), 3);
    scan_result_release(&res);
}

/* Python: flask-restful's parser.parse_args() is request data in a file that names
 * reqparse; argparse's parse_args() in a command-line script is not: it is the command
 * line, reported at low confidence and at most medium severity. */
static void test_python_reqparse_source(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "api/resources.py",
              "import os\n"
              "from flask_restful import reqparse, Resource\n"
              "parser = reqparse.RequestParser()\n"
              "class Ping(Resource):\n"
              "    def get(self):\n"
              "        args = parser.parse_args()\n"
              "        os.system('ping -c 1 ' + args['host'])\n",
              &res);
    assert_int_equal(count(&res, "py-command-injection-request-data"), 1);
    scan_result_release(&res);
    struct scan_result r2 = SCAN_RESULT_INIT;
    scan_with(eng, "tools/ping.py",
              "import os, argparse\n"
              "parser = argparse.ArgumentParser()\n"
              "def main():\n"
              "    args = parser.parse_args()\n"
              "    os.system('ping -c 1 ' + args.host)\n",
              &r2);
    assert_int_equal(count(&r2, "py-command-injection-request-data"), 1);
    for (size_t i = 0; i < r2.n_findings; i++) {
        const struct scan_finding *f = &r2.findings[i];
        if (strcmp(f->rule_id, "py-command-injection-request-data") != 0)
            continue;
        assert_int_equal(f->confidence, CONF_LOW);
        assert_int_equal(f->severity, SEV_MEDIUM);
    }
    scan_result_release(&r2);
}

/* Python: an uploaded file saved under a path from the request is a path traversal at
 * the save() line; secure_filename() and a Django storage's save(name, f) are not. */
static void test_python_upload_save(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/upload.py",
              "import os\n"
              "from flask import request\n"
              "from werkzeug.utils import secure_filename\n"
              "@app.route('/up', methods=['POST'])\n"
              "def up():\n"
              "    f = request.files['doc']\n"
              "    f.save(os.path.join('/srv/uploads', secure_filename(f.filename)))\n"
              "    f.save(os.path.join('/srv/uploads', f.filename))\n"
              "def dj(request):\n"
              "    fs = FileSystemStorage()\n"
              "    doc = request.FILES['document']\n"
              "    fs.save(doc.name, doc)\n",
              &res);
    assert_int_equal(count(&res, "py-path-traversal-request-data"), 1);
    const struct scan_finding *f = find(&res, "py-path-traversal-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 8);
    scan_result_release(&res);
}

/* Python sources: a Falcon responder's req (and its URI fields), bottle.request.query,
 * werkzeug's request.referrer and Django's request.get_full_path(); a method named
 * on_get outside the (self, req, resp) shape is not a responder. */
static void test_python_more_sources(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/resources.py",
              "import os, bottle\n"
              "class Items:\n"
              "    def on_get(self, req, resp):\n"
              "        os.system('echo ' + req.get_param('q'))\n"
              "    def on_post_item(self, req, resp, item_id):\n"
              "        os.system('echo ' + item_id)\n"
              "class Hooks:\n"
              "    def on_get(self, event, data):\n"
              "        os.system('echo ' + data)\n"
              "@bottle.route('/b')\n"
              "def b():\n"
              "    os.system('echo ' + bottle.request.query.x)\n"
              "def v(request):\n"
              "    os.system('echo ' + request.referrer)\n"
              "    os.system('echo ' + request.get_full_path())\n",
              &res);
    assert_int_equal(count(&res, "py-command-injection-request-data"), 5);
    for (size_t i = 0; i < res.n_findings; i++) {
        if (strcmp(res.findings[i].rule_id, "py-command-injection-request-data") == 0)
            assert_int_not_equal(res.findings[i].line_start, 9);
    }
    scan_result_release(&res);
}

/* Python: a module's own top-level def compile(...) is not the builtin; the builtin's
 * call in another module still is a sink. */
static void test_python_module_own_function(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    const char *body = "import sys\n"
                       "def main():\n"
                       "    for name in sys.stdin.readlines():\n"
                       "        compile(name, doraise=True)\n";
    char own[512];
    snprintf(own, sizeof own, "def compile(file, doraise=False):\n    return file\n%s", body);
    scan_with(eng, "tools/py_compile.py", own, &res);
    assert_int_equal(count(&res, "py-eval-request-data"), 0);
    scan_result_release(&res);
    struct scan_result r2 = SCAN_RESULT_INIT;
    scan_with(eng, "tools/run.py", body, &r2);
    assert_int_equal(count(&r2, "py-eval-request-data"), 1);
    scan_result_release(&r2);
}

/* Noise on real Python (session 14): pickle/marshal of what is not request data is medium
 * severity at low confidence; request data stays high. */
static void test_python_deser_severity(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/cache.py",
              "import pickle, marshal\n"
              "from flask import request\n"
              "def load(path):\n"
              "    with open(path, 'rb') as f:\n"
              "        return marshal.load(f)\n"
              "def grammar(pkl):\n"
              "    return pickle.loads(pkl)\n"
              "@app.post('/import')\n"
              "def imp():\n"
              "    return pickle.loads(request.get_data())\n",
              &res);
    assert_int_equal(count(&res, "py-pickle-load"), 3);
    for (size_t i = 0; i < res.n_findings; i++) {
        const struct scan_finding *f = &res.findings[i];
        if (strcmp(f->rule_id, "py-pickle-load") != 0)
            continue;
        bool req = f->line_start == 10;
        assert_int_equal(f->severity, req ? SEV_HIGH : SEV_MEDIUM);
        assert_int_equal(f->confidence, req ? CONF_HIGH : CONF_LOW);
    }
    scan_result_release(&res);
}

/* TLS plumbing: protocol constants in a mapping, a context class's own defaults, the
 * hostname check turned off before a caller's cert_reqs selects the mode or when there is
 * no host name; a context an application makes unsafe stays reported. */
static void test_python_tls_plumbing(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "lib/ssl_util.py",
              "import ssl\n"
              "VERSIONS = {ssl.PROTOCOL_TLSv1: 'TLSv1', ssl.PROTOCOL_TLSv1_1: 'TLSv1.1'}\n"
              "VERSIONS[ssl.PROTOCOL_SSLv3] = 'SSLv3'\n"
              "class SSLContext(object):\n"
              "    def __init__(self, protocol_version):\n"
              "        self.check_hostname = False\n"
              "        self.verify_mode = ssl.CERT_NONE\n"
              "def make(cert_reqs, server_hostname):\n"
              "    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n"
              "    context.check_hostname = False\n"
              "    context.verify_mode = cert_reqs\n"
              "    return context\n"
              "def client(server_hostname):\n"
              "    ctx = ssl.create_default_context()\n"
              "    if not server_hostname:\n"
              "        ctx.check_hostname = False\n"
              "    return ctx\n",
              &res);
    assert_int_equal(count(&res, "py-insecure-tls-version"), 0);
    assert_int_equal(count(&res, "py-ssl-unverified-context"), 0);
    scan_result_release(&res);
    const char *app = "import ssl\n"
                      "def connect(host):\n"
                      "    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n"
                      "    ctx.check_hostname = False\n"
                      "    ctx.verify_mode = ssl.CERT_NONE\n"
                      "    return ctx\n";
    static const unsigned want[] = {3, 4, 5};
    expect_lines_in(eng, "app/net.py", app, want, 3);
}

/* A password stored as given is reported on a model, not on a client or authoriser that
 * keeps the credential it sends; a password field set to a fast digest is a weak password
 * hash at high confidence. */
static void test_python_password_storage(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/models.py",
              "import hashlib\n"
              "class User(db.Model):\n"
              "    def __init__(self, name, password):\n"
              "        self.password = password\n"
              "class HTTPBasicAuth(AuthBase):\n"
              "    def __init__(self, username, password):\n"
              "        self.password = password\n"
              "def register(user, raw):\n"
              "    user.password = hashlib.sha1(raw).hexdigest()\n"
              "    user.avatar = hashlib.md5(raw).hexdigest()\n",
              &res);
    assert_int_equal(count(&res, "py-password-stored-in-plain-text"), 1);
    const struct scan_finding *f = find(&res, "py-password-stored-in-plain-text");
    assert_non_null(f);
    assert_int_equal(f->line_start, 4);
    assert_int_equal(count(&res, "py-weak-password-hash"), 1);
    f = find(&res, "py-weak-password-hash");
    assert_non_null(f);
    assert_int_equal(f->line_start, 9);
    assert_int_equal(f->confidence, CONF_HIGH);
    scan_result_release(&res);
}

/* A line typed at the console written with self.write() (telnetlib's interact()) is no
 * response; a Tornado handler writing a request argument is. A random number named token
 * in a MIME boundary maker is no secret. */
static void test_python_console_write_boundary(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "lib/telnet.py",
              "import sys, random\n"
              "class Telnet:\n"
              "    def interact(self):\n"
              "        line = sys.stdin.readline()\n"
              "        self.write(line)\n"
              "def _make_boundary(text=None):\n"
              "    token = random.randrange(sys.maxsize)\n"
              "    return '=' * 15 + str(token)\n"
              "def pick():\n"
              "    token = random.randrange(sys.maxsize)\n"
              "    return token\n",
              &res);
    assert_int_equal(count(&res, "py-flask-reflected-request-data"), 0);
    assert_int_equal(count(&res, "py-insecure-random-token"), 1);
    const struct scan_finding *f = find(&res, "py-insecure-random-token");
    assert_non_null(f);
    assert_int_equal(f->line_start, 10);
    scan_result_release(&res);
    struct scan_result r2 = SCAN_RESULT_INIT;
    scan_with(eng, "app/handlers.py",
              "import tornado.web\n"
              "class Echo(tornado.web.RequestHandler):\n"
              "    def get(self):\n"
              "        self.write(self.get_argument('q'))\n",
              &r2);
    assert_int_equal(count(&r2, "py-flask-reflected-request-data"), 1);
    scan_result_release(&r2);
}

/* eval/exec given a namespace (a name or an expression) runs code by design when the code
 * is not request data; a dict-literal "sandbox" and request data stay reported, and so does
 * a parameter that a caller fills from the request. */
static void test_python_eval_namespace(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/run.py",
              "from flask import request\n"
              "def gen(name, body, globals):\n"
              "    txt = f'def {name}():\\n {body}'\n"
              "    ns = {}\n"
              "    exec(txt, globals, ns)\n"
              "def calc(expr):\n"
              "    return eval(expr, {'__builtins__': None})\n"
              "def run(code, env):\n"
              "    exec(code, env)\n"
              "@app.post('/run')\n"
              "def view():\n"
              "    exec(request.form['c'], {})\n"
              "    run(request.form['d'], {})\n",
              &res);
    assert_int_equal(count(&res, "py-eval-exec-dynamic"), 1);
    const struct scan_finding *f = find(&res, "py-eval-exec-dynamic");
    assert_non_null(f);
    assert_int_equal(f->line_start, 7);
    assert_int_equal(count(&res, "py-eval-request-data"), 2);
    scan_result_release(&res);
}

/* A program started without a shell (os.exec*, os.spawn*, os.posix_spawn) from what is
 * not request data is a wrapper running its caller's program: low confidence, at most
 * medium severity; from request data it stays certain. os.system of a parameter keeps its
 * confidence. _pickle.load is pickle.load. */
static void test_python_noshell_program(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "lib/pty.py",
              "import os, _pickle\n"
              "from flask import request\n"
              "def spawn(argv):\n"
              "    os.execlp(argv[0], *argv)\n"
              "def run(cmd):\n"
              "    os.system(cmd)\n"
              "@app.get('/x')\n"
              "def view():\n"
              "    os.execlp(request.args['p'], 'p')\n"
              "    return _pickle.load(request.files['f'])\n",
              &res);
    size_t n = 0;
    for (size_t i = 0; i < res.n_findings; i++) {
        const struct scan_finding *f = &res.findings[i];
        if (f->line_start == 4) {
            assert_string_equal(f->rule_id, "py-os-system-dynamic");
            assert_int_equal(f->confidence, CONF_LOW);
            n++;
        } else if (f->line_start == 6) {
            assert_string_equal(f->rule_id, "py-os-system-dynamic");
            assert_int_equal(f->confidence, CONF_MEDIUM);
            n++;
        } else if (f->line_start == 9) {
            assert_string_equal(f->rule_id, "py-command-injection-request-data");
            assert_int_equal(f->confidence, CONF_HIGH);
            n++;
        } else if (f->line_start == 10) {
            assert_string_equal(f->rule_id, "py-pickle-load");
            assert_int_equal(f->severity, SEV_HIGH);
            n++;
        }
    }
    assert_int_equal(n, 4);
    scan_result_release(&res);
}

/* Session 15: `u = pickle.Unpickler(f)` is reported at each `u.load()` that follows (up to
 * u's next assignment), not at the constructor; one kept elsewhere is reported where it is
 * made. Quotes doubled in each element of a comprehension (sqlite3's dump:
 * `'"{0}"'.format(c.replace('"', '""')) for c in cols`) keep the joined SQL text escaped;
 * an element without the escape does not. */
static void test_python_unpickler_load_line(void **state)
{
    (void)state;
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/views.py",
              "import pickle\n"
              "def imp(request):\n"
              "    f = request.files['f']\n"
              "    u = pickle.Unpickler(f)\n"
              "    # read it\n"
              "    obj = u.load()\n"
              "    u = pickle.Unpickler(open('x.pkl', 'rb'))\n"
              "    u.load()\n"
              "    return pickle.Unpickler(request.files['g'])\n",
              &res);
    int lines[3] = {0, 0, 0}, n = 0;
    for (size_t i = 0; i < res.n_findings; i++) {
        if (strcmp(res.findings[i].rule_id, "py-pickle-load") == 0 && n < 3)
            lines[n++] = (int)res.findings[i].line_start;
    }
    assert_int_equal(n, 3);
    assert_int_equal(lines[0] + lines[1] + lines[2], 6 + 8 + 9);
    for (int i = 0; i < n; i++)
        assert_int_not_equal(lines[i], 4);
    scan_result_release(&res);

    struct scan_result r2 = SCAN_RESULT_INIT;
    scan_with(eng, "app/dump.py",
              "def dump(cu, request):\n"
              "    cols = request.args.getlist('c')\n"
              "    q = 'SELECT {0} FROM t'.format(\n"
              "        ','.join('\"{0}\"'.format(c.replace('\"', '\"\"')) for c in cols))\n"
              "    cu.execute(q)\n"
              "    q2 = 'SELECT {0} FROM t'.format(','.join('\"{0}\"'.format(c) for c in cols))\n"
              "    cu.execute(q2)\n",
              &r2);
    assert_int_equal(count(&r2, "py-sql-request-data"), 1);
    const struct scan_finding *f = find(&r2, "py-sql-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_end, 7);
    scan_result_release(&r2);
}

/* Python SSRF set on objects: a Request's full_url and a pool manager's proxy assigned
 * request data, httpx.Client(base_url=...), a pool taken from a ProxyManager, set_tunnel's
 * port; constants are not reported. */
static void test_python_ssrf_objects(void **state)
{
    (void)state;
    static const unsigned want[] = {8, 10, 12, 15, 17};
    expect_lines_in(eng, "app/views.py",
                    "import urllib.request, httpx, urllib3, http.client\n"
                    "from flask import request\n"
                    "def fetch():\n"
                    "    u = request.args['u']\n"
                    "    req = urllib.request.Request('https://a.example', None)\n"
                    "    req.full_url = 'https://b.example'\n"
                    "    other = object()\n"
                    "    req.full_url = u\n"
                    "    pm = urllib3.PoolManager()\n"
                    "    pm.proxy = u\n"
                    "    other.full_url = u\n"
                    "    c = httpx.Client(base_url=u)\n"
                    "    proxy = urllib3.ProxyManager('https://p.example')\n"
                    "    pool = proxy.connection_from_host('h')\n"
                    "    pool.urlopen('GET', u)\n"
                    "    conn = http.client.HTTPSConnection('h.example')\n"
                    "    conn.set_tunnel('h.example', u)\n"
                    "    httpx.Client(base_url='https://api.example')\n",
                    want, sizeof want / sizeof want[0]);
}

/* Python paths: pathlib objects opened or joined with request data, fileinput.input(files=);
 * a pathlib object built from constants and opened, or any other object's open(), is not. */
static void test_python_pathlib_sinks(void **state)
{
    (void)state;
    static const unsigned want[] = {6, 8, 9, 10};
    expect_lines_in(eng, "app/views.py",
                    "import fileinput\n"
                    "from pathlib import Path\n"
                    "from flask import request\n"
                    "def read():\n"
                    "    p = Path(request.args['f'])\n"
                    "    p.open()\n"
                    "    base = Path('/srv/files')\n"
                    "    base.joinpath(request.args['f'])\n"
                    "    (Path('/srv') / request.args['d']).mkdir()\n"
                    "    fileinput.input(files=request.args['f'])\n"
                    "    base.open()\n"
                    "    z = Zip(request.args['f'])\n"
                    "    z.open()\n",
                    want, sizeof want / sizeof want[0]);
}

/* DynamoDB expression strings and SimpleDB select from the event; a condition built with
 * boto3.dynamodb.conditions is not; strip_tags output in an HTML response is not XSS. */
static void test_python_dynamo_expression_strip_tags(void **state)
{
    (void)state;
    static const unsigned want[] = {6, 7, 9};
    expect_lines_in(eng, "handler.py",
                    "import boto3\n"
                    "from boto3.dynamodb.conditions import Attr\n"
                    "def handler(event, context):\n"
                    "    table = boto3.resource('dynamodb').Table('t')\n"
                    "    cond = Attr('a').eq(event['a'])\n"
                    "    table.scan(FilterExpression=event['f'])\n"
                    "    table.query(KeyConditionExpression='id = ' + event['id'])\n"
                    "    table.scan(FilterExpression=cond)\n"
                    "    boto3.client('sdb').select(SelectExpression=event['q'])\n",
                    want, sizeof want / sizeof want[0]);
    struct scan_result res = SCAN_RESULT_INIT;
    scan_with(eng, "app/views.py",
              "from django.http import HttpResponse\n"
              "from django.utils.html import strip_tags\n"
              "def page(request):\n"
              "    return HttpResponse(strip_tags(request.GET['q']))\n"
              "def raw(request):\n"
              "    return HttpResponse(request.GET['q'])\n",
              &res);
    assert_int_equal(count(&res, "py-flask-reflected-request-data"), 1);
    const struct scan_finding *f = find(&res, "py-flask-reflected-request-data");
    assert_non_null(f);
    assert_int_equal(f->line_start, 6);
    scan_result_release(&res);
}

/* Python: modules and functions looked up with constant names are the sinks they name:
 * __import__("os").system, getattr(os, "system"), names bound to either; getattr on an
 * object that is not a module, or with a computed name, is not resolved. */
static void test_python_dynamic_lookup_sinks(void **state)
{
    (void)state;
    static const unsigned want[] = {6, 7, 9, 11};
    expect_lines_in(eng, "app/views.py",
                    "import os\n"
                    "from flask import request\n"
                    "@app.route('/a')\n"
                    "def a():\n"
                    "    c = request.args['c']\n"
                    "    getattr(os, 'system')(c)\n"
                    "    __import__('os').system(c)\n"
                    "    m = __import__('os')\n"
                    "    getattr(m, 'popen')(c)\n"
                    "    run = getattr(m, 'system')\n"
                    "    run(c)\n"
                    "    getattr(self, 'system')(c)\n"
                    "    getattr(os, 'sys' + 'tem')(c)\n"
                    "    getattr(os, 'getcwd')()\n",
                    want, sizeof want / sizeof want[0]);
}

/* Python command-line sources: an argparse/optparse parser's parse_args(), sys.orig_argv,
 * os.environb / os.getenvb reach a shell or exec(); a command-line tool importing the
 * module its user named (__import__, importlib.import_module) or compiling the file they
 * named (compile) is not reported. */
static void test_python_cli_sources(void **state)
{
    (void)state;
    static const unsigned want[] = {7, 10, 11, 12, 17};
    expect_lines_in(eng, "tools/run.py",
                    "import argparse, optparse, os, sys, importlib\n"
                    "def main():\n"
                    "    print(sys.argv[0])\n"
                    "    parser = argparse.ArgumentParser()\n"
                    "    parser.add_argument('cmd')\n"
                    "    args = parser.parse_args()\n"
                    "    os.system(args.cmd)\n"
                    "    op = optparse.OptionParser()\n"
                    "    (opts, rest) = op.parse_args()\n"
                    "    os.system(opts.cmd)\n"
                    "    os.system(sys.orig_argv[1])\n"
                    "    os.popen(os.environb.get(b'CMD'))\n"
                    "    importlib.import_module(args.cmd)\n"
                    "    __import__(sys.argv[1])\n"
                    "    with open(args.cmd) as f:\n"
                    "        code = compile(f.read(), args.cmd, 'exec')\n"
                    "    exec(os.environ['HOOK'])\n"
                    "    parse(sys.argv[2])\n"
                    "def parse(src):\n"
                    "    return compile(src, '<unknown>', 'exec')\n",
                    want, sizeof want / sizeof want[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_python_nested_sql_shell_name),
        cmocka_unit_test(test_python_key_constant),
        cmocka_unit_test(test_python_random_return_html_content),
        cmocka_unit_test(test_python_redirect_lone_slash),
        cmocka_unit_test(test_python_reqparse_source),
        cmocka_unit_test(test_python_upload_save),
        cmocka_unit_test(test_python_more_sources),
        cmocka_unit_test(test_python_module_own_function),
        cmocka_unit_test(test_python_deser_severity),
        cmocka_unit_test(test_python_tls_plumbing),
        cmocka_unit_test(test_python_password_storage),
        cmocka_unit_test(test_python_console_write_boundary),
        cmocka_unit_test(test_python_eval_namespace),
        cmocka_unit_test(test_python_noshell_program),
        cmocka_unit_test(test_python_unpickler_load_line),
        cmocka_unit_test(test_python_ssrf_objects),
        cmocka_unit_test(test_python_pathlib_sinks),
        cmocka_unit_test(test_python_dynamo_expression_strip_tags),
        cmocka_unit_test(test_python_dynamic_lookup_sinks),
        cmocka_unit_test(test_python_cli_sources),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
