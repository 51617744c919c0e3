import base64
import json

import yaml
from flask import Blueprint, jsonify, request

bp = Blueprint("importer", __name__, url_prefix="/import")


@bp.post("/state")
def restore_state():
    state = json.loads(base64.b64decode(request.form["state"]))
    return jsonify(keys=sorted(state))


@bp.post("/config")
def import_config():
    config = yaml.safe_load(request.data)
    return jsonify(sections=list(config))
