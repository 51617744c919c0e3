import re
import subprocess
import time
from pathlib import Path

from flask import Blueprint, abort, jsonify, request

bp = Blueprint("admin", __name__, url_prefix="/admin")

TABLES = {"notes", "comments", "invoices"}


@bp.post("/export")
def export():
    table = request.form["table"]
    if table not in TABLES:
        abort(400)
    out = subprocess.check_output(["pg_dump", f"--table={table}", "acme"])
    return out, 200, {"Content-Type": "application/sql"}


@bp.post("/cleanup")
def cleanup():
    days = request.form.get("days", "30")
    if not re.fullmatch(r"\d{1,3}", days):
        abort(400)
    cutoff = time.time() - int(days) * 86400
    for f in Path("/srv/uploads").iterdir():
        if f.is_file() and f.stat().st_mtime < cutoff:
            f.unlink()
    return jsonify(ok=True)
