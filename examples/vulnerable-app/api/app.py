import os

from flask import Flask
from flask_cors import CORS

from api.routes import admin, auth, fetch, importer, pages, reports

app = Flask(__name__)
app.secret_key = "acme-reporting-2024"
CORS(app, supports_credentials=True)

for bp in (admin.bp, auth.bp, fetch.bp, importer.bp, pages.bp, reports.bp):
    app.register_blueprint(bp)

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")), debug=True)
