#!/usr/bin/python3
"""Recall of planted secrets in the forms and places the engine used to miss (issue 11,
items 1-3), in `vega scan`'s default mode.

Builds a labelled corpus under bench/.corpus-recall/ (generated keys, never real: random
bytes of the provider's alphabet, a valid GitHub/npm CRC32, PEM bodies that are well-formed
DER or openssh-key-v1 structures of random bytes), scans it with `vega scan --format json`
(no flags: default ignores), and reports found/total per form and place, plus findings on
the labelled non-secrets (public keys, certificates, placeholders) and whether keys in
third-party trees stayed unread.

Usage: secrets_recall.py VEGA [--copies N]   (default 4 copies of every form)
"""
import base64
import json
import os
import random
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scriptlib  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", ".corpus-recall")

gen = scriptlib.load("gen-secret-examples.py", "gen")


def rsa_body(lines=26):
    return gen.pem_lines(f"{lines}:64:MIIEowIBAAKCAQEA")


def pem(kind, body, sep="\n"):
    return f"-----BEGIN {kind}-----{sep}" + sep.join(body) + f"{sep}-----END {kind}-----{sep}"


def stripe():
    return "sk_live_" + gen.rand_str(gen.B62, 32)


def aws():
    return "AKIA" + gen.rand_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)


def gh(bad=False):
    t = gen.github_token("ghp_")
    return t[:-1] + ("A" if t[-1] != "A" else "B") if bad else t


def npm(bad=False):
    t = gen.github_token("npm_")
    return t[:-1] + ("A" if t[-1] != "A" else "B") if bad else t


def bundle_line(key):
    return ("!function(){var e={apiKey:\"%s\",env:\"production\"};window.__cfg=e}();" % key)


