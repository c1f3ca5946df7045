"""Security headers on every answer (README "Serving a lecture hall"): `X-Content-Type-Options:
nosniff` everywhere, and on HTML a Content-Security-Policy by page:

- the pages (`/` and any page not named below): scripts from this server and the inline ones
  of their templates by hash (the theme script, the import map, the module starters), styles
  from this server and inline (KaTeX, SVG export), nothing framed from or posted elsewhere, and
  `frame-ancestors 'self'` (with X-Frame-Options) so no other site can frame them;
- `/embed`: the same, frameable by any page (slides, a course site, a file on disk);
- the offline file (`/standalone`, `/replay`): made to be saved and opened from disk, where no
  header applies; served here, it runs sandboxed (an opaque origin: no cookie, storage or API of
  this server) with its own inline scripts by hash and its modules as data: URLs, asking no
  network at all;
- `/docs`: Swagger UI from static/vendor and its one inline starter by hash.
"""

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chainrule.app.paths import STATIC_DIR, TEMPLATES_DIR

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
PAGE_TEMPLATES = ("base.html", "index.html", "embed.html")  # the served pages' inline scripts
SERVED = {  # every page's own sources; their inline scripts are added by hash
    "default-src": "'self'", "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:", "font-src": "'self' data:", "connect-src": "'self'",
    "worker-src": "'self' blob:", "object-src": "'none'", "base-uri": "'none'",
    "form-action": "'self'",
}
OFFLINE = {
    "sandbox": "allow-scripts allow-downloads", "default-src": "'none'",
    "style-src": "'unsafe-inline'", "img-src": "data: blob:", "font-src": "data:",
    "worker-src": "blob:", "connect-src": "'none'", "base-uri": "'none'",
    "form-action": "'none'",
}
UNFRAMED = {"frame-ancestors": "'self'"}
OFFLINE_SOURCES = (STATIC_DIR / "js", STATIC_DIR / "vendor")  # what the offline files inline


def inline_scripts(html: str) -> list[str]:
    """The texts of `html`'s inline scripts that run (JSON islands and src= scripts do not)."""
    return [m["body"] for m in SCRIPT.finditer(html)
            if "src=" not in m["attrs"] and "application/json" not in m["attrs"]]


def hashes(scripts: list[str]) -> str:
    """CSP hash sources ('sha256-…') of `scripts`, each once."""
    digests = (hashlib.sha256(text.encode()).digest() for text in dict.fromkeys(scripts))
    return " ".join(f"'sha256-{base64.b64encode(d).decode()}'" for d in digests)


def page_scripts() -> list[str]:
    """The served pages' inline scripts as their templates write them (they hold no Jinja, so
    the page carries them byte for byte; tests/app/test_headers.py renders and checks)."""
    return [text for name in PAGE_TEMPLATES
            for text in inline_scripts((TEMPLATES_DIR / name).read_text("utf-8"))]


def offline_scripts() -> list[str]:
    """The offline files' inline scripts (libraries, import map, starters), from files made of
    no user data: they are the same in every file, whatever its graph, language or record."""
    from chainrule.engine.export.replay import replay_html
    from chainrule.engine.export.viewer import standalone_html

    empty = standalone_html({"nodes": [], "edges": [], "steps": []}, lang="en")
    shells = [replay_html(mode, lang="en") for mode in ("train", "race")]
    return [text for html in (empty, *shells) for text in inline_scripts(html)]


def written(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


OWN_POLICY = ("/embed", "/standalone", "/replay", "/docs")  # every other page: the editor's


def policy_of(path: str) -> str:
    """The Content-Security-Policy of an HTML answer at `path` (`/class`, `/c/…`: the editor's,
    unframeable by other sites)."""
    known = path if path in OWN_POLICY else "/"
    return policy(known, edited(OFFLINE_SOURCES if known in ("/standalone", "/replay") else ()))


def edited(folders: tuple[Path, ...]) -> int:
    """When the templates (and `folders`) last changed: a policy follows the files it hashes."""
    files = [TEMPLATES_DIR / name for name in PAGE_TEMPLATES]
    files += [path for folder in folders for path in folder.rglob("*.js")]
    return max(path.stat().st_mtime_ns for path in files)


@lru_cache(maxsize=16)
def policy(path: str, version: int = 0) -> str:
    """The Content-Security-Policy of a path of OWN_POLICY, or of "/", as of `version`."""
    if path in ("/standalone", "/replay"):
        return written(OFFLINE | {"script-src": f"{hashes(offline_scripts())} data:"} | UNFRAMED)
    if path == "/docs":
        from chainrule.app.views.api_docs import docs_html

        starter = hashes(inline_scripts(docs_html()))
        return written(SERVED | {"script-src": f"'self' {starter}"} | UNFRAMED)
    served = SERVED | {"script-src": f"'self' {hashes(page_scripts())}"}
    return written(served if path == "/embed" else served | UNFRAMED)


class SecurityHeaders:
    """ASGI middleware adding the headers above to every answer that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", policy_of(path))
                    if path != "/embed":
                        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
            await send(message)

        await self.app(scope, receive, send_with_headers)
