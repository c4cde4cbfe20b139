"""The quiet-period bookkeeping, with the time given by the test."""

from vaultkit.watch.quiet import QuietPaths


def test_a_path_is_due_once_quiet_for_the_whole_period():
    quiet = QuietPaths(5.0)
    quiet.touch("a.md", now=100.0)
    assert quiet.due(104.9) == []
    assert quiet.next_due() == 105.0
    assert quiet.due(105.0) == ["a.md"]
    assert quiet.due(200.0) == []  # forgotten once handed out
    assert quiet.next_due() is None


def test_every_event_restarts_the_period():
    quiet = QuietPaths(5.0)
    for t in range(100, 130):  # saved every second for 30 s
        quiet.touch("a.md", now=float(t))
        assert quiet.due(float(t) + 0.5) == []
    assert quiet.due(133.9) == []
    assert quiet.due(134.0) == ["a.md"]


def test_due_paths_come_sorted_and_others_wait():
    quiet = QuietPaths(1.0)
    quiet.touch("b.md", 10.0)
    quiet.touch("a.md", 10.5)
    quiet.touch("c.md", 20.0)
    assert quiet.due(12.0) == ["a.md", "b.md"]
    assert "c.md" in quiet and len(quiet) == 1


def test_a_retry_never_comes_before_a_pending_event():
    quiet = QuietPaths(5.0)
    quiet.touch("a.md", 100.0)  # ready at 105
    quiet.retry("a.md", 101.0)
    assert quiet.due(104.0) == []
    quiet.retry("a.md", 110.0)  # a later retry does move it
    assert quiet.due(109.0) == []
    assert quiet.due(110.0) == ["a.md"]
    quiet.retry("b.md", 50.0)  # a retry of a path with nothing pending is due at its time
    assert quiet.due(50.0) == ["b.md"]