# Each form: (label, relative path, content builder) -> content with exactly one key.
def forms(rng):
    h = lambda: "%08x" % rng.getrandbits(32)
    return [
        # Build output (item 2)
        ("build: dist/assets/index-*.js", lambda: f"dist/assets/index-{h()}.js",
         lambda: bundle_line(stripe()) + "\n"),
        ("build: .next/static/chunks/*.js", lambda: f".next/static/chunks/{rng.randint(100, 999)}-{h()}.js",
         lambda: bundle_line(aws()) + "\n"),
        ("build: build/static/js/main.*.js", lambda: f"build/static/js/main.{h()}.js",
         lambda: bundle_line(gh()) + "\n"),
        ("build: out/_next/static/*.js", lambda: f"out/_next/static/{h()}.js",
         lambda: bundle_line(stripe()) + "\n"),
        ("build: .nuxt/dist/client/*.js", lambda: f".nuxt/dist/client/{h()}.js",
         lambda: bundle_line(npm()) + "\n"),
        ("build: .output/public/_nuxt/*.js", lambda: f".output/public/_nuxt/{h()}.js",
         lambda: bundle_line(aws()) + "\n"),
        ("build: coverage/lcov-report/*.html", lambda: f"coverage/lcov-report/cfg-{h()}.js.html",
         lambda: "<pre>const key = &quot;%s&quot;;</pre>\n" % stripe()),
        # Checksums that do not verify (item 1): kept at low confidence
        ("checksum: ghp_ with a bad CRC", lambda: f"src/gh-{h()}.js",
         lambda: "const token = \"%s\";\n" % gh(bad=True)),
        ("checksum: npm_ with a bad CRC", lambda: f"cfg/npm-{h()}.env",
         lambda: "NPM_TOKEN=%s\n" % npm(bad=True)),
        # Private keys in the forms code holds them (item 3)
        ("key: PEM split across JS concatenation", lambda: f"src/jwt-{h()}.js",
         lambda: "const k = " + " +\n  ".join(
             json.dumps(x + "\n") for x in ["-----BEGIN RSA PRIVATE KEY-----"] + rsa_body()
             + ["-----END RSA PRIVATE KEY-----"]) + ";\n"),
        ("key: PEM in Python implicit concatenation", lambda: f"app/keys_{h()}.py",
         lambda: "KEY = (\n" + "".join(
             "    %s\n" % json.dumps(x + "\n") for x in ["-----BEGIN PRIVATE KEY-----"]
             + gen.pem_lines("27:64:MIIEvgIBADANBgkqhkiG9w0BAQEFAASC") + ["-----END PRIVATE KEY-----"])
             + ")\n"),
        ("key: PEM with escaped \\r\\n in .env", lambda: f"env/{h()}.env",
         lambda: "JWT_PRIVATE_KEY=\"" + pem("RSA PRIVATE KEY", rsa_body(), "\\r\\n") + "\"\n"),
        ("key: PEM in JSON (privateKey)", lambda: f"config/firebase-{h()}.json",
         lambda: json.dumps({"projectId": "shop", "privateKey": pem("PRIVATE KEY", gen.pem_lines(
             "27:64:MIIEvgIBADANBgkqhkiG9w0BAQEFAASC"))}) + "\n"),
        ("key: GCP service-account JSON", lambda: f"config/sa-{h()}.json",
         lambda: json.dumps({"type": "service_account", "project_id": "shop-prod",
                             "private_key_id": gen.rand_str(gen.ALPHABETS["hex"], 40),
                             "private_key": pem("PRIVATE KEY", gen.pem_lines(
                                 "27:64:MIIEvgIBADANBgkqhkiG9w0BAQEFAASC")),
                             "client_email": "ci@shop-prod.iam.gserviceaccount.com"}, indent=2) + "\n"),
        ("key: base64-encoded PEM (k8s Secret)", lambda: f"k8s/tls-{h()}.yaml",
         lambda: "apiVersion: v1\nkind: Secret\ndata:\n  tls.key: %s\n" % base64.b64encode(
             pem("RSA PRIVATE KEY", rsa_body()).encode()).decode()),
        ("key: base64-encoded PEM (.env)", lambda: f"env/b64-{h()}.env",
         lambda: "SSH_KEY_B64=%s\n" % base64.b64encode(
             pem("OPENSSH PRIVATE KEY", gen.openssh_body("\n").split("\n")).encode()).decode()),
        ("key: OpenSSH file", lambda: f"deploy/id_ed25519_{h()}",
         lambda: pem("OPENSSH PRIVATE KEY", gen.openssh_body("\n").split("\n"))),
        ("key: OpenSSH in a JS array .join", lambda: f"deploy/key-{h()}.js",
         lambda: "module.exports = [\n  " + ",\n  ".join(
             json.dumps(x) for x in ["-----BEGIN OPENSSH PRIVATE KEY-----"]
             + gen.openssh_body("\n").split("\n") + ["-----END OPENSSH PRIVATE KEY-----"])
             + "\n].join(\"\\n\");\n"),
        ("key: PuTTY .ppk", lambda: f"keys/deploy-{h()}.ppk",
         lambda: ("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\n"
                  "Public-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAI%s\n%s\nPrivate-Lines: 1\n%s\n"
                  "Private-MAC: %s\n" % (gen.rand_str(gen.ALPHABETS["b64"], 39),
                                         gen.rand_str(gen.ALPHABETS["b64"], 20),
                                         gen.rand_str(gen.ALPHABETS["b64"], 44),
                                         gen.rand_str(gen.ALPHABETS["hex"], 64)))),
        ("key: PuTTY in a JSON string", lambda: f"keys/ppk-{h()}.json",
         lambda: json.dumps({"ppk": "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\n"
                             "Comment: rsa\nPublic-Lines: 1\nAAAAB3NzaC1yc2E%s\n"
                             "Private-Lines: 1\n%s\nPrivate-MAC: %s\n" % (
                                 gen.rand_str(gen.ALPHABETS["b64"], 40),
                                 gen.rand_str(gen.ALPHABETS["b64"], 64),
                                 gen.rand_str(gen.ALPHABETS["hex"], 40))}) + "\n"),
        ("key: PGP block in a JS string", lambda: f"ci/sign-{h()}.js",
         lambda: "const key = %s;\n" % json.dumps(
             "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + "\n".join(gen.pem_lines("12:64:lQdGBGg"))
             + "\n-----END PGP PRIVATE KEY BLOCK-----\n")),
        ("key: truncated PEM body (low)", lambda: f"src/partial-{h()}.ts",
         lambda: "export const key = \"-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA%s\";\n"
         % gen.rand_str(gen.ALPHABETS["b64"], 40)),
    ]


