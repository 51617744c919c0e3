#!/usr/bin/python3
"""Recall on the 40 providers founders use most (issue 11: >= 0.90 on the top 40), each key
written the ways real code holds it.

For every provider the script draws keys of the provider's documented shape (random bodies
from a fixed seed, valid CRC32 where the format has one; never a real key, never an example
copied from another scanner's rules) and writes one small file per (provider, form) under
bench/.corpus-top40/ (never committed), one fresh key per file:

  env        `.env` line under the provider's conventional variable name
  env-other  `.env` line under a name that does not say the provider (PROD_API_KEY, ...)
  json       JSON config, the provider's object holding the key
  yaml       YAML config, unquoted value under the provider's section
  ts         TypeScript source, the key passed to the provider's client
  py-dict    Python dict under the setting's word alone (api_key, auth_token), no provider
  js-const   JavaScript constant named by the setting's word alone
  py         Python source, the key assigned in code
  url        the key inside a URL (query parameter, userinfo, or the URL itself)
  curl       a header (or -u pair) of a curl command against the provider's API
  bare       a notes file: the provider as a heading, the key after a weak word

Multi-line keys (PEM, service-account JSON) have forms of their own. The tree is scanned
once with `vega scan --format json` in the default mode; a key is found when a secret
finding covers its line. Prints recall over all, per form and per provider (the ones below
1.0), and with --show-misses every missed line.

Usage: secrets_top40.py VEGA [--show-misses] [--provider SUBSTR] [--form NAME]
"""
import base64
import json
import os
import random
import shutil
import sys
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scriptlib  # noqa: E402
import secrets_trufflehog  # noqa: E402  (secret_findings_by_file)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", ".corpus-top40")
gen = scriptlib.load("gen-secret-examples.py", "gen")

A = gen.ALPHABETS
B62, B64, B64U, HEX = A["b62"], A["b64"], A["b64u"], A["hex"]


def R(alpha, n):
    return gen.rand_str(alpha, n)


def digits(n):
    return str(gen.rng.randint(1, 9)) + "".join(gen.rng.choice("0123456789") for _ in range(n - 1))


def pick(*xs):
    return gen.rng.choice(xs)


def crc(prefix):
    return gen.github_token(prefix)


def b64json(obj):
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()) \
        .rstrip(b"=").decode()


def pem(kind="RSA PRIVATE KEY"):
    if kind == "OPENSSH PRIVATE KEY":
        body = gen.openssh_body("\n").split("\n")
    elif kind == "EC PRIVATE KEY":
        body = gen.pem_lines("3:64:MHcCAQEEI")
    elif kind == "PRIVATE KEY":
        body = gen.pem_lines("26:64:MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")
    else:
        body = gen.pem_lines("25:64:MIIEpAIBAAKCAQEA")
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, "\n".join(body), kind)


def mapbox():
    return "sk." + b64json({"u": R(A["lower"], 8), "a": R(A["lnum"], 25)}) + "." + R(B64U, 22)


def sentry_org():
    payload = base64.b64encode(json.dumps(
        {"iat": gen.rng.randint(1700000000, 1760000000), "url": "https://sentry.io",
         "region_url": "https://us.sentry.io", "org": R(A["lower"], 8)},
        separators=(",", ":")).encode()).decode().rstrip("=")
    return "sntrys_" + payload + "_" + R(B62, 43)


def discord_id():
    """A bot token's first part: the bot's snowflake id in base64, unpadded."""
    return base64.b64encode(digits(gen.rng.choice((18, 19))).encode()).decode().rstrip("=")


def sas():
    sig = base64.b64encode(os.urandom(32)).decode()
    return ("sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2027-03-01T00:00:00Z"
            "&st=2026-01-01T00:00:00Z&spr=https&sig=" + urllib.parse.quote(sig, safe=""))


def jwt_secret():
    return pick(lambda: R(B62, 48), lambda: R(HEX, 64), lambda: R(B64, 44))()


def pw():
    return R(B62, gen.rng.randint(16, 28))


