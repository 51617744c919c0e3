#!/usr/bin/python3
"""Code-check yardstick (`make bench`): per-family recall and precision of the JS/TS/Python
code checks on a development corpus of public, deliberately vulnerable applications.

The corpus is rebuilt under bench/.code-corpus/ (never committed) from these repositories at
pinned commits, from a local mirror when there is one (/work/.mirror/OWNER+NAME/repo, as the
`fetch` tool leaves it) or else with `git clone`:

  dvna                   https://github.com/appsecco/dvna (Express, Sequelize)
  dvpwa                  https://github.com/anxolerd/dvpwa (aiohttp, aiopg)
  vulnerable-flask-app   https://github.com/we45/Vulnerable-Flask-App (Flask)
  pygoat                 https://github.com/adeyosemanputra/pygoat (Django, Flask labs)
  benchmark-python       https://github.com/OWASP-Benchmark/BenchmarkPython (OWASP Benchmark
                         for Python 0.1: ~1,230 Flask test cases with expected results)
  nodejs-goof            https://github.com/snyk-labs/nodejs-goof (Express, Mongoose, TypeORM)
  vulnerable-node        https://github.com/cr0hn/vulnerable-node (Express, pg-promise)
  dvws-node              https://github.com/snoopysecurity/dvws-node (Express, MongoDB,
                         Sequelize, GraphQL, SOAP)
  vampi                  https://github.com/erev0s/VAmPI (Flask, connexion, SQLAlchemy)
  dvga                   https://github.com/dolevf/Damn-Vulnerable-GraphQL-Application
                         (Flask, graphene)
  vulnerable-js-app      https://github.com/fluidattacks/vulnerable_js_app (Express: 168 test
                         cases with expected results, scored like the OWASP Benchmark)

Two scores:
  * hand labels (bench/code-labels.txt, path:line -> family, written for this corpus): a
    label is found when a finding of its family is on one of its lines; a finding in a
    judged file on no label line of its family is a false positive.
  * OWASP Benchmark for Python and fluidattacks' vulnerable_js_app, scored per test case as
    the Benchmark does: a true case is found when the test file has a finding of the case's
    family; a finding of that family in a false case is a false positive.

Noise on real code (--noise): the code and configuration findings (not secrets, not
dependencies) of a default-mode `vega scan` over the npm tree that bench/scan_bench.py builds
(bench/.corpus/tree; BENCH_PACKAGES shrinks it), by severity, confidence and rule.
--second-tree runs the same count over a second npm tree of other packages (server
frameworks, ORMs, browser automation, template engines, SDKs: the libraries our rules name,
whose own code must not read as the misuse of them), built once into bench/.corpus-noise2/
(NOISE2_PACKAGES overrides the list); there nothing is planted, so its secret findings are
counted too. --third-tree does the same over a third npm tree nobody tuned the rules on
(bench/.corpus-noise3/, NOISE3_PACKAGES): what apps install around the frameworks (auth,
queues, mail, storage, cloud and chat SDKs, CLIs, parsers, image and PDF tools), added in
session 17 when its first run showed 182 findings (40 high or critical, 52 at high
confidence) where the two tuned trees showed 19 and 23. --python-tree counts the same (secrets included) over this machine's Python: the
standard library and Debian's dist-packages, read in place (the npm trees hold no Python).

Usage: code_corpus.py VEGA [--rebuild] [--show-misses] [--show-bench] [--json OUT]
  (--show-bench lists each Benchmark test case scored wrong: a missed true case or a
  flagged false one)
       code_corpus.py VEGA --noise [--every-byte]
                      [--second-tree | --third-tree | --fourth-tree | --fifth-tree |
                       --python-tree | --tree DIR]
                      [--top N] [--show]
                      [--sample N] [--json OUT]
  (--sample N: N findings picked with a fixed seed, with their hand verdicts from
  bench/noise-labels.txt; every run reports the labelled findings' calibration)
"""
import collections, csv, io, json, os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "bench", ".code-corpus")
LABELS = os.path.join(ROOT, "bench", "code-labels.txt")
MIRROR = os.environ.get("VEGA_MIRROR_DIR", "/work/.mirror")
SOURCES = [
    ("dvna", "appsecco/dvna", "9ba473add536f66ac9007966acb2a775dd31277a"),
    ("dvpwa", "anxolerd/dvpwa", "a1d8f89fac2e57093189853c6527c2b01fc1d9c1"),
    ("vulnerable-flask-app", "we45/Vulnerable-Flask-App", "b6a4f97afd466e83e1f60781494252dec1c37039"),
    ("pygoat", "adeyosemanputra/pygoat", "19d17cc8874861142b330636d068bbde54e86b85"),
    ("benchmark-python", "OWASP-Benchmark/BenchmarkPython", "7cf0674b9a33788ac3105e4c4a75a7fdce4c44bd"),
    ("nodejs-goof", "snyk-labs/nodejs-goof", "add14ba59e98240d9e00a235dd7d42cd61ae9912"),
    ("vulnerable-node", "cr0hn/vulnerable-node", "4e2058201e4443026c11de1799d1e2f2e37f9f9b"),
    ("dvws-node", "snoopysecurity/dvws-node", "a7385b855dce7a4da135f5949df96059b76aaba6"),
    ("vampi", "erev0s/VAmPI", "1713b54b601ad29582581eeda4b31fceb1319874"),
    ("dvga", "dolevf/Damn-Vulnerable-GraphQL-Application", "a961308c02d1fb462b192681c336b0739e432da7"),
    ("vulnerable-js-app", "fluidattacks/vulnerable_js_app", "1282fbde196abb5a77235ba4dd5a64f46dac6e52"),
]
# Benchmark-style suites scored per test case: (label, expected-results CSV, directory of the
# test files, test file name of a case's name, column of the true/false verdict).
BENCHMARKS = [
    ("OWASP Benchmark for Python 0.1", "benchmark-python/expectedresults-0.1.csv",
     "benchmark-python/testcode/", lambda name: name, 2),
    ("fluidattacks vulnerable_js_app (Express)", "vulnerable-js-app/expected_results.csv",
     "vulnerable-js-app/server/routes/testcases/", lambda name: "test" + name, 3),
]
FAMILY = {
    "injection": "injection", "path-traversal": "injection", "ssrf": "injection",
    "open-redirect": "injection", "xss": "xss", "auth": "auth", "crypto": "crypto",
    "config": "config",
}
BENCH_FAMILY = {
    "cmdi": "injection", "codeinj": "injection", "sqli": "injection", "deserialization":
    "injection", "ldapi": "injection", "xpathi": "injection", "xxe": "injection", "pathtraver":
    "injection", "redirect": "injection", "xss": "xss", "hash": "crypto", "weakrand": "crypto",
    "securecookie": "auth", "crypto": "crypto",
}
FAMILIES = ["injection", "xss", "auth", "crypto", "config"]
SHOW_BENCH = "--show-bench" in sys.argv
CODE_EXT = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".py")


