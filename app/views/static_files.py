"""Static files with cache headers: vendored libraries are versioned by folder, so forever."""

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

VENDOR_CACHE = "public, max-age=31536000, immutable"  # static/vendor/<name>-<version>/
OWN_CACHE = "no-cache"  # the app's own files change with releases: revalidate (ETag) each time


class CachedStatic(StaticFiles):
    """StaticFiles that marks `vendor/` files immutable and revalidates everything else."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            vendored = path.replace("\\", "/").startswith("vendor/")
            response.headers["Cache-Control"] = VENDOR_CACHE if vendored else OWN_CACHE
        return response
