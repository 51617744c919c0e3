#!/usr/bin/python3
"""Recall on the providers founders use most, in every form code holds their keys (issue 11:
>= 0.90 on the top 40), and no finding on placeholders written in the same forms.

For each of the top providers this script generates a key of the provider's documented
format (random characters, a valid CRC32 for GitHub/npm, never a real key) and writes it in
each form: an `.env` line, JSON, YAML, a JS/TS object, a Python dict, a shell `export`, a
Dockerfile `ENV`, a Kubernetes Secret's `stringData`, a .NET `appSettings` XML entry, a URL,
a header in a curl command and a log line, one file per (provider, form) under
bench/.corpus-forms/ (never committed). It then writes the same forms with clear-cut
placeholders (`your_api_key_here`, `xxxx...`, `<TOKEN>`, `${VAR}`, `process.env.X`, values
with EXAMPLE, UUIDs and hashes used as ids) and scans the tree once with
`vega scan --format json` in the default mode.

A key is found when a secret finding lies on its line; a placeholder file with any secret
finding is a false positive.

Usage: secrets_forms.py VEGA [--show-misses] [--provider SUBSTR]
"""
import base64
import hashlib
import json
import os
import random
import shutil
import sys
import uuid
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scriptlib  # noqa: E402
import secrets_trufflehog  # noqa: E402  (secret_findings_by_file)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", ".corpus-forms")
gen = scriptlib.load("gen-secret-examples.py", "gen")

B62 = gen.B62
B64 = gen.ALPHABETS["b64"]
B64U = gen.ALPHABETS["b64u"]
HEX = gen.ALPHABETS["hex"]
R = gen.rand_str


def crc_token(prefix):
    return gen.github_token(prefix)


def digits(n):
    return str(random.randint(1, 9)) + "".join(random.choice("0123456789") for _ in range(n - 1))


def pem_escaped():
    body = gen.pem_lines("12:64:MIIEpAIBAAKCAQEA")
    return "-----BEGIN RSA PRIVATE KEY-----\\n" + "\\n".join(body) + "\\n-----END RSA PRIVATE KEY-----\\n"


def jwt_role(role):
    return gen.supabase_jwt(role)


def mapbox():
    payload = base64.urlsafe_b64encode(json.dumps(
        {"u": R(gen.ALPHABETS["lower"], 8), "a": R(gen.ALPHABETS["lnum"], 25)},
        separators=(",", ":")).encode()).rstrip(b"=").decode()
    return "sk." + payload + "." + R(B64U, 22)


def sentry_org():
    payload = base64.b64encode(json.dumps(
        {"iat": random.randint(1700000000, 1760000000), "url": "https://sentry.io",
         "region_url": "https://us.sentry.io", "org": R(gen.ALPHABETS["lower"], 8)},
        separators=(",", ":")).encode()).decode().rstrip("=")
    return "sntrys_" + payload + "_" + R(B62, 43)


