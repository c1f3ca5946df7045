"""The result cache: a room opening one link costs one computation; the key holds everything
that changes the answer; the cache stays within its bytes."""

import concurrent.futures

import pytest
from fastapi.testclient import TestClient

from chainrule.app.main import create_app
from chainrule.app.runner import jobs, results
from chainrule.app.runner.cache import ENTRY_OVERHEAD, ResultCache, key
from chainrule.app.runner.jobs import Reply
from chainrule.engine.core.errors import GraphError
from chainrule.engine.document.build import build

BAD = "x = 1\nf = x +  # cache"
SOURCE = "x = 3\ny = -4\nz = 2\nw = -1\na = x * y\nm = max(z, w)\ns = a + m\nf = s * 2  # cache"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def computations() -> int:
    return results.pool().calls


def test_a_repeated_request_is_answered_from_the_cache(client: TestClient) -> None:
    before = computations()
    first = client.post("/api/graph", json={"source": SOURCE})
    second = client.post("/api/graph", json={"source": SOURCE})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert computations() == before + 1
    grads = {n["name"]: n["grad"] for n in second.json()["nodes"] if n["name"]}
    assert (grads["x"], grads["y"], grads["z"], grads["w"]) == (-8.0, 6.0, 2.0, 0.0)


@pytest.mark.parametrize(("body", "headers"), [
    ({"source": SOURCE, "check": True}, {}),
    ({"source": SOURCE}, {"Accept-Language": "ko"}),
    ({"source": SOURCE.replace("x = 3", "x = 4")}, {}),
])
def test_whatever_changes_the_answer_is_a_new_entry(
    client: TestClient, body: dict[str, object], headers: dict[str, str]
) -> None:
    client.post("/api/graph", json={"source": SOURCE})
    before = computations()
    assert client.post("/api/graph", json=body, headers=headers).status_code == 200
    assert client.post("/api/graph", json=body, headers=headers).status_code == 200
    assert computations() == before + 1


def test_errors_are_cached_in_their_language(client: TestClient) -> None:
    before = computations()
    english = [client.post("/api/graph", json={"source": BAD}) for _ in range(2)]
    korean = client.post("/api/graph", json={"source": BAD},
                         headers={"Accept-Language": "ko"})
    assert [r.status_code for r in english + [korean]] == [400, 400, 400]
    assert english[0].json() == english[1].json()
    with pytest.raises(GraphError) as expected:
        build(BAD)
    assert english[0].json()["error"]["message"] == expected.value.text("en")
    assert korean.json()["error"]["message"] == expected.value.text("ko")
    assert computations() == before + 2


def test_concurrent_identical_requests_share_one_computation() -> None:
    cache = ResultCache()
    started: list[concurrent.futures.Future[Reply]] = []

    def compute() -> concurrent.futures.Future[Reply]:
        started.append(concurrent.futures.Future())
        return started[-1]

    digest = key(jobs.name(build), "en", {"source": SOURCE})
    waiting = [cache.flight(digest, compute) for _ in range(3)]
    assert len(started) == 1 and all(w is started[0] for w in waiting)
    started[0].set_result(Reply(200, b'{"output":"n7"}'))
    assert cache.flight(digest, compute).result() == Reply(200, b'{"output":"n7"}')
    assert len(started) == 1 and (cache.hits, cache.misses) == (3, 1)


def test_timeouts_are_not_cached() -> None:
    cache = ResultCache()
    cache.put(key("a"), Reply(400, b"{}", cacheable=False))
    assert cache.get(key("a")) is None


def test_the_cache_stays_within_its_bytes() -> None:
    cache = ResultCache(max_bytes=4000)
    body = b"x" * (800 - ENTRY_OVERHEAD)
    for i in range(10):
        cache.put(key(i), Reply(200, body))
        cache.get(key(0))  # the first one stays in use, so the next oldest goes
    assert cache.size <= 4000 and len(cache) == 5
    assert cache.get(key(0)) is not None and cache.get(key(9)) is not None
    assert cache.get(key(1)) is None
    cache.put(key("huge"), Reply(200, b"x" * 1001))  # above a quarter of the bound: not kept
    assert cache.get(key("huge")) is None and cache.size <= 4000


def test_the_key_depends_on_every_part() -> None:
    assert key("t", "en", {"a": 1, "b": 2}) == key("t", "en", {"b": 2, "a": 1})
    assert len({key("t", "en", {"a": 1}), key("t", "ko", {"a": 1}), key("u", "en", {"a": 1}),
                key("t", "en", {"a": 2})}) == 4
