"""Where a bench reads a public repository it does not commit: the local mirror the `fetch`
tool leaves (/work/.mirror/OWNER+NAME/repo, or $VEGA_MIRROR_DIR), else a bare blob-less
clone into a git-ignored directory of bench/. Either must hold the pinned commit."""
import os
import shutil
import subprocess

MIRROR = os.environ.get("VEGA_MIRROR_DIR", "/work/.mirror")


def git_dir(repo, commit, clone):
    """A git directory holding `commit` of github.com/`repo` (cloned into `clone` if need be)."""
    mirror = os.path.join(MIRROR, repo.replace("/", "+"), "repo")
    for d in (mirror, clone):
        if os.path.isdir(d) and subprocess.run(["git", "-C", d, "cat-file", "-e", commit],
                                               capture_output=True).returncode == 0:
            return d
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", "--bare", "--filter=blob:none",
                    "https://github.com/" + repo, clone], check=True)
    return clone