# (id, env name, generator, how an API request carries it: (header, value prefix) or None)
PROVIDERS = [
    ("aws-access-key-id", "AWS_ACCESS_KEY_ID", lambda: "AKIA" + R(gen.ALPHABETS["b32"], 16), None),
    ("aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", lambda: R(B64, 40), None),
    ("github-pat", "GITHUB_TOKEN", lambda: crc_token("ghp_"), ("Authorization", "token ")),
    ("github-fine-grained", "GH_TOKEN", lambda: "github_pat_" + R(B62, 22) + "_" + R(B62, 59),
     ("Authorization", "Bearer ")),
    ("stripe", "STRIPE_SECRET_KEY", lambda: "sk_live_51" + R(B62, 97), ("Authorization", "Bearer ")),
    ("openai", "OPENAI_API_KEY",
     lambda: "sk-proj-" + R(B64U, 74) + "T3BlbkFJ" + R(B64U, 74), ("Authorization", "Bearer ")),
    ("slack", "SLACK_BOT_TOKEN",
     lambda: "xoxb-%s-%s-%s" % (digits(12), digits(13), R(B62, 24)), ("Authorization", "Bearer ")),
    ("gcp-api-key", "GOOGLE_API_KEY", lambda: "AIza" + R(B64U, 35), ("X-Goog-Api-Key", "")),
    ("gcp-service-account", "GOOGLE_PRIVATE_KEY", pem_escaped, None),
    ("azure-storage", "AZURE_STORAGE_CONNECTION_STRING",
     lambda: "DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s==;EndpointSuffix=core.windows.net"
     % (R(gen.ALPHABETS["lnum"], 12), R(B64, 86)), None),
    ("azure-entra", "AZURE_CLIENT_SECRET",
     lambda: R(B62, 3) + random.choice("0123456789") + "Q~" + R(B62 + "_~.-", 34), None),
    ("database-url", "DATABASE_URL",
     lambda: "postgres://app_user:%s@db.internal.shop:5432/orders" % R(B62, 24), None),
    ("npm", "NPM_TOKEN", lambda: crc_token("npm_"), ("Authorization", "Bearer ")),
    ("datadog", "DD_API_KEY", lambda: R(HEX, 32), ("DD-API-KEY", "")),
    ("netlify", "NETLIFY_AUTH_TOKEN", lambda: "nfp_" + R(B62, 36), ("Authorization", "Bearer ")),
    ("anthropic", "ANTHROPIC_API_KEY", lambda: "sk-ant-api03-" + R(B64U, 93) + "AA", ("x-api-key", "")),
    ("twilio", "TWILIO_AUTH_TOKEN", lambda: R(HEX, 32), None),
    ("sendgrid", "SENDGRID_API_KEY", lambda: "SG." + R(B64U, 22) + "." + R(B64U, 43),
     ("Authorization", "Bearer ")),
    ("mailgun", "MAILGUN_API_KEY", lambda: R(HEX, 32) + "-" + R(HEX, 8) + "-" + R(HEX, 8), None),
    ("supabase", "SUPABASE_SERVICE_ROLE_KEY", lambda: jwt_role("service_role"),
     ("apikey", "")),
    ("supabase-secret", "SUPABASE_SECRET_KEY", lambda: "sb_secret_" + R(B64U, 31), ("apikey", "")),
    ("firebase-sa", "FIREBASE_PRIVATE_KEY", pem_escaped, None),
    ("vercel", "VERCEL_TOKEN", lambda: R(B62, 24), ("Authorization", "Bearer ")),
    ("heroku", "HEROKU_API_KEY", lambda: "HRKU-AA" + R(B64U, 58), ("Authorization", "Bearer ")),
    ("shopify", "SHOPIFY_ACCESS_TOKEN", lambda: "shpat_" + R(HEX, 32), ("X-Shopify-Access-Token", "")),
    ("discord", "DISCORD_BOT_TOKEN",
     lambda: random.choice("MNO") + R(B62, 25) + "." + R(B64U, 6) + "." + R(B64U, 38),
     ("Authorization", "Bot ")),
    ("telegram", "TELEGRAM_BOT_TOKEN", lambda: digits(10) + ":AA" + R(B64U, 33), None),
    ("huggingface", "HF_TOKEN", lambda: "hf_" + R(gen.ALPHABETS["alpha"], 34), ("Authorization", "Bearer ")),
    ("cloudflare", "CLOUDFLARE_API_TOKEN", lambda: R(B64U, 40), ("Authorization", "Bearer ")),
    ("digitalocean", "DIGITALOCEAN_TOKEN", lambda: "dop_v1_" + R(HEX, 64), ("Authorization", "Bearer ")),
    ("gitlab", "GITLAB_TOKEN", lambda: "glpat-" + R(B64U, 20), ("PRIVATE-TOKEN", "")),
    ("atlassian", "JIRA_API_TOKEN",
     lambda: "ATATT3xFfGF0" + R(B64U, 170) + "=" + R("0123456789ABCDEF", 8), None),
    ("postmark", "POSTMARK_SERVER_TOKEN", lambda: str(uuid.uuid4()), ("X-Postmark-Server-Token", "")),
    ("resend", "RESEND_API_KEY", lambda: "re_" + R(B62, 8) + "_" + R(B62, 24), ("Authorization", "Bearer ")),
    ("clerk", "CLERK_SECRET_KEY", lambda: "sk_live_" + R(B62, 42), ("Authorization", "Bearer ")),
    ("sentry", "SENTRY_AUTH_TOKEN", lambda: "sntryu_" + R(HEX, 64), ("Authorization", "Bearer ")),
    ("sentry-org", "SENTRY_AUTH_TOKEN", sentry_org, ("Authorization", "Bearer ")),
    ("algolia", "ALGOLIA_ADMIN_KEY", lambda: R(HEX, 32), ("X-Algolia-API-Key", "")),
    ("mapbox", "MAPBOX_SECRET_TOKEN", mapbox, None),
    ("paypal", "PAYPAL_CLIENT_SECRET", lambda: "E" + R(B64U, 79), None),
    ("braintree", "BRAINTREE_ACCESS_TOKEN",
     lambda: "access_token$production$" + R(gen.ALPHABETS["lnum"], 16) + "$" + R(HEX, 32), None),
    ("square", "SQUARE_ACCESS_TOKEN", lambda: "EAAA" + R(B64U, 60), ("Authorization", "Bearer ")),
    ("linear", "LINEAR_API_KEY", lambda: "lin_api_" + R(B62, 40), ("Authorization", "")),
    ("notion", "NOTION_TOKEN", lambda: "ntn_" + digits(11) + R(B62, 35), ("Authorization", "Bearer ")),
    ("airtable", "AIRTABLE_TOKEN", lambda: "pat" + R(B62, 14) + "." + R(HEX, 64), ("Authorization", "Bearer ")),
    ("pinecone", "PINECONE_API_KEY", lambda: "pcsk_" + R(B62, 5) + "_" + R(B62, 63), ("Api-Key", "")),
]


