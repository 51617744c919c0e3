import os
import subprocess

from flask import Blueprint, jsonify, request

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.post("/export")
def export():
    table = request.form["table"]
    out = subprocess.check_output(f"pg_dump --table={table} acme", shell=True)
    return out, 200, {"Content-Type": "application/sql"}


@bp.post("/cleanup")
def cleanup():
    days = request.form.get("days", "30")
    os.system("find /srv/uploads -mtime +" + days + " -delete")
    return jsonify(ok=True)
