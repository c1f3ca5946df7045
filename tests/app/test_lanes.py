"""A lane's counting (app/runner/lanes.py): no client holds every worker, the next worker goes to
the client holding fewest, a full line says busy at once, a job waits at most its patience."""

import threading
import time

from chainrule.app.runner.lanes import Lane, Spec, Ticket


def ticket(client: str | None, seconds: float = 30.0) -> Ticket:
    return Ticket(client, time.monotonic() + seconds)


def test_one_client_holds_all_but_one_worker_and_the_last_goes_to_another() -> None:
    lane = Lane(Spec(ready=1, limit=4, line=8, patience=5.0))
    mine = [ticket("10.0.0.1") for _ in range(5)]
    assert all(lane.admit(t) for t in mine)
    assert [t.chosen for t in mine] == [True, True, True, False, False]  # 3 of 4, 2 in line
    other = ticket("10.0.0.2")
    assert lane.admit(other) and other.chosen  # the fourth worker was kept for someone else


def test_a_freed_worker_goes_to_the_client_holding_fewest_then_the_oldest() -> None:
    lane = Lane(Spec(ready=1, limit=2, line=8, patience=5.0))
    a1, b1 = ticket("a"), ticket("b")
    assert lane.admit(a1) and lane.admit(b1) and a1.chosen and b1.chosen
    a2, a3, c1 = ticket("a"), ticket("a"), ticket("c")  # a's come first, c's after
    assert lane.admit(a2) and lane.admit(a3) and lane.admit(c1)
    lane.leave(b1)
    assert c1.chosen and not a2.chosen  # c holds none, a holds one
    lane.leave(c1)
    assert not a2.chosen  # a holds its share of a lane of two: one (the worker waits)
    lane.leave(a1)
    assert a2.chosen and not a3.chosen  # then a's oldest


def test_a_full_line_is_busy_at_once_and_says_when_a_worker_is_free() -> None:
    lane = Lane(Spec(ready=1, limit=1, line=2, patience=5.0))
    running = ticket("a", seconds=7.5)
    assert lane.admit(running) and running.chosen
    assert lane.admit(ticket("b")) and lane.admit(ticket("c"))
    assert not lane.admit(ticket("d"))  # the line is full
    assert lane.free_in() == 8  # the running job's deadline, in whole seconds
    assert not lane.admit(ticket("b"))  # b already has all but one place of the line


def test_a_job_waits_its_patience_then_leaves_the_line() -> None:
    lane = Lane(Spec(ready=1, limit=1, line=2, patience=0.3))
    assert lane.admit(ticket("a"))
    late = ticket("b")
    assert lane.admit(late) and not late.chosen
    started = time.monotonic()
    assert not lane.wait(late)
    assert 0.25 < time.monotonic() - started < 3.0 and lane.waiting == []


def test_an_abandoned_job_leaves_the_line_at_once() -> None:
    lane = Lane(Spec(ready=1, limit=1, line=2, patience=30.0))
    assert lane.admit(ticket("a"))
    gone = ticket("b")
    assert lane.admit(gone)
    threading.Timer(0.1, lane.abandon, (gone,)).start()
    started = time.monotonic()
    assert not lane.wait(gone)
    assert time.monotonic() - started < 3.0 and lane.waiting == []


def test_jobs_of_no_client_keep_no_share() -> None:
    lane = Lane(Spec(ready=1, limit=3, line=1, patience=1.0))
    anonymous = [ticket(None) for _ in range(3)]
    assert all(lane.admit(t) for t in anonymous) and all(t.chosen for t in anonymous)
