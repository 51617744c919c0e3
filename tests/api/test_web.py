"""The web dashboard's files served by `vega serve` (src/web/static.c): precompressed
variants, ETags and 304s, caching by name, security headers, the client-route fallback, and
Swagger UI on /docs. No store involved: SQLite only."""
import gzip
import re

import pytest
import requests

from conftest import Server, assert_envelope


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    srv = Server("sqlite", str(tmp_path_factory.mktemp("web")), extra_args=["--workers", "0"])
    srv.start()
    yield srv
    assert srv.stop() == 0


def get(srv, path, **headers):
    return requests.get(srv.base + path, headers=headers, timeout=10, stream=True)


def raw(r):
    return r.raw.read(decode_content=False)


def assets_of(html):
    return re.findall(r'(?:src|href)="(/assets/[^"]+)"', html)


def test_index_has_strict_headers_and_hashed_assets(web):
    r = requests.get(web.base + "/", timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Cache-Control"] == "no-cache"
    # No inline script: every <script> has a src.
    assert re.findall(r"<script(?![^>]*\bsrc=)", r.text) == []
    urls = assets_of(r.text)
    assert any(u.endswith(".js") for u in urls) and any(u.endswith(".css") for u in urls)
    for u in urls:
        assert re.search(r"-[A-Z0-9]{8,}\.(js|css|svg)$", u), u
        a = requests.get(web.base + u, timeout=10)
        assert a.status_code == 200
        assert a.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert a.headers["ETag"].startswith('"')


def test_encodings_are_precompressed_and_negotiated(web):
    js = [u for u in assets_of(requests.get(web.base + "/", timeout=10).text) if u.endswith(".js")][0]
    plain = raw(get(web, js, **{"Accept-Encoding": "identity"}))
    br = get(web, js, **{"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["Content-Encoding"] == "br" and br.headers["Vary"] == "Accept-Encoding"
    assert len(raw(br)) < len(plain)
    gz = get(web, js, **{"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(raw(gz)) == plain
    none = get(web, js, **{"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert "Content-Encoding" not in none.headers and raw(none) == plain
    etags = {br.headers["ETag"], gz.headers["ETag"], none.headers["ETag"]}
    assert len(etags) == 3  # one validator per representation


def test_etag_revalidation_answers_304(web):
    r = get(web, "/", **{"Accept-Encoding": "gzip"})
    etag = r.headers["ETag"]
    again = get(web, "/", **{"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304 and raw(again) == b"" and again.headers["ETag"] == etag
    changed = get(web, "/", **{"If-None-Match": '"0000"'})
    assert changed.status_code == 200
    head = requests.head(web.base + "/", timeout=10)
    assert head.status_code == 200 and int(head.headers["Content-Length"]) > 0


def test_client_routes_fall_back_to_the_app_but_api_and_assets_do_not(web):
    index = requests.get(web.base + "/", timeout=10).text
    for path in ("/projects", "/repositories/8b6c/findings", "/settings/api-keys", "/signin"):
        r = requests.get(web.base + path, timeout=10)
        assert r.status_code == 200 and r.text == index, path
    assert_envelope(requests.get(web.base + "/v1/no-such", timeout=10), 404, "not_found")
    assert_envelope(requests.get(web.base + "/assets/missing-ABCDEF12.js", timeout=10), 404,
                    "not_found")
    assert_envelope(requests.get(web.base + "/robots.txt", timeout=10), 404, "not_found")
    assert_envelope(requests.delete(web.base + "/projects", timeout=10), 404, "not_found")


def test_docs_is_swagger_ui_on_this_servers_openapi(web):
    r = requests.get(web.base + "/docs", timeout=10)
    assert r.status_code == 200 and "swagger-ui" in r.text
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert re.findall(r"<script(?![^>]*\bsrc=)", r.text) == []
    bundle = [u for u in assets_of(r.text) if "swagger-ui-bundle" in u]
    assert bundle and requests.get(web.base + bundle[0], timeout=10).status_code == 200
    init = [u for u in assets_of(r.text) if "/docs-" in u and u.endswith(".js")][0]
    assert "/v1/openapi.json" in requests.get(web.base + init, timeout=10).text