def log(*a):
    print(*a, flush=True)


def git_dir(repo):
    d = os.path.join(MIRROR, repo.replace("/", "+"), "repo")
    if os.path.isdir(d):
        return d, None
    tmp = tempfile.mkdtemp(prefix="vega-code-corpus-")
    subprocess.run(["git", "clone", "--quiet", "--bare", "https://github.com/%s.git" % repo,
                    os.path.join(tmp, "repo")], check=True)
    return os.path.join(tmp, "repo"), tmp


def build(rebuild, corpus=CORPUS, sources=SOURCES):
    """Extract each source at its pinned commit under corpus/NAME (once; --rebuild redoes it)."""
    if os.path.exists(os.path.join(corpus, "ready")) and not rebuild:
        return
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    for name, repo, commit in sources:
        gd, tmp = git_dir(repo)
        dest = os.path.join(corpus, name)
        os.makedirs(dest)
        arch = subprocess.run(["git", "--git-dir", gd, "archive", commit], check=True,
                              capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", dest], input=arch, check=True)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        log("corpus: %s (%s@%s)" % (name, repo, commit[:10]))
    open(os.path.join(corpus, "ready"), "w").close()


def load_labels(path=LABELS):
    """(judged files, [(path, {lines}, family)]) from a labels file (path:l1,l2 family)."""
    judged, labels = set(), []
    for raw in open(path):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("judge "):
            judged.add(line.split(None, 1)[1])
            continue
        loc, fam = line.split()
        path, lines = loc.rsplit(":", 1)
        labels.append((path, set(int(x) for x in lines.split(",")), fam))
    return judged, labels


def scan_findings(vega, corpus=CORPUS):
    """The findings of a default-mode `vega scan` of the corpus."""
    p = subprocess.run([vega, "scan", "--format", "json", "--fail-on", "never", "--no-progress",
                        "-j", "2", corpus], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit("vega scan failed: " + p.stderr)
    return json.loads(p.stdout)["findings"]


def scan(vega):
    out = []
    for f in scan_findings(vega):
        fam = FAMILY.get(f["category"])
        if fam is None or not f["file_path"].endswith(CODE_EXT):
            continue
        out.append((f["file_path"], f["line_start"], fam, f["rule_id"], f["confidence"],
                    f["line_end"]))
    return out


def pct(a, b):
    return "%.3f" % (a / b) if b else "  -  "


def lang_of(path):
    return "python" if path.endswith(".py") else "js/ts"


def covers(f, lines):
    """Does the finding (path, line_start, family, rule, confidence[, line_end]) cover one
    of the labelled lines? A finding spans line_start..line_end: a call spread over lines
    with its tainted argument, a setting inside the options of the call that takes it."""
    end = f[5] if len(f) > 5 else f[1]
    return any(f[1] <= x <= end for x in lines)


def score_labels(findings, show, lang=None, path=LABELS):
    judged, labels = load_labels(path)
    if lang is not None:
        judged = {p for p in judged if lang_of(p) == lang}
        labels = [lb for lb in labels if lang_of(lb[0]) == lang]
    hit = collections.Counter()
    total = collections.Counter()
    tp = collections.Counter()
    fp = collections.Counter()
    by_conf = collections.Counter()
    for path, lines, fam in labels:
        total[fam] += 1
        if any(f[0] == path and covers(f, lines) and f[2] == fam for f in findings):
            hit[fam] += 1
        elif show:
            log("  miss  %s:%s %s" % (path, ",".join(map(str, sorted(lines))), fam))
    for f in findings:
        if f[0] not in judged:
            continue
        ok = any(path == f[0] and covers(f, lines) and fam == f[2] for path, lines, fam in labels)
        (tp if ok else fp)[f[2]] += 1
        by_conf[(f[4], ok)] += 1
        if show and not ok:
            log("  fp    %s:%d %s %s (%s)" % f[:5])
    return hit, total, tp, fp, by_conf


def report_labels(findings, title, families, path):
    """Score findings against a labels file, print the table, honour --show-misses/--json
    (the corpora of code_rules_corpus, code_js_njsscan and code_py_fresh)."""
    scores = score_labels(findings, "--show-misses" in sys.argv, path=path)
    print_labels(title, families, scores, True)
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as fh:
            json.dump({"findings": findings}, fh)


def print_labels(title, families, scores, confidence):
    """The per-family table of score_labels' counts (and the per-confidence lines)."""
    hit, total, tp, fp, by_conf = scores
    log(title)
    log("  %-10s %7s %8s %10s %6s %6s" % ("family", "labels", "found", "recall", "tp", "fp"))
    for fam in families + ["all"]:
        h = sum(hit.values()) if fam == "all" else hit[fam]
        t = sum(total.values()) if fam == "all" else total[fam]
        a = sum(tp.values()) if fam == "all" else tp[fam]
        b = sum(fp.values()) if fam == "all" else fp[fam]
        if t + a + b == 0:
            continue
        log("  %-10s %7d %8d %10s %6d %6d  precision %s" % (fam, t, h, pct(h, t), a, b,
                                                          pct(a, a + b)))
    if confidence:
        for conf in ("high", "medium", "low"):
            a, b = by_conf[(conf, True)], by_conf[(conf, False)]
            log("  confidence %-6s: %d right, %d wrong (precision %s)" % (conf, a, b, pct(a, a + b)))


def score_benchmark(findings, expected, testdir, file_of, col):
    exp = os.path.join(CORPUS, expected)
    if not os.path.exists(exp):
        return None
    by_file = collections.defaultdict(set)
    for f in findings:
        if f[0].startswith(testdir):
            by_file[os.path.basename(f[0]).split(".")[0]].add(f[2])
    res = collections.Counter()
    for row in csv.reader(open(exp)):
        if not row or row[0].startswith("#") or row[0] == "testcase":
            continue
        name, cat, real = row[0], row[1], row[col].strip() == "true"
        fam = BENCH_FAMILY.get(cat)
        if fam is None:
            continue
        found = fam in by_file.get(file_of(name), ())
        res[(fam, real, found)] += 1
        res[("cat:" + cat, real, found)] += 1
        if SHOW_BENCH and found != real:
            log("  bench %-5s %s %s" % ("miss" if real else "fp", file_of(name), cat))
    return res


def npm_tree(name, default):
    """An npm noise tree: its directory under bench/ and its packages (the environment
    variable NAME_PACKAGES, e.g. NOISE2_PACKAGES, overrides the list)."""
    packages = os.environ.get(name.upper() + "_PACKAGES", default).split()
    return os.path.join(ROOT, "bench", ".corpus-" + name), packages


NOISE2, NOISE2_PACKAGES = npm_tree(
    "noise2",
    "express koa fastify @hapi/hapi @nestjs/core @nestjs/common mongoose sequelize typeorm knex "
    "pg mysql2 puppeteer-core playwright-core jsonwebtoken jose passport passport-jwt axios got "
    "node-fetch socket.io ws ejs pug handlebars nunjucks marked sanitize-html dompurify jquery "
    "react-dom vue svelte @angular/common @aws-sdk/client-s3 stripe openai firebase-admin "
    "xml2js sax node-forge crypto-js bcryptjs chart.js d3 bootstrap highlight.js ajv graphql "
    "@apollo/server vm2 serialize-javascript")
NOISE3, NOISE3_PACKAGES = npm_tree(
    "noise3",
    "lodash moment dayjs react react-router-dom @reduxjs/toolkit next-auth @prisma/client prisma "
    "mongodb ioredis redis bull bullmq nodemailer winston pino morgan helmet cors body-parser "
    "multer cookie-parser express-session connect-redis csurf passport-local bcrypt argon2 uuid "
    "nanoid zod joi yup class-validator dotenv commander yargs inquirer chalk ora execa shelljs "
    "cross-spawn glob rimraf fs-extra chokidar sharp jimp pdfkit puppeteer cheerio jsdom turndown "
    "markdown-it showdown mathjs lodash-es date-fns luxon immer mobx vuex pinia @vue/compiler-sfc "
    "svelte-kit@npm:@sveltejs/kit @remix-run/node @trpc/server graphql-yoga type-graphql "
    "@sentry/node @google-cloud/storage googleapis @azure/storage-blob twilio @slack/web-api "
    "discord.js telegraf aws-amplify supabase@npm:@supabase/supabase-js mysql sqlite3 "
    "better-sqlite3@12 tedious pg-promise objection waterline")
# Session 17's held-back check: servers, dev servers, drivers, mailers, SDKs.
NOISE4, NOISE4_PACKAGES = npm_tree(
    "noise4",
    "node-red restify @feathersjs/express @feathersjs/feathers hono @fastify/static http-proxy "
    "http-server json-server serve live-server browser-sync socket.io-client engine.io "
    "formidable sanitize-filename archiver unzipper adm-zip tar superagent needle ldapjs ssh2 "
    "oauth4webapi passport-google-oauth20 grant @octokit/rest braintree mailgun.js "
    "@sendgrid/mail postmark minio multer-s3 mssql cassandra-driver neo4j-driver "
    "@elastic/elasticsearch kafkajs amqplib mqtt rollup loopback sails")
# Session 18: static-file servers, proxies, dev servers, build tools, auth middleware.
NOISE5, NOISE5_PACKAGES = npm_tree(
    "noise5",
    "serve-static send st ecstatic sirv koa-static koa-send @koa/router koa-body connect "
    "finalhandler serve-index compression http-proxy-middleware express-http-proxy "
    "webpack-dev-server vite @hapi/inert polka micro express-static-gzip "
    "connect-history-api-fallback nodemon pm2 gulp grunt release-it concurrently npm-run-all "
    "forever express-rate-limit express-validator passport-github2 simple-oauth2 oidc-provider "
    "keycloak-connect express-openid-connect iron-session verdaccio parse-server @fastify/cookie "
    "@fastify/session @fastify/cors koa-passport express-fileupload connect-busboy busboy")


def python_tree():
    """--python-tree: the Python of this machine's Debian packages (the standard library and
    /usr/lib/python3/dist-packages: pytest, yaml, jwt, requests, ...), read in place. It is
    real Python nobody wrote for us; as the set of installed packages differs between
    machines, its figures compare only runs on one machine (the Python version and file
    count are printed with them)."""
    import glob
    libs = sorted(glob.glob("/usr/lib/python3.[0-9]*/"))
    trees = [d.rstrip("/") for d in libs[-1:] + ["/usr/lib/python3/dist-packages"]
             if os.path.isdir(d)]
    if not trees:
        sys.exit("--python-tree: no /usr/lib/python3* directory on this machine")
    n = sum(1 for t in trees for _, _, fs in os.walk(t) for f in fs if f.endswith(".py"))
    log("python tree: %s (%d .py files)" % (" + ".join(trees), n))
    return trees


def noise(vega):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import scan_bench
    given = sys.argv[sys.argv.index("--tree") + 1] if "--tree" in sys.argv else None
    named = {"--third-tree": (NOISE3, NOISE3_PACKAGES), "--fourth-tree": (NOISE4, NOISE4_PACKAGES),
             "--fifth-tree": (NOISE5, NOISE5_PACKAGES)}
    pick = [k for k in named if k in sys.argv]
    second = "--second-tree" in sys.argv or bool(pick) or given is not None
    third = bool(pick)
    pytree = "--python-tree" in sys.argv
    if pytree:
        trees = python_tree()
    elif given:
        tree = os.path.abspath(given)
    elif second:
        where, packages = named[pick[0]] if pick else (NOISE2, NOISE2_PACKAGES)
        tree = os.path.join(where, "tree")
        if not os.path.exists(os.path.join(where, "ready")):
            scan_bench.install_npm_tree(where, tree, packages)
    else:
        scan_bench.build_corpus()
        tree = os.path.join(ROOT, "bench", ".corpus", "tree")
    if not pytree:
        trees = [tree]
    t0 = time.time()
    every = ["--no-default-ignores"] if "--every-byte" in sys.argv else []
    doc = {"findings": [], "stats": {"included_bytes": 0}}
    for t in trees:
        p = subprocess.run([vega, "scan", "--format", "json", "--fail-on", "never",
                            "--no-progress", "-j", "2"] + every + [t],
                           capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit("vega scan failed: " + p.stderr)
        one = json.loads(p.stdout)
        if pytree:  # two roots: say which one a path is under
            for f in one["findings"]:
                f["file_path"] = os.path.join(os.path.basename(t), f["file_path"])
        doc["findings"] += one["findings"]
        doc["stats"]["included_bytes"] += one.get("stats", {}).get("included_bytes", 0)
    tree = " + ".join(trees) if pytree else tree
    secs = time.time() - t0
    skip = ("dependency",) if second or pytree else ("secret", "dependency")
    fs = [f for f in doc["findings"] if f["category"] not in skip]
    sev = collections.Counter(f["severity"] for f in fs)
    conf = collections.Counter(f["confidence"] for f in fs)
    rules = collections.Counter(f["rule_id"] for f in fs)
    mb = doc.get("stats", {}).get("included_bytes", 0) / 1e6
    log("noise on real code (%s%s, %.0f MB scanned, %.1f s): %d %s findings"
        % (tree if pytree or given else os.path.relpath(tree, ROOT), ", every byte" if every else "",
           mb, secs, len(fs), "code/config/secret" if second or pytree else "code/config"))
    log("  severity:   " + ", ".join("%s %d" % (k, sev[k]) for k in
                                    ("critical", "high", "medium", "low", "info") if sev[k]))
    log("  confidence: " + ", ".join("%s %d" % (k, conf[k]) for k in ("high", "medium", "low")
                                    if conf[k]))
    log("  high or critical: %d; high confidence: %d" % (sev["critical"] + sev["high"],
                                                         conf["high"]))
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 15
    for rid, n in rules.most_common(top):
        log("  %5d  %s" % (n, rid))
    def show(f, verdict=""):
        log("    %s:%d %s %s/%s %s%s" % (f["file_path"], f["line_start"], f["rule_id"],
                                     f["severity"], f["confidence"],
                                     f["masked_evidence"][:80], verdict))
    if "--show" in sys.argv:
        for f in fs:
            if f["severity"] in ("critical", "high") or f["confidence"] == "high":
                show(f)
    calibration(fs, "python" if pytree else os.path.basename(os.path.dirname(tree)) if given
                else pick[0][2:-5] if pick else "second" if second else "first",
                show)
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as fh:
            json.dump({"findings": fs}, fh)


NOISE_LABELS = os.path.join(ROOT, "bench", "noise-labels.txt")


def calibration(fs, tree, show):
    """Hand verdicts on sampled findings of the noise trees (bench/noise-labels.txt:
    `tree path:line rule verdict`, verdict true / debatable / wrong): how many of the labelled
    findings are still reported, and how often each confidence is right. --sample N prints N
    findings picked with a fixed seed, verdict or `?` for those not labelled yet."""
    labels = {}
    if os.path.exists(NOISE_LABELS):
        for line in open(NOISE_LABELS):
            parts = line.split()
            if len(parts) == 4 and not line.startswith("#") and parts[0] == tree:
                labels[(parts[1], parts[2])] = parts[3]
    key = lambda f: ("%s:%d" % (f["file_path"], f["line_start"]), f["rule_id"])
    if "--sample" in sys.argv:
        import random
        n = int(sys.argv[sys.argv.index("--sample") + 1])
        pick = random.Random(11).sample(sorted(fs, key=key), min(n, len(fs)))
        log("  sample of %d (seed 11):" % len(pick))
        for f in sorted(pick, key=key):
            show(f, "  [%s]" % labels.get(key(f), "?"))
    seen = [(f, labels[key(f)]) for f in fs if key(f) in labels]
    if not seen:
        return
    gone = len(labels) - len(seen)
    verdicts = collections.Counter(v for _, v in seen)
    log("  hand labels: %d of %d findings labelled (%d labelled ones no longer reported): "
        "true %d, debatable %d, wrong %d" % (len(seen), len(fs), gone, verdicts["true"],
                                            verdicts["debatable"], verdicts["wrong"]))
    for c in ("high", "medium", "low"):
        vs = [v for f, v in seen if f["confidence"] == c]
        if vs:
            log("    %-6s confidence: %d labelled, right %d (%.2f), right or debatable %d"
                % (c, len(vs), vs.count("true"), vs.count("true") / len(vs),
                   len([v for v in vs if v != "wrong"])))


def print_benchmark(title, res):
    log("%s (per test case):" % title)
    for fam in FAMILIES + ["all"]:
        def n(real, found):
            return sum(v for (f, r, fd), v in res.items()
                       if ((fam == "all" and f in FAMILIES) or f == fam) and r == real and fd == found)
        t, f_ = n(True, True), n(True, False)
        fpos, tneg = n(False, True), n(False, False)
        if t + f_ + fpos + tneg == 0:
            continue
        log("  %-10s true %4d found %4d recall %s | false %4d flagged %4d precision %s"
            % (fam, t + f_, t, pct(t, t + f_), fpos + tneg, fpos, pct(t, t + fpos)))
    log("  per category:")
    for cat in sorted({k[0] for k in res if k[0].startswith("cat:")}):
        def m(real, found):
            return res[(cat, real, found)]
        t, f_, fpos, tneg = m(True, True), m(True, False), m(False, True), m(False, False)
        log("    %-16s true %4d found %4d recall %s | false %4d flagged %4d precision %s"
            % (cat[4:], t + f_, t, pct(t, t + f_), fpos + tneg, fpos, pct(t, t + fpos)))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    vega = sys.argv[1]
    if "--noise" in sys.argv:
        noise(vega)
        return
    build("--rebuild" in sys.argv)
    findings = scan(vega)
    for lang in (None, "js/ts", "python"):
        scores = score_labels(findings, lang is None and "--show-misses" in sys.argv, lang)
        print_labels("code checks on the hand-labelled corpus (bench/code-labels.txt), %s:"
                     % (lang or "all languages"), FAMILIES, scores, lang is None)
    for title, expected, testdir, file_of, col in BENCHMARKS:
        res = score_benchmark(findings, expected, testdir, file_of, col)
        if res is not None:
            print_benchmark(title, res)
    if "--json" in sys.argv:
        out = sys.argv[sys.argv.index("--json") + 1]
        json.dump({"findings": findings}, open(out, "w"))


if __name__ == "__main__":
    main()
