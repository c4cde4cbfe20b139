"""Which changed paths have been quiet long enough to look at.

An event only says a path may have changed. Each new event restarts that path's quiet
period, so a note being saved every few hundred milliseconds is never looked at mid-save.
Pure bookkeeping: the caller says what time it is.
"""

from __future__ import annotations

import threading


class QuietPaths:
    def __init__(self, quiet_seconds: float):
        self.quiet_seconds = quiet_seconds
        self._ready_at: dict[str, float] = {}
        self._lock = threading.Lock()  # events arrive on the observer's thread

    def touch(self, path: str, now: float) -> None:
        """An event for `path` at `now`: it is looked at once quiet for the whole period."""
        with self._lock:
            self._ready_at[path] = now + self.quiet_seconds

    def retry(self, path: str, at: float) -> None:
        """Look at `path` again no earlier than `at` (a write was put off)."""
        with self._lock:
            self._ready_at[path] = max(self._ready_at.get(path, at), at)

    def due(self, now: float) -> list[str]:
        """The paths ready at `now`, sorted; they are forgotten here."""
        with self._lock:
            ready = sorted(p for p, t in self._ready_at.items() if t <= now)
            for path in ready:
                del self._ready_at[path]
        return ready

    def next_due(self) -> float | None:
        """When the next path becomes ready, or None when nothing is waiting."""
        with self._lock:
            return min(self._ready_at.values(), default=None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._ready_at)

    def __contains__(self, path: str) -> bool:
        with self._lock:
            return path in self._ready_at
