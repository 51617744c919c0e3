from flask import Blueprint, render_template_string, request
from markupsafe import escape

bp = Blueprint("pages", __name__)


@bp.get("/hello")
def hello():
    name = request.args.get("name", "there")
    return render_template_string("<h1>Hello {{ name }}</h1>", name=name)


@bp.get("/search")
def search():
    return "<p>No results for " + str(escape(request.args.get("q", ""))) + "</p>"
