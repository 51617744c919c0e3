#!/usr/bin/python3
"""False positives on clear-cut non-secrets (issue 11: "false-positive rate on labelled
non-secrets <= 0.05, clear-cut 0"), in `vega scan`'s default mode.

Writes one small file per labelled non-secret under bench/.corpus-nonsecrets/ (generated
here; nothing third-party), scans the tree with `vega scan --format json` and lists every
secret finding, which is a false positive by construction. The kinds: placeholders and
documentation values, references to a secret kept elsewhere (environment, vaults, CI
secrets, templating), public material (public keys, certificates, publishable keys,
analytics ids), hashes and ids that look random (lockfile integrity, digests, commit SHAs,
UUIDs, content hashes), and code about tokens that holds none (format regexes, masks).

Random-looking values are drawn from a seeded generator, so the corpus is the same on every
run. Usage: nonsecrets.py VEGA [--show]
"""
import base64
import hashlib
import json
import os
import random
import shutil
import string
import subprocess
import sys
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", ".corpus-nonsecrets")
rng = random.Random(20261206)
HEX = "0123456789abcdef"
B62 = string.ascii_letters + string.digits


def r(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def sha(n=40):
    return r(HEX, n)


def b64(nbytes):
    return base64.b64encode(bytes(rng.randrange(256) for _ in range(nbytes))).decode()


def uid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def pem_body(prefix, lines):
    body = prefix + r(B62 + "+/", 64 * lines - len(prefix))
    return "\n".join(body[i:i + 64] for i in range(0, len(body), 64))


# (kind, path, content). Every entry is a non-secret a reviewer would call clear-cut.
CASES = [
    # Placeholders and documentation values.
    ("placeholder", ".env.example", "STRIPE_SECRET_KEY=sk_live_your_secret_key_here\n"),
    ("placeholder", "config/.env.sample", "OPENAI_API_KEY=<your-openai-api-key>\n"),
    ("placeholder", "README.md", "Set `GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX` before running.\n"),
    ("placeholder", "docs/setup.md", "```\nexport AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\nexport AWS_SECRET_ACCESS_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n```\n"),
    ("placeholder", "src/config.js", "module.exports = { apiKey: 'YOUR_API_KEY', secret: 'YOUR_SECRET' };\n"),
    ("placeholder", "settings.py", "SECRET_KEY = 'change-me'\nDATABASE_URL = 'postgres://user:password@localhost:5432/db'\n"),
    ("placeholder", "docker-compose.yml", "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: changeme\n"),
    ("placeholder", "app.yaml", "slack:\n  webhook: https://hooks.slack.com/services/XXXXXXXXX/XXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX\n"),
    ("placeholder", "src/client.ts", "const client = new OpenAI({ apiKey: 'sk-...' });\n"),
    ("placeholder", "config/default.json", '{"sendgrid": {"apiKey": "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}}\n'),
    ("placeholder", "terraform.tfvars.example", 'token = "<TOKEN>"\npassword = "********"\n'),
    ("placeholder", "docs/api.md", "curl -H 'Authorization: Bearer <access_token>' https://api.example.com/v1/me\n"),
    ("placeholder", "docs/auth.md", "Authorization: Bearer YOUR_ACCESS_TOKEN\n"),
    ("placeholder", ".env.template", "DATABASE_URL=postgresql://USER:PASSWORD@HOST:PORT/DATABASE\n"),
    ("placeholder", "config/secrets.example.yml", "api_key: REPLACE_ME\nclient_secret: TODO\n"),
    ("placeholder", "src/keys.py", "ANTHROPIC_API_KEY = \"sk-ant-...\"  # set in your environment\n"),
    ("placeholder", "docs/aws.md", "Example key from the AWS docs: `AKIAIOSFODNN7EXAMPLE` / `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`.\n"),
    ("placeholder", "docs/jwt.md", "A token looks like `eyJhbGciOi...` (header.payload.signature).\n"),
    ("placeholder", "src/mail.js", "const transport = { auth: { user: 'apikey', pass: process.env.SENDGRID_API_KEY } };\n"),
    ("placeholder", ".npmrc.example", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"),
    ("placeholder", "docs/redis.md", "REDIS_URL=redis://:password@localhost:6379/0\n"),
    ("placeholder", "src/db.ts", "const url = 'mongodb://username:password@localhost:27017/test';\n"),
    ("placeholder", "docs/stripe.md", "Your key starts with `sk_live_` or `sk_test_` followed by 24 characters.\n"),
    ("placeholder", "src/constants.js", "export const DUMMY_TOKEN = 'dummy-token';\nexport const FAKE_PASSWORD = 'fake-password';\n"),
    ("placeholder", "tests/test_login.py", "def test_login(client):\n    client.post('/login', data={'username': 'alice', 'password': 'password123'})\n"),
    # References to a secret kept elsewhere.
    ("reference", ".github/workflows/ci.yml", "env:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n  AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n"),
    ("reference", "src/env.ts", "const stripeKey = process.env.STRIPE_SECRET_KEY!;\nconst openai = process.env['OPENAI_API_KEY'];\n"),
    ("reference", "app/settings.py", "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nAWS_SECRET_ACCESS_KEY = os.getenv('AWS_SECRET_ACCESS_KEY')\n"),
    ("reference", "k8s/deploy.yaml", "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password\n"),
    ("reference", "helm/values.yaml", "apiKey: {{ .Values.secrets.apiKey }}\npassword: \"{{ required \\\"password\\\" .Values.password }}\"\n"),
    ("reference", "ansible/vars.yml", "db_password: \"{{ vault_db_password }}\"\n"),
    ("reference", "config/database.yml", "production:\n  password: <%= ENV['DATABASE_PASSWORD'] %>\n"),
    ("reference", "docker-compose.prod.yml", "environment:\n  - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}\n  - SECRET_KEY=${SECRET_KEY:?}\n"),
    ("reference", "terraform/main.tf", 'resource "aws_db_instance" "db" {\n  password = var.db_password\n}\n'),
    ("reference", "src/vault.js", "const secret = await vault.read('secret/data/stripe');\n"),
    ("reference", "scripts/deploy.sh", 'export GITHUB_TOKEN="$(cat /run/secrets/github_token)"\n'),
    ("reference", "serverless.yml", "environment:\n  API_KEY: ${ssm:/prod/api-key}\n"),
    ("reference", "src/aws.py", "secret = client.get_secret_value(SecretId='arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf')\n"),
    ("reference", "appsettings.json", '{"ConnectionStrings": {"Default": "Server=db;Database=app;User Id=app;Password=$(DB_PASSWORD);"}}\n'),
    ("reference", "src/next.config.js", "module.exports = { env: { API_KEY: process.env.API_KEY } };\n"),
    # Public material.
    ("public", "keys/id_rsa.pub", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + r(B62 + "+/", 340) + " deploy@ci\n"),
    ("public", "keys/ed25519.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + r(B62 + "+/", 43) + " me@laptop\n"),
    ("public", "certs/server.crt", "-----BEGIN CERTIFICATE-----\n" + pem_body("MIIDdzCCAl+gAwIBAgIU", 18) + "\n-----END CERTIFICATE-----\n"),
    ("public", "keys/jwt-public.pem", "-----BEGIN PUBLIC KEY-----\n" + pem_body("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 6) + "\n-----END PUBLIC KEY-----\n"),
    ("public", "keys/signing.asc", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n" + pem_body("mQINBF", 20) + "\n-----END PGP PUBLIC KEY BLOCK-----\n"),
    ("public", "src/stripe.js", "const stripe = Stripe('pk_live_" + r(B62, 99) + "');\n"),
    ("public", "src/analytics.js", "gtag('config', 'G-" + r(string.ascii_uppercase + string.digits, 10) + "');\nga('create', 'UA-48291753-2', 'auto');\n"),
    ("public", "public/index.html", '<script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.0/dist/js/bootstrap.min.js" integrity="sha384-' + b64(48) + '" crossorigin="anonymous"></script>\n'),
    ("public", "src/recaptcha.js", "const SITE_KEY = '6Lc" + r(B62 + "_-", 37) + "'; // reCAPTCHA site key, public by design\n"),
    ("public", "config/known_hosts", "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + r(B62 + "+/", 43) + "\n"),
    ("public", "src/oauth.ts", "export const GOOGLE_CLIENT_ID = '" + r("0123456789", 12) + "-" + r(string.ascii_lowercase + string.digits, 32) + ".apps.googleusercontent.com';\n"),
    # Hashes, digests and ids.
    ("hash", "package-lock.json", '{"node_modules/lodash": {"version": "4.17.21", "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz", "integrity": "sha512-' + b64(64) + '"}}\n'),
    ("hash", "yarn.lock", 'lodash@^4.17.21:\n  version "4.17.21"\n  resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#' + sha() + '"\n  integrity sha512-' + b64(64) + '\n'),
    ("hash", "poetry.lock", '[[package]]\nname = "requests"\nfiles = [\n    {file = "requests-2.31.0-py3-none-any.whl", hash = "sha256:' + sha(64) + '"},\n]\n'),
    ("hash", "go.sum", "github.com/pkg/errors v0.9.1 h1:" + b64(32) + "\n"),
    ("hash", "Dockerfile", "FROM node:20-alpine@sha256:" + sha(64) + "\n"),
    ("hash", "CHANGELOG.md", "* fix parser ([" + sha(7) + "](https://github.com/o/r/commit/" + sha() + "))\n"),
    ("hash", "src/migrations/0003.sql", "INSERT INTO users (id, email) VALUES ('" + uid() + "', 'a@example.com');\n"),
    ("hash", "src/ids.ts", "export const TENANT_ID = '" + uid() + "';\nexport const ORG_ID = '" + uid() + "';\n"),
    ("hash", "dist/assets/index.js", 'import("./chunk-' + r(B62, 8) + '.js");const h="' + sha(32) + '";\n'),
    ("hash", "tests/fixtures/checksums.txt", sha(64) + "  release.tar.gz\n" + hashlib.md5(b"x").hexdigest() + "  notes.txt\n"),
    ("hash", "src/etag.js", "res.setHeader('ETag', 'W/\"" + sha(27) + "\"');\n"),
    ("hash", "Pipfile.lock", '{"_meta": {"hash": {"sha256": "' + sha(64) + '"}}}\n'),
    ("hash", ".git-blame-ignore-revs", sha() + "\n" + sha() + "\n"),
    ("hash", "src/cache.py", "CACHE_VERSION = '" + sha(12) + "'\nBUILD_ID = '" + r(B62, 21) + "'\n"),
    ("hash", "assets/logo.svg", '<svg><path d="M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2z"/></svg>\n'),
    ("hash", "src/font.css", "@font-face { src: url(data:font/woff2;base64," + b64(600) + ") }\n"),
    ("hash", "public/img.html", '<img src="data:image/png;base64,' + b64(300) + '">\n'),
    ("hash", "src/i18n/en.json", '{"auth.token.expired": "Your session token expired", "password.reset": "Reset your password"}\n'),
    ("hash", "src/nonce.js", "const nonce = crypto.randomBytes(16).toString('hex');\nconst csrfToken = req.csrfToken();\n"),
    # Code about tokens that holds none.
    ("code", "src/detect.js", "const GITHUB_TOKEN_RE = /ghp_[A-Za-z0-9]{36}/;\nconst AWS_RE = /AKIA[0-9A-Z]{16}/;\n"),
    ("code", "src/mask.py", "def mask(token):\n    return token[:4] + '*' * (len(token) - 4)\n"),
    ("code", "src/validate.ts", "if (!apiKey.startsWith('sk_live_')) throw new Error('expected a live secret key');\n"),
    ("code", "src/auth.js", "const password = req.body.password;\nconst hash = await bcrypt.hash(password, 12);\n"),
    ("code", "src/types.ts", "interface Credentials { apiKey: string; secretKey: string; password?: string }\n"),
    ("code", "src/form.jsx", '<input type="password" name="password" placeholder="Password" />\n'),
    ("code", "tests/test_mask.py", "assert mask('sk_live_abc') == 'sk_l*******'\n"),
    ("code", "src/header.go", 'req.Header.Set("Authorization", "Bearer "+token)\n'),
    ("code", "src/config.rb", "config.secret_key_base = Rails.application.credentials.secret_key_base\n"),
    ("code", "src/settings.ts", "const PASSWORD_MIN_LENGTH = 12;\nconst TOKEN_TTL_SECONDS = 3600;\nconst API_KEY_HEADER = 'x-api-key';\n"),
]


def main():
    vega = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/vega")
    if os.path.islink(OUT):  # a worktree linked to a shared corpus: write a private one
        os.unlink(OUT)
    shutil.rmtree(OUT, ignore_errors=True)
    tree = os.path.join(OUT, "tree")
    kinds = {}
    # A control: a generated live key in the same tree must be found, or the scan read nothing.
    control = os.path.join(tree, "control", "src", "pay.js")
    os.makedirs(os.path.dirname(control), exist_ok=True)
    with open(control, "w") as f:
        f.write("const stripe = require('stripe')('sk_live_%s');\n" % r(B62, 32))
    for i, (kind, path, body) in enumerate(CASES):
        rel = os.path.join("case%03d" % i, path)
        p = os.path.join(tree, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(body)
        kinds[rel] = kind
    proc = subprocess.run([vega, "scan", "--no-progress", "--fail-on", "never", "--format", "json",
                        tree], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        sys.exit("vega scan failed: " + proc.stderr)
    rep = json.loads(proc.stdout)
    secret = [f for f in rep["findings"] if f["category"] == "secret"]
    if not any(f["file_path"] == "control/src/pay.js" for f in secret):
        sys.exit("the control key was not found: the scan is broken, no figure")
    fps = [f for f in secret if f["file_path"] != "control/src/pay.js"]
    hit = {f["file_path"] for f in fps}
    per = {}
    for rel, kind in kinds.items():
        t = per.setdefault(kind, [0, 0])
        t[0] += 1
        t[1] += rel in hit
    print("clear-cut non-secrets: %d cases, %d with a secret finding (rate %.3f; target 0)"
          % (len(kinds), len(hit), len(hit) / len(kinds)))
    for kind, (n, bad) in sorted(per.items()):
        print("  %-12s %3d cases  %2d flagged" % (kind, n, bad))
    if "--show" in sys.argv or fps:
        for f in sorted(fps, key=lambda f: f["file_path"]):
            print("  FP %s:%d %s (%s) %s" % (f["file_path"], f["line_start"], f["rule_id"],
                                            f["confidence"], f["masked_evidence"][:40]))


if __name__ == "__main__":
    main()