# Provider: id, conventional env name, value maker, API domain, request header (name, value
# prefix) or None; optional: alt (an env name without the provider), key (the setting's
# word), url (template with {v}), curl (template), kind ("pem", "url", "json-sa").
def P(pid, env, mk, domain, header=("Authorization", "Bearer "), **kw):
    d = {"id": pid, "env": env, "mk": mk, "domain": domain, "header": header,
         "alt": "PROD_API_KEY", "key": "api_key", "url": None, "curl": None, "kind": "token",
         "skip": ()}
    d.update(kw)
    return d


PROVIDERS = [
    P("aws-access-key-id", "AWS_ACCESS_KEY_ID", lambda: "AKIA" + R(A["b32"][:26] + "234567", 16),
      "sts.amazonaws.com", None, alt="S3_ACCESS_KEY", key="access_key_id",
      url="https://s3.amazonaws.com/media-bucket/report.pdf?AWSAccessKeyId={v}&Expires=1767225600"),
    P("aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", lambda: R(B64, 40), "s3.amazonaws.com",
      None, alt="S3_SECRET_KEY", key="secret_access_key", skip=("url",),
      curl="aws configure set aws_secret_access_key {v} --profile prod"),
    P("github-classic", "GITHUB_TOKEN", lambda: crc("ghp_"), "api.github.com",
      ("Authorization", "token "), alt="CI_PUSH_TOKEN", key="token",
      url="https://x-access-token:{v}@github.com/acme-shop/api.git"),
    P("github-fine-grained", "GH_TOKEN", lambda: "github_pat_11" + R(A["unum"], 20) + "_" + R(B62, 59),
      "api.github.com", alt="RELEASE_TOKEN", key="token",
      url="https://oauth2:{v}@github.com/acme-shop/web.git"),
    P("github-app", "GITHUB_APP_TOKEN", lambda: crc(pick("ghs_", "ghu_", "gho_")), "api.github.com",
      alt="BOT_TOKEN", key="token"),
    P("gitlab", "GITLAB_TOKEN", lambda: "glpat-" + R(B64U, 20), "gitlab.com",
      ("PRIVATE-TOKEN", ""), alt="CI_REGISTRY_TOKEN", key="private_token",
      url="https://oauth2:{v}@gitlab.com/acme/shop.git"),
    P("stripe-secret", "STRIPE_SECRET_KEY", lambda: "sk_live_51" + R(B62, 97), "api.stripe.com",
      alt="PAYMENTS_SECRET", key="secret_key", curl="curl https://api.stripe.com/v1/charges -u {v}:"),
    P("stripe-restricted", "STRIPE_RESTRICTED_KEY", lambda: "rk_live_51" + R(B62, 97),
      "api.stripe.com", alt="BILLING_KEY", key="restricted_key"),
    P("stripe-webhook", "STRIPE_WEBHOOK_SECRET", lambda: "whsec_" + R(B62, 32), "api.stripe.com",
      None, alt="WEBHOOK_SIGNING_SECRET", key="webhook_secret", skip=("url", "curl")),
    P("openai-legacy", "OPENAI_API_KEY", lambda: "sk-" + R(B62, 20) + "T3BlbkFJ" + R(B62, 20),
      "api.openai.com", alt="LLM_API_KEY"),
    P("openai-project", "OPENAI_API_KEY",
      lambda: "sk-proj-" + R(B64U, 74) + "T3BlbkFJ" + R(B64U, 74), "api.openai.com",
      alt="LLM_API_KEY"),
    P("openai-svcacct", "OPENAI_API_KEY",
      lambda: "sk-svcacct-" + R(B64U, 74) + "T3BlbkFJ" + R(B64U, 74), "api.openai.com",
      alt="AI_KEY"),
    P("anthropic", "ANTHROPIC_API_KEY", lambda: "sk-ant-api03-" + R(B64U, 93) + "AA",
      "api.anthropic.com", ("x-api-key", ""), alt="LLM_API_KEY"),
    P("slack-bot", "SLACK_BOT_TOKEN",
      lambda: "xoxb-%s-%s-%s" % (digits(12), digits(13), R(B62, 24)), "slack.com",
      alt="CHAT_BOT_TOKEN", key="bot_token"),
    P("slack-user", "SLACK_USER_TOKEN",
      lambda: "xoxp-%s-%s-%s-%s" % (digits(12), digits(12), digits(13), R(HEX, 32)), "slack.com",
      alt="CHAT_TOKEN", key="user_token"),
    P("slack-webhook", "SLACK_WEBHOOK_URL",
      lambda: "https://hooks.slack.com/services/T%s/B%s/%s" % (R(A["unum"], 10), R(A["unum"], 10),
                                                             R(B62, 24)),
      "hooks.slack.com", None, alt="ALERTS_WEBHOOK_URL", key="webhook_url", kind="url"),
    P("gcp-api-key", "GOOGLE_API_KEY", lambda: "AIza" + R(B64U, 35), "maps.googleapis.com",
      ("X-Goog-Api-Key", ""), alt="MAPS_KEY",
      url="https://maps.googleapis.com/maps/api/geocode/json?address=Paris&key={v}"),
    P("gcp-service-account", "GOOGLE_APPLICATION_CREDENTIALS_JSON", lambda: pem("PRIVATE KEY"),
      "oauth2.googleapis.com", None, kind="json-sa"),
    P("azure-storage", "AZURE_STORAGE_CONNECTION_STRING",
      lambda: "DefaultEndpointsProtocol=https;AccountName=%s;AccountKey=%s==;EndpointSuffix=core.windows.net"
      % (R(A["lower"], 12), R(B64, 86)), "blob.core.windows.net", None,
      alt="BLOB_CONNECTION", key="connection_string"),
    P("azure-entra", "AZURE_CLIENT_SECRET",
      lambda: R(B62, 3) + pick(*"0123456789") + "Q~" + R(B62 + "_~.-", 34),
      "login.microsoftonline.com", None, alt="SSO_CLIENT_SECRET", key="client_secret",
      skip=("url",), curl="curl -X POST https://login.microsoftonline.com/acme.onmicrosoft.com/oauth2/v2.0/token "
      "-d grant_type=client_credentials -d client_id=%s -d 'client_secret={v}'"),
    P("azure-sas", "AZURE_STORAGE_SAS_TOKEN", sas, "blob.core.windows.net", None,
      alt="BLOB_SAS", key="sas_token",
      url="https://acmeprod.blob.core.windows.net/uploads?{v}"),
    P("pem-rsa", "PRIVATE_KEY", lambda: pem("RSA PRIVATE KEY"), "", None, kind="pem"),
    P("pem-openssh", "DEPLOY_KEY", lambda: pem("OPENSSH PRIVATE KEY"), "", None, kind="pem"),
    P("pem-ec", "SIGNING_KEY", lambda: pem("EC PRIVATE KEY"), "", None, kind="pem"),
    P("db-postgres", "DATABASE_URL",
      lambda: "postgres://app:%s@db.acme-prod.internal:5432/shop" % pw(), "", None,
      alt="PRIMARY_DB", key="database_url", kind="url"),
    P("db-mysql", "DATABASE_URL",
      lambda: "mysql://shop_rw:%s@mysql.acme.io:3306/orders" % pw(), "", None,
      alt="ORDERS_DSN", key="url", kind="url"),
    P("db-mongodb-srv", "MONGODB_URI",
      lambda: "mongodb+srv://admin:%s@cluster0.%s.mongodb.net/app?retryWrites=true&w=majority"
      % (pw(), R(A["lnum"], 5)), "", None, alt="DB_URI", key="uri", kind="url"),
    P("db-redis", "REDIS_URL",
      lambda: "redis://default:%s@redis-%s.c1.us-east-1.cloud.redislabs.com:16379" % (pw(), digits(5)),
      "", None, alt="CACHE_URL", key="url", kind="url"),
    P("db-amqp", "AMQP_URL",
      lambda: "amqps://worker:%s@rabbit.acme.io:5671/prod" % pw(), "", None,
      alt="BROKER_URL", key="url", kind="url"),
    P("npm", "NPM_TOKEN", lambda: crc("npm_"), "registry.npmjs.org", alt="REGISTRY_TOKEN",
      key="auth_token"),
    P("pypi", "PYPI_API_TOKEN", lambda: "pypi-AgEIcHlwaS5vcmc" + R(B64U, 70 + gen.rng.randint(0, 100)),
      "upload.pypi.org", None, alt="TWINE_PASSWORD", key="password"),
    P("datadog-api", "DD_API_KEY", lambda: R(HEX, 32), "api.datadoghq.com", ("DD-API-KEY", ""),
      alt="METRICS_API_KEY"),
    P("datadog-app", "DD_APP_KEY", lambda: R(HEX, 40), "api.datadoghq.com",
      ("DD-APPLICATION-KEY", ""), alt="METRICS_APP_KEY", key="app_key"),
    P("netlify", "NETLIFY_AUTH_TOKEN", lambda: "nfp_" + R(B62, 36), "api.netlify.com",
      alt="DEPLOY_TOKEN", key="auth_token"),
    P("vercel", "VERCEL_TOKEN", lambda: R(B62, 24), "api.vercel.com", alt="DEPLOY_TOKEN",
      key="token"),
    P("supabase-service", "SUPABASE_SERVICE_ROLE_KEY", lambda: gen.supabase_jwt("service_role"),
      "acme.supabase.co", ("apikey", ""), alt="DB_SERVICE_KEY", key="service_role_key"),
    P("supabase-secret", "SUPABASE_SECRET_KEY", lambda: "sb_secret_" + R(B64U, 31),
      "acme.supabase.co", ("apikey", ""), alt="DB_SECRET_KEY", key="secret_key"),
    P("supabase-jwt-secret", "SUPABASE_JWT_SECRET", lambda: R(B64, 64) + "==", "", None,
      alt="AUTH_JWT_SECRET", key="jwt_secret", skip=("url", "curl")),
    P("firebase-fcm", "FCM_SERVER_KEY",
      lambda: "AAAA" + R(B64U, 7) + ":APA91b" + R(B64U, 134), "fcm.googleapis.com",
      ("Authorization", "key="), alt="PUSH_SERVER_KEY", key="server_key"),
    P("firebase-sa", "FIREBASE_PRIVATE_KEY", lambda: pem("PRIVATE KEY"), "", None, kind="json-sa"),
    P("twilio-auth", "TWILIO_AUTH_TOKEN", lambda: R(HEX, 32), "api.twilio.com", None,
      alt="SMS_AUTH_TOKEN", key="auth_token",
      curl="curl -X POST https://api.twilio.com/2010-04-01/Accounts/AC%s/Messages.json -u AC%s:{v}"),
    P("twilio-api-secret", "TWILIO_API_SECRET", lambda: R(B62, 32), "api.twilio.com", None,
      alt="SMS_API_SECRET", key="api_secret", skip=("url",),
      curl="curl https://api.twilio.com/2010-04-01/Accounts.json -u SK%s:{v}"),
    P("sendgrid", "SENDGRID_API_KEY", lambda: "SG." + R(B64U, 22) + "." + R(B64U, 43),
      "api.sendgrid.com", alt="MAIL_API_KEY"),
    P("mailgun", "MAILGUN_API_KEY",
      lambda: pick(lambda: "key-" + R(HEX, 32),
                   lambda: R(HEX, 32) + "-" + R(HEX, 8) + "-" + R(HEX, 8))(),
      "api.mailgun.net", None, alt="MAIL_API_KEY",
      curl="curl -s --user 'api:{v}' https://api.mailgun.net/v3/mg.acme.io/messages"),
    P("postmark", "POSTMARK_SERVER_TOKEN", lambda: str(uuid.UUID(int=gen.rng.getrandbits(128), version=4)),
      "api.postmarkapp.com", ("X-Postmark-Server-Token", ""), alt="MAIL_SERVER_TOKEN",
      key="server_token"),
    P("resend", "RESEND_API_KEY", lambda: "re_" + R(B62, 8) + "_" + R(B62, 24), "api.resend.com",
      alt="MAIL_API_KEY"),
    P("sentry-dsn", "SENTRY_DSN",
      lambda: "https://%s@o%s.ingest.sentry.io/%s" % (R(HEX, 32), digits(6), digits(7)), "", None,
      alt="ERROR_REPORTING_DSN", key="dsn", kind="url"),
    P("sentry-auth", "SENTRY_AUTH_TOKEN",
      lambda: pick(lambda: "sntryu_" + R(HEX, 64), sentry_org)(), "sentry.io",
      alt="RELEASE_TOKEN", key="auth_token"),
    P("cloudflare", "CLOUDFLARE_API_TOKEN", lambda: R(B64U, 40), "api.cloudflare.com",
      alt="DNS_API_TOKEN", key="api_token"),
    P("cloudflare-global", "CLOUDFLARE_API_KEY", lambda: R(HEX, 37), "api.cloudflare.com",
      ("X-Auth-Key", ""), alt="DNS_API_KEY"),
    P("digitalocean", "DIGITALOCEAN_TOKEN", lambda: pick("dop_v1_", "doo_v1_") + R(HEX, 64),
      "api.digitalocean.com", alt="CLOUD_TOKEN", key="token"),
    P("heroku", "HEROKU_API_KEY",
      lambda: pick(lambda: "HRKU-AA" + R(B64U, 58), lambda: str(uuid.UUID(int=gen.rng.getrandbits(128), version=4)))(),
      "api.heroku.com", alt="PAAS_API_KEY"),
    P("shopify", "SHOPIFY_ACCESS_TOKEN", lambda: pick("shpat_", "shpca_", "shppa_") + R(HEX, 32),
      "acme-shop.myshopify.com", ("X-Shopify-Access-Token", ""), alt="STORE_ACCESS_TOKEN",
      key="access_token"),
    P("shopify-secret", "SHOPIFY_API_SECRET", lambda: "shpss_" + R(HEX, 32),
      "acme-shop.myshopify.com", None, alt="STORE_APP_SECRET", key="api_secret",
      skip=("url", "curl")),
    P("discord-bot", "DISCORD_BOT_TOKEN",
      lambda: discord_id() + "." + R(B64U, 6) + "." + R(B64U, 38), "discord.com",
      ("Authorization", "Bot "), alt="BOT_TOKEN", key="bot_token"),
    P("discord-webhook", "DISCORD_WEBHOOK_URL",
      lambda: "https://discord.com/api/webhooks/%s/%s" % (digits(19), R(B64U, 68)), "", None,
      alt="ALERTS_WEBHOOK", key="webhook_url", kind="url"),
    P("telegram", "TELEGRAM_BOT_TOKEN", lambda: digits(10) + ":AA" + R(B64U, 33), "api.telegram.org",
      None, alt="BOT_TOKEN", key="bot_token",
      url="https://api.telegram.org/bot{v}/sendMessage?chat_id=-1001234&text=deployed"),
    P("huggingface", "HF_TOKEN", lambda: "hf_" + R(A["alpha"], 34), "huggingface.co",
      alt="MODEL_HUB_TOKEN", key="token"),
    P("algolia-admin", "ALGOLIA_ADMIN_KEY", lambda: R(HEX, 32), "acme-dsn.algolia.net",
      ("X-Algolia-API-Key", ""), alt="SEARCH_ADMIN_KEY", key="admin_api_key"),
    P("mapbox-secret", "MAPBOX_SECRET_TOKEN", mapbox, "api.mapbox.com", None,
      alt="MAPS_DOWNLOAD_TOKEN", key="secret_token",
      url="https://api.mapbox.com/tokens/v2/acme?access_token={v}"),
    P("linear", "LINEAR_API_KEY", lambda: "lin_api_" + R(B62, 40), "api.linear.app",
      ("Authorization", "")),
    P("notion", "NOTION_TOKEN",
      lambda: pick(lambda: "ntn_" + digits(11) + R(B62, 35), lambda: "secret_" + R(B62, 43))(),
      "api.notion.com", alt="DOCS_INTEGRATION_TOKEN", key="token"),
    P("airtable", "AIRTABLE_TOKEN", lambda: "pat" + R(B62, 14) + "." + R(HEX, 64), "api.airtable.com",
      alt="BASE_TOKEN", key="token"),
    P("paypal", "PAYPAL_CLIENT_SECRET", lambda: "E" + R(B64U, 79), "api-m.paypal.com", None,
      alt="PAYMENTS_CLIENT_SECRET", key="client_secret", skip=("url",),
      curl="curl -v https://api-m.paypal.com/v1/oauth2/token -u \"A%s:{v}\" -d grant_type=client_credentials"),
    P("braintree", "BRAINTREE_ACCESS_TOKEN",
      lambda: "access_token$production$" + R(A["lnum"], 16) + "$" + R(HEX, 32),
      "payments.braintree-api.com", alt="PAYMENTS_TOKEN", key="access_token"),
    P("square", "SQUARE_ACCESS_TOKEN", lambda: "EAAA" + R(B64U, 60), "connect.squareup.com",
      alt="POS_ACCESS_TOKEN", key="access_token"),
    P("dockerhub", "DOCKERHUB_TOKEN", lambda: "dckr_pat_" + R(B64U, 27), "hub.docker.com",
      alt="REGISTRY_PASSWORD", key="token"),
    P("jwt-secret", "JWT_SECRET", jwt_secret, "", None, alt="SESSION_SECRET", key="jwt_secret",
      skip=("url", "curl")),
    P("clerk", "CLERK_SECRET_KEY", lambda: "sk_live_" + R(B62, 42), "api.clerk.com",
      alt="AUTH_SECRET_KEY", key="secret_key"),
    P("atlassian", "JIRA_API_TOKEN",
      lambda: "ATATT3xFfGF0" + R(B64U, 170) + "=" + R("0123456789ABCDEF", 8), "acme.atlassian.net",
      None, alt="TRACKER_TOKEN", key="api_token"),
]