NEGATIVES = [
    ("public key", "keys/pub-%d.pem",
     lambda: pem("PUBLIC KEY", gen.pem_lines("6:64:MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A"))),
    ("certificate", "certs/cert-%d.pem",
     lambda: pem("CERTIFICATE", gen.pem_lines("18:64:MIIDdzCCAl"))),
    ("base64 certificate", "k8s/crt-%d.yaml",
     lambda: "data:\n  tls.crt: %s\n" % base64.b64encode(
         pem("CERTIFICATE", gen.pem_lines("18:64:MIIDdzCCAl")).encode()).decode()),
    ("placeholder PEM", "docs/key-%d.txt",
     lambda: "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n"),
    ("placeholder token", "src/cfg-%d.js",
     lambda: "const token = process.env.GITHUB_TOKEN || \"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\";\n"),
]

THIRD_PARTY = ["node_modules/pkg/dist/index.js", "vendor/lib/x.js", ".venv/lib/site.py",
               "bower_components/a/a.js", ".next/cache/webpack/x.js", ".git/config"]


def main():
    vega = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/vega")
    copies = int(sys.argv[sys.argv.index("--copies") + 1]) if "--copies" in sys.argv else 4
    rng = random.Random(11)
    if os.path.islink(OUT):  # a worktree linked to a shared corpus: write a private one
        os.unlink(OUT)
    shutil.rmtree(OUT, ignore_errors=True)
    tree = os.path.join(OUT, "tree")
    labels = []

    def write(rel, text):
        p = os.path.join(tree, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)

    for _ in range(copies):
        for label, path, body in forms(rng):
            rel = path()
            write(rel, body())
            labels.append({"label": label, "file": rel})
    for i in range(copies):
        for label, path, body in NEGATIVES:
            write(path % i, body())
    for rel in THIRD_PARTY:
        write(rel, bundle_line(stripe()) + "\n")
    with open(os.path.join(OUT, "labels.json"), "w") as f:
        json.dump(labels, f, indent=1)
    p = subprocess.run([vega, "scan", "--no-progress", "--format", "json", tree],
                       capture_output=True, env=dict(os.environ, VEGA_CACHE_DIR=""))
    report = json.loads(p.stdout)
    by_file = {}
    for f in report["findings"]:
        if f["category"] == "secret":
            by_file.setdefault(f["file_path"], []).append(f)
    per = {}
    for lab in labels:
        hit = by_file.get(lab["file"], [])
        n, k, confs = per.get(lab["label"], (0, 0, set()))
        per[lab["label"]] = (n + 1, k + (1 if hit else 0), confs | {f["confidence"] for f in hit})
    total = sum(v[0] for v in per.values())
    found = sum(v[1] for v in per.values())
    print("%-44s %7s  %s" % ("form / place", "found", "confidence"))
    for label, (n, k, confs) in per.items():
        print("%-44s %3d/%-3d  %s" % (label, k, n, ",".join(sorted(confs)) or "-"))
    neg_files = {path % i for i in range(copies) for _, path, _ in NEGATIVES}
    fp = [f for f in report["findings"] if f["file_path"] in neg_files]
    third = [f for f in report["findings"] if f["file_path"] in THIRD_PARTY]
    print("planted secrets found: %d/%d" % (found, total))
    print("findings on %d labelled non-secrets: %d %s" % (len(neg_files), len(fp),
                                                         sorted({f["rule_id"] for f in fp})))
    print("findings in third-party trees (must stay unread): %d" % len(third))
    return 0 if found == total and not fp and not third else 1


if __name__ == "__main__":
    sys.exit(main())
