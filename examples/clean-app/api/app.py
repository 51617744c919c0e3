import os

from flask import Flask
from flask_cors import CORS

from api.routes import admin, auth, fetch, importer, pages, reports

app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]
app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
CORS(app, origins=["https://notes.acme.test"], supports_credentials=True)

for bp in (admin.bp, auth.bp, fetch.bp, importer.bp, pages.bp, reports.bp):
    app.register_blueprint(bp)

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")), debug=os.environ.get("FLASK_DEBUG") == "1")