ALT_SECTION = {"aws": "storage", "stripe": "payments", "openai": "llm", "db": "database"}


def words(pid):
    return pid.split("-")[0]


def camel(s):
    w = s.split("_")
    return w[0] + "".join(x.capitalize() for x in w[1:])


def pascal(s):
    return "".join(x.capitalize() for x in s.replace("-", "_").split("_"))


def token_forms(p, v):
    """(form, relative file, text) for a one-line key."""
    host, env, key = words(p["id"]), p["env"], p["key"]
    name = pascal(host)
    dom = p["domain"] or "api.%s.com" % host
    hname, hpre = p["header"] or ("Authorization", "Bearer ")
    out = [
        ("env", ".env", "NODE_ENV=production\nPORT=8080\n%s=%s\n" % (env, v)),
        ("env-other", ".env.production", "LOG_LEVEL=info\n%s=%s\n" % (p["alt"], v)),
        ("json", "config/production.json",
         '{\n  "port": 8080,\n  "%s": {\n    "%s": "%s"\n  }\n}\n' % (host, camel(key), v)),
        ("yaml", "config/app.yml", "%s:\n  enabled: true\n  %s: %s\n" % (host, key, v)),
        ("ts", "src/lib/%s.ts" % host,
         'import { %sClient } from "./clients";\n\nexport const %s = new %sClient({\n'
         '  %s: "%s",\n  timeout: 10_000,\n});\n' % (name, host, name, camel(key), v)),
        ("py", "app/%s_client.py" % host,
         'import %s\n\n%s.%s = "%s"\n' % (host, host, key, v)),
        ("bare", "docs/handover.md", "# Handover\n\n## %s\n\nprod: %s\n" % (name, v)),
        ("py-dict", "app/options.py",
         'OPTIONS = {\n    "%s": "%s",\n    "timeout": 30,\n}\n' % (key, v)),
        ("js-const", "src/keys.js", "const %s = '%s';\nmodule.exports = { %s };\n"
         % (camel(key), v, camel(key))),
    ]
    if p["kind"] == "url":
        out.append(("url", "src/notify.js",
                    'const res = await fetch("%s", { method: "POST" });\n' % v))
        out.append(("curl", "scripts/ping.sh", "#!/bin/sh\ncurl -fsS -X POST '%s' -d '{}'\n" % v))
        return out
    if p["url"]:
        out.append(("url", "scripts/fetch.py", 'resp = requests.get("%s")\n' % p["url"].format(v=v)))
    else:
        out.append(("url", "scripts/fetch.py",
                    'resp = requests.get(f"https://%s/v1/status?api_key=%s")\n' % (dom, v)))
    if p["curl"]:
        c = p["curl"]
        if "%s" in c:
            sid = R(HEX, 32)
            c = c.replace("%s", sid)
        out.append(("curl", "scripts/call.sh", "#!/bin/sh\n%s\n" % c.format(v=v)))
    else:
        out.append(("curl", "scripts/call.sh", "#!/bin/sh\ncurl -s https://%s/v1/me \\\n  -H \"%s: %s%s\"\n"
                    % (dom, hname, hpre, v)))
    return [f for f in out if f[0] not in p["skip"]]


