import requests
from flask import Blueprint, jsonify

bp = Blueprint("fetch", __name__, url_prefix="/fetch")

RATES_URL = "https://rates.internal.acme.test/v1/latest"


@bp.get("/rates")
def rates():
    r = requests.get(RATES_URL, timeout=10, verify=False)
    return jsonify(r.json())
