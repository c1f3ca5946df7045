"""One place per fact in chromium: the page takes its limits and optimizer ranges from the
server's facts (engine/core/limits.py, engine/learning/optim.py), not from copies."""

import pytest

from chainrule.engine.core import limits

pytestmark = pytest.mark.browser


def test_the_page_takes_its_limits_and_ranges_from_the_facts(app_page) -> None:  # type: ignore[no-untyped-def]
    """A link's momentum of .99995 is inside 0 ≤ momentum < 1 (the old copy stopped at .9999),
    1 is not; the steps field stops at the server's limit."""
    expect = pytest.importorskip("playwright.sync_api").expect
    app_page.goto("/?mode=train&src=x%20%3D%201&opt=momentum&momentum=0.99995&beta2=1&lr=500")
    expect(app_page.locator(".train-panel")).to_be_visible()
    steps, batch = app_page.locator('input[name="steps"]'), app_page.locator('input[name="batch"]')
    expect(steps).to_have_attribute("max", str(limits.TRAIN_STEPS))
    expect(batch).to_have_attribute("max", str(limits.DATASET_ROWS))
    settings = app_page.evaluate("window.chainrule.learning.settings")
    assert (settings["momentum"], settings["beta2"], settings["lr"]) == (0.99995, None, 500)
    steps.fill("99999")
    steps.dispatch_event("change")
    expect(steps).to_have_value(str(limits.TRAIN_STEPS))