def camel(env):
    w = env.lower().split("_")
    return w[0] + "".join(x.capitalize() for x in w[1:])


def pascal(env):
    return "".join(x.capitalize() for x in env.lower().split("_"))


def forms(env, header):
    """(form, filename, template) with {v} for the value; the value's line is the one
    holding {v}."""
    c, p, host = camel(env), pascal(env), env.split("_")[0].lower()
    hname, hpre = header or ("Authorization", "Bearer ")
    return [
        ("env", ".env", "NODE_ENV=production\n%s={v}\n" % env),
        ("json", "config/settings.json", '{{\n  "service": "api",\n  "%s": "{v}"\n}}\n' % c),
        ("yaml", "config/app.yaml", "%s:\n  region: eu-west-1\n  %s: \"{v}\"\n" % (host, env.lower())),
        ("js", "src/config.ts",
         "export const config = {{\n  %s: \"{v}\",\n  timeout: 3000,\n}};\n" % c),
        ("python", "app/settings.py", "SETTINGS = {{\n    \"%s\": \"{v}\",\n    \"debug\": False,\n}}\n"
         % env.lower()),
        ("shell", "deploy.sh", "#!/bin/sh\nexport %s=\"{v}\"\n./run.sh\n" % env),
        ("dockerfile", "Dockerfile", "FROM node:20-alpine\nENV %s={v}\nCMD [\"node\", \"server.js\"]\n" % env),
        ("k8s", "k8s/secret.yaml",
         "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\nstringData:\n"
         "  %s: \"{v}\"\n" % env),
        ("xml", "Web.config",
         "<configuration>\n  <appSettings>\n    <add key=\"%s\" value=\"{v}\" />\n  </appSettings>\n"
         "</configuration>\n" % p),
        ("url", "scripts/fetch.py",
         "resp = requests.get(\"https://api.%s.example.net/v1/items?%s={v}\")\n" % (host, c)),
        ("curl", "scripts/call.sh",
         "curl -s https://api.%s.example.net/v1/me \\\n  -H \"%s: %s{v}\"\n" % (host, hname, hpre)),
        ("yaml-nested", "config/services.yaml",
         "%s:\n  enabled: true\n  api_key: {v}\n" % host),
        ("json-nested", "config/providers.json",
         '{{"%s": {{"region": "eu", "apiKey": "{v}"}}}}\n' % host),
        ("compose", "docker-compose.yml",
         "services:\n  api:\n    image: shop/api\n    environment:\n      - %s={v}\n" % env),
        ("properties", "src/main/resources/application.properties",
         "server.port=8080\n%s.api.key={v}\n" % host),
        ("k8s-data", "k8s/secret-data.yaml",
         "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  %s: {b64}\n" % env),
        ("log", "logs/app.log",
         "2026-12-06T10:14:03Z INFO  server started on :8080\n"
         "2026-12-06T10:14:04Z DEBUG loaded settings %s={v} region=eu-west-1\n" % env),
    ]


# Placeholders that must never be reported, written in the same forms.
PLACEHOLDERS = [
    "your_api_key_here", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "<TOKEN>", "${API_TOKEN}",
    "{{ .Values.apiKey }}", "sk_live_EXAMPLEKEYEXAMPLEKEY12", "AKIAIOSFODNN7EXAMPLE",
    "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "changeme", "REPLACE_WITH_YOUR_KEY",
    "00000000-0000-0000-0000-000000000000",
]
ID_VALUES = [  # ids and hashes in settings that name them as ids, not secrets
    ("REQUEST_ID", lambda: str(uuid.uuid4())),
    ("COMMIT_SHA", lambda: hashlib.sha1(os.urandom(8)).hexdigest()),
    ("ASSET_HASH", lambda: hashlib.md5(os.urandom(8)).hexdigest()),
    ("BUILD_DIGEST", lambda: "sha256:" + hashlib.sha256(os.urandom(8)).hexdigest()),
]


