"""Shared fixtures: the real app served by uvicorn in a thread, and Debian's chromium."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """Base URL of `app.main:create_app()` served on a free 127.0.0.1 port."""
    import uvicorn

    from chainrule.app.main import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:  # poll start-up, bounded; not a fixed sleep
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """Debian's chromium through Playwright; skips when either is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        plain = browser.new_context

        def new_context(**options):  # type: ignore[no-untyped-def]
            """Contexts bypass the pages' Content-Security-Policy unless a test asks
            bypass_csp=False: Playwright's wait_for_function polls with `new Function`, which the
            policy (no 'unsafe-eval') refuses. tests/browser/test_headers_browser.py drives the
            pages under their policy."""
            return plain(**({"bypass_csp": True} | options))

        browser.new_context = new_context
        yield browser
        browser.close()


@pytest.fixture
def app_page(chromium, live_server: str) -> Iterator[object]:
    """A fresh page (own storage) on the app; fails the test on any page error."""
    context = chromium.new_context(base_url=live_server, viewport={"width": 1400, "height": 820})
    with page_failing_on_errors(context) as page:
        yield page


@contextmanager
def page_failing_on_errors(context) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A new page of `context`; on exit, closes the context and fails on any JavaScript error."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@contextmanager
def sized_page(chromium, live_server: str, size: tuple[int, int]) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A page of `size` (width, height) on the app that fails on JavaScript errors; narrower than
    600 px, a touch phone at twice the pixels."""
    phone = size[0] < 600
    context = chromium.new_context(
        base_url=live_server, viewport={"width": size[0], "height": size[1]}, is_mobile=phone,
        has_touch=phone, device_scale_factor=2 if phone else 1,
    )
    with page_failing_on_errors(context) as page:
        yield page


@pytest.fixture
def offline_page(chromium):  # type: ignore[no-untyped-def]
    """A page that may load file: and data: URLs only; fails on anything else it tries."""
    context = chromium.new_context(offline=True, viewport={"width": 1200, "height": 700})
    refused: list[str] = []

    def guard(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    with page_failing_on_errors(context) as page:
        yield page
    assert not refused, f"the offline file asked the network for {refused}"


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
