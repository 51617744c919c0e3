from flask import Blueprint, jsonify, request

from api.db import connect

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.get("/invoices")
def invoices():
    customer = request.args.get("customer", "")
    cur = connect().cursor()
    cur.execute(f"SELECT id, amount_cents, paid FROM invoices WHERE customer_id = '{customer}'")
    return jsonify(cur.fetchall())


@bp.get("/notes")
def notes():
    owner = request.args.get("owner", "")
    cur = connect().cursor()
    cur.execute("SELECT id, title FROM notes WHERE owner_id = '%s'" % owner)
    return jsonify(cur.fetchall())