def line_of(text, needle):
    return text[:text.index(needle)].count("\n") + 1


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    vega = os.path.abspath(sys.argv[1])
    only = sys.argv[sys.argv.index("--provider") + 1] if "--provider" in sys.argv else None
    random.seed(40)
    gen.rng = random.Random(40)
    if os.path.islink(OUT):  # a worktree linked to a shared corpus: write a private one
        os.unlink(OUT)
    shutil.rmtree(OUT, ignore_errors=True)
    labels, negs = [], []

    def write(rel, text):
        p = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as fh:
            fh.write(text)

    for pid, env, mk, header in PROVIDERS:
        if only and only not in pid:
            continue
        for form, fname, tmpl in forms(env, header):
            v = mk()
            b64 = base64.b64encode(v.encode()).decode()
            text = tmpl.replace("{v}", v).replace("{b64}", b64).replace("{{", "{") \
                .replace("}}", "}")
            rel = os.path.join("pos", pid, form, fname)
            write(rel, text)
            at = v if v in text else b64
            labels.append({"provider": pid, "form": form, "path": rel, "line": line_of(text, at),
                           "text": text.split("\n")[line_of(text, at) - 1]})
    for i, ph in enumerate(PLACEHOLDERS):
        for form, fname, tmpl in forms("API_TOKEN", None):
            text = tmpl.replace("{v}", ph).replace("{b64}", base64.b64encode(ph.encode()).decode()) \
                .replace("{{", "{").replace("}}", "}")
            rel = os.path.join("neg", "ph%d" % i, form, fname)
            write(rel, text)
            negs.append({"what": ph, "form": form, "path": rel})
    for env, mk in ID_VALUES:
        for form, fname, tmpl in forms(env, ("X-Request-Id", "")):
            if form in ("yaml-nested", "json-nested", "properties"):
                continue  # these name the value apiKey/api_key: not an id's setting
            v = mk()
            text = tmpl.replace("{v}", v).replace("{b64}", base64.b64encode(v.encode()).decode()) \
                .replace("{{", "{").replace("}}", "}")
            rel = os.path.join("neg", env.lower(), form, fname)
            write(rel, text)
            negs.append({"what": env, "form": form, "path": rel})
    for form, fname, tmpl in forms("API_TOKEN", None):
        # process.env.X and os.environ[...] in place of a value
        text = tmpl.replace('"{v}"', "process.env.API_TOKEN").replace("{v}", "$API_TOKEN") \
            .replace("{b64}", "JEFQSV9UT0tFTg==") \
            .replace("{{", "{").replace("}}", "}")
        rel = os.path.join("neg", "envref", form, fname)
        write(rel, text)
        negs.append({"what": "env reference", "form": form, "path": rel})
    by_file = secrets_trufflehog.secret_findings_by_file(vega, OUT)
    found, by_prov, by_form = secrets_trufflehog.tally_found(labels, by_file)
    print("top providers in every form: %d/%d found (recall %.3f), %d providers x %d forms"
          % (found, len(labels), found / max(1, len(labels)), len(by_prov), len(by_form)))
    print("by form:     " + "  ".join("%s %d/%d" % (k, v[1], v[0]) for k, v in by_form.items()))
    print("by provider: " + "  ".join("%s %d/%d" % (k, v[1], v[0]) for k, v in by_prov.items()
                                      if v[1] < v[0]) + "  (the others: all)")
    fp = [n for n in negs if by_file.get(n["path"])]
    print("placeholders and ids in the same forms: %d files, %d with a secret finding"
          % (len(negs), len(fp)))
    for n in fp:
        print("  fp   %-22s %-10s %s" % (n["what"][:22], n["form"],
                                       ",".join(sorted({f["rule_id"] for f in by_file[n["path"]]}))))
    if "--show-misses" in sys.argv:
        for lab in labels:
            if not lab["found"]:
                print("  miss %-20s %-10s %s" % (lab["provider"], lab["form"],
                                                 lab["text"].strip()[:140]))
    return 0 if not fp else 1


if __name__ == "__main__":
    sys.exit(main())
