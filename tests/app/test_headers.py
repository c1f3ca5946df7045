"""Security headers (app/headers.py): nosniff on every answer; on HTML a Content-Security-Policy
that allows exactly the page's own inline scripts by hash; `/` unframeable by other sites,
`/embed` frameable anywhere; the offline file sandboxed; /docs from vendored Swagger UI."""

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.app.headers import hashes, inline_scripts, page_scripts, policy_of

CS231N = quote("x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as client:  # the lifespan starts the worker pool
        yield client


def directives(policy: str) -> dict[str, list[str]]:
    return {name: rest for name, *rest in (part.split() for part in policy.split("; "))}


@pytest.mark.parametrize("path", [
    "/", "/?lang=ko", f"/embed?src={CS231N}", "/api/ops", "/static/js/url.js", "/healthz",
    "/openapi.json", "/no/such/page", "/api/nothing", "/embed?zsrc=%25",
])
def test_nosniff_everywhere(client: TestClient, path: str) -> None:
    assert client.get(path).headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/?lang=ko", f"/embed?src={CS231N}",
                                  f"/embed?src={CS231N}&lang=ko", "/docs"])
def test_each_inline_script_is_allowed_by_its_hash_and_nothing_else(
    client: TestClient, path: str,
) -> None:
    answer = client.get(path)
    policy = directives(answer.headers["content-security-policy"])
    scripts = inline_scripts(answer.text)
    assert scripts  # the theme script, the import map, the module starter; Swagger's starter
    allowed = set(policy["script-src"]) - {"'self'"}
    assert set(hashes(scripts).split()) <= allowed
    if path != "/docs":  # the pages' templates' inline scripts, none else
        assert allowed == set(hashes(page_scripts()).split())
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in " ".join(sum(policy.values(), []))
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]


def test_the_editor_refuses_other_sites_frames_and_the_embed_welcomes_them(
    client: TestClient,
) -> None:
    page = client.get("/")
    assert directives(page.headers["content-security-policy"])["frame-ancestors"] == ["'self'"]
    assert page.headers["x-frame-options"] == "SAMEORIGIN"
    embed = client.get(f"/embed?src={CS231N}")
    assert "frame-ancestors" not in embed.headers["content-security-policy"]
    assert "x-frame-options" not in embed.headers
    for future in ("/class", "/c/ABCD"):  # the live class's pages get the editor's policy
        assert policy_of(future) == page.headers["content-security-policy"]


@pytest.mark.parametrize("path", [f"/standalone?src={CS231N}&lang=ko",
                                  f"/standalone?src={CS231N}&practice=grad&download=1",
                                  "/replay?mode=race&lang=en"])
def test_the_offline_file_runs_sandboxed_with_its_own_scripts(client: TestClient,
                                                              path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text[:300]
    policy = directives(answer.headers["content-security-policy"])
    assert policy["sandbox"] == ["allow-scripts", "allow-downloads"]
    assert policy["connect-src"] == ["'none'"] and policy["default-src"] == ["'none'"]
    assert set(hashes(inline_scripts(answer.text)).split()) <= set(policy["script-src"])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_api_docs_come_from_vendored_swagger_ui(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and "https://" not in docs.text and "cdn" not in docs.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/static/vendor/swagger-ui-5.35.0/{asset}" in docs.text
        assert client.get(f"/static/vendor/swagger-ui-5.35.0/{asset}").status_code == 200
    assert client.get("/redoc").status_code == 404
    assert client.get("/openapi.json").json()["info"]["title"] == "chainrule"
