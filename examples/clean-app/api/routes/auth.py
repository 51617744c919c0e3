import os
import secrets

import jwt
from flask import Blueprint, jsonify, make_response, redirect, request
from werkzeug.security import check_password_hash

from api.db import connect

bp = Blueprint("auth", __name__, url_prefix="/auth")


def safe_next(target):
    return target if target.startswith("/") and not target.startswith("//") else "/"


@bp.post("/login")
def login():
    email = request.form["email"]
    cur = connect().cursor()
    cur.execute("SELECT id, password_hash FROM users WHERE email = %s", (email,))
    row = cur.fetchone()
    if row is None or not check_password_hash(row[1], request.form["password"]):
        return jsonify(error="invalid credentials"), 401
    resp = make_response(redirect(safe_next(request.args.get("next", "/"))))
    resp.set_cookie("report_session", str(row[0]), max_age=86400, httponly=True, secure=True, samesite="Lax")
    return resp


@bp.get("/me")
def me():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    claims = jwt.decode(token, os.environ["JWT_SECRET"], algorithms=["HS256"])
    return jsonify(user=claims.get("sub"))


@bp.post("/invite")
def invite():
    invite_token = secrets.token_urlsafe(24)
    return jsonify(token=invite_token)
