import hashlib
import random
import string

import jwt
from flask import Blueprint, jsonify, make_response, redirect, request

from api.db import connect

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.post("/login")
def login():
    email = request.form["email"]
    pw_hash = hashlib.md5(request.form["password"].encode()).hexdigest()
    cur = connect().cursor()
    cur.execute("SELECT id FROM users WHERE email = %s AND password_hash = %s", (email, pw_hash))
    row = cur.fetchone()
    if row is None:
        return jsonify(error="invalid credentials"), 401
    resp = make_response(redirect(request.args.get("next", "/")))
    resp.set_cookie("report_session", str(row[0]), max_age=86400)
    return resp


@bp.get("/me")
def me():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    claims = jwt.decode(token, options={"verify_signature": False})
    return jsonify(user=claims.get("sub"))


@bp.post("/invite")
def invite():
    invite_token = "".join(random.choice(string.ascii_letters) for _ in range(24))
    return jsonify(token=invite_token)
