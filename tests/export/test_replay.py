"""GET /replay: the offline shell of a training run or a race, which the page fills with what it
recorded; chainrule.engine.export.replay.replay_html does the same from Python."""

import json

from fastapi.testclient import TestClient

from chainrule.app import create_app
from chainrule.engine.export.replay import PLACEHOLDER, replay_html

BOWL = "x = -7.0\ny = 2.0\nf = x ** 2 / 20 + y ** 2"


def test_replay_shell_and_record() -> None:
    client = TestClient(create_app())
    shell = client.get("/replay?mode=race&lang=ko&theme=dark").text
    assert PLACEHOLDER in shell and '<html lang="ko" data-theme="dark"' in shell
    assert "chainrule/train/replay.js" in shell and "옵티마이저 경주" in shell
    assert client.get("/replay?mode=graph").status_code == 400
    record = {"mode": "race", "source": BOWL, "note": "</script><!--"}
    page = replay_html("race", record, lang="en")
    start = page.index('id="chainrule-replay">') + len('id="chainrule-replay">')
    text = page[start:page.index("</script>", start)]
    assert "<" not in text and json.loads(text) == record
