from flask import Blueprint, render_template_string, request

bp = Blueprint("pages", __name__)


@bp.get("/hello")
def hello():
    name = request.args.get("name", "there")
    return render_template_string(f"<h1>Hello {name}</h1>")


@bp.get("/search")
def search():
    return "<p>No results for " + request.args.get("q", "") + "</p>"
