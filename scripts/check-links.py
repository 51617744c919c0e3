#!/usr/bin/env python3
"""`make lint`: every relative link in the repository's Markdown resolves.

Checks inline links and images `[text](target)`, `![alt](target)` and reference
definitions `[id]: target` in every tracked *.md file (README.md, docs/, examples/, ...):
the target file or directory must exist, relative to the linking file (or to the
repository root for targets starting with '/'), and a `#fragment` into a Markdown file
must name one of its headings (GitHub's anchors). Absolute URLs (http:, https:, mailto:)
are not fetched. Code spans and fenced code blocks are skipped.

usage: scripts/check-links.py [FILE.md...]   (default: every *.md under the repository)
Exit 0 when every link resolves, 1 with one line per broken link otherwise.
"""
import os
import re
import sys
from urllib.parse import unquote

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP_DIRS = {".git", "node_modules", "build", "build-asan", "build-fuzz", "var", ".corpus",
             ".code-corpus", ".code-corpus-rules", ".history"}
INLINE = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def markdown_files():
    for dirpath, dirnames, filenames in os.walk(ROOT):
        # Hidden folders are corpora, clones and tool state (bench/.corpus-*, .git), never docs.
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".md"):
                yield os.path.join(dirpath, name)


def lines_outside_code(text, blank_spans=True):
    """(line number, line) for lines outside fenced blocks, with code spans blanked."""
    fence = None
    for n, line in enumerate(text.splitlines(), 1):
        m = FENCE.match(line)
        if m:
            if fence is None:
                fence = m.group(1)
            elif m.group(1) == fence:
                fence = None
            continue
        if fence is None:
            yield n, CODE_SPAN.sub(lambda s: " " * len(s.group(0)), line) if blank_spans else line


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to '-'."""
    h = re.sub(r"`|\*\*|__", "", heading).strip().lower()
    h = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", h)
    h = re.sub(r"[^\w\- ]", "", h)
    return h.replace(" ", "-")


def anchors(path, cache={}):
    if path not in cache:
        found, seen = set(), {}
        with open(path, encoding="utf-8") as fh:
            for _, line in lines_outside_code(fh.read(), blank_spans=False):
                m = HEADING.match(line)
                if m:
                    s = slug(m.group(1))
                    k = seen.get(s, 0)
                    seen[s] = k + 1
                    found.add(s if k == 0 else "%s-%d" % (s, k))
        cache[path] = found
    return cache[path]


def check(md):
    errors = []
    with open(md, encoding="utf-8") as fh:
        text = fh.read()
    for n, line in lines_outside_code(text):
        targets = [m.group(1) for m in INLINE.finditer(line)]
        m = REFDEF.match(line)
        if m:
            targets.append(m.group(1))
        for target in targets:
            if not target or EXTERNAL.match(target):
                continue
            path, _, frag = target.partition("#")
            path = unquote(path)
            if path == "":
                dest = md
            elif path.startswith("/"):
                dest = os.path.join(ROOT, path.lstrip("/"))
            else:
                dest = os.path.normpath(os.path.join(os.path.dirname(md), path))
            where = "%s:%d" % (os.path.relpath(md, ROOT), n)
            if not os.path.exists(dest):
                errors.append("%s: broken link '%s': no such file" % (where, target))
            elif os.path.relpath(dest, ROOT).startswith(".."):
                errors.append("%s: link '%s' leaves the repository" % (where, target))
            elif frag and dest.endswith(".md") and unquote(frag).lower() not in anchors(dest):
                errors.append("%s: broken link '%s': no heading '#%s' in %s"
                              % (where, target, frag, os.path.relpath(dest, ROOT)))
    return errors


def main(argv):
    files = [os.path.abspath(a) for a in argv] or list(markdown_files())
    errors = [e for md in files for e in check(md)]
    for e in errors:
        print("lint: " + e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