def pem_forms(p, v):
    esc = v.replace("\n", "\\n")
    ind = "\n".join("    " + x for x in v.split("\n"))
    return [
        ("file", "deploy/id_key.pem", v + "\n"),
        ("env", ".env", 'NODE_ENV=production\n%s="%s"\n' % (p["env"], esc)),
        ("json", "config/keys.json", '{\n  "kid": "k1",\n  "privateKey": "%s\\n"\n}\n' % esc),
        ("yaml", "config/signing.yml", "signing:\n  kid: k1\n  private_key: |\n%s\n" % ind),
        ("ts", "src/sign.ts", "const PRIVATE_KEY = `%s`;\nexport default PRIVATE_KEY;\n" % v),
        ("py", "app/sign.py", 'PRIVATE_KEY = """%s\n"""\n' % v),
    ]


def sa_forms(p, v):
    esc = v.replace("\n", "\\n")
    proj = R(A["lower"], 6) + "-" + digits(6)
    sa = json.dumps({
        "type": "service_account", "project_id": proj, "private_key_id": R(HEX, 40),
        "private_key": v + "\n", "client_email": "firebase-adminsdk@%s.iam.gserviceaccount.com" % proj,
        "client_id": digits(21), "token_uri": "https://oauth2.googleapis.com/token"}, indent=2)
    return [
        ("json", "service-account.json", sa + "\n"),
        ("env", ".env", 'NODE_ENV=production\n%s="%s"\n' % (p["env"], esc)),
        ("ts", "src/firebase.ts",
         'admin.initializeApp({\n  credential: admin.credential.cert({\n    projectId: "%s",\n'
         '    clientEmail: "firebase-adminsdk@%s.iam.gserviceaccount.com",\n'
         '    privateKey: "%s\\n",\n  }),\n});\n' % (proj, proj, esc)),
        ("py", "app/gcp.py", "creds = service_account.Credentials.from_service_account_info(%s)\n"
         % sa.replace("\n", "\n    ")),
        ("yaml", "k8s/values.yaml", "gcp:\n  project: %s\n  privateKey: \"%s\\n\"\n" % (proj, esc)),
    ]


def line_of(text, needle):
    return text[:text.index(needle)].count("\n") + 1


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    vega = os.path.abspath(sys.argv[1])
    only = sys.argv[sys.argv.index("--provider") + 1] if "--provider" in sys.argv else None
    oform = sys.argv[sys.argv.index("--form") + 1] if "--form" in sys.argv else None
    gen.rng = random.Random(4040)
    if os.path.islink(OUT):  # a worktree linked to a shared corpus: write a private one
        os.unlink(OUT)
    shutil.rmtree(OUT, ignore_errors=True)
    labels = []
    for p in PROVIDERS:
        kind = p["kind"]
        mk = {"pem": pem_forms, "json-sa": sa_forms}.get(kind, token_forms)
        nforms = len(mk(p, p["mk"]()))
        for i in range(nforms):
            v = p["mk"]()
            form, rel, text = mk(p, v)[i]
            if (only and only not in p["id"]) or (oform and oform != form):
                continue
            rel = os.path.join(p["id"], form, rel)
            path = os.path.join(OUT, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as fh:
                fh.write(text)
            first = v.split("\n")[0]
            at = first if first in text else v.replace("\n", "\\n").split("\\n")[0]
            ln = line_of(text, at)
            labels.append({"provider": p["id"], "form": form, "path": rel, "line": ln,
                           "text": text.split("\n")[ln - 1]})
    by_file = secrets_trufflehog.secret_findings_by_file(vega, OUT)
    found, by_prov, by_form = secrets_trufflehog.tally_found(labels, by_file)
    print("top-40 providers: %d/%d keys found (recall %.3f), %d provider formats, %d forms"
          % (found, len(labels), found / max(1, len(labels)), len(by_prov), len(by_form)))
    print("by form:     " + "  ".join("%s %d/%d" % (k, v[1], v[0]) for k, v in sorted(by_form.items())))
    print("by provider: " + "  ".join("%s %d/%d" % (k, v[1], v[0]) for k, v in by_prov.items()
                                      if v[1] < v[0]) + "  (the others: all)")
    if "--show-misses" in sys.argv:
        for lab in labels:
            if not lab["found"]:
                print("  miss %-20s %-9s %s" % (lab["provider"], lab["form"],
                                                lab["text"].strip()[:150]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
