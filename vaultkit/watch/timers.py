"""When the daemon's loop wakes for work of its own: the health check of the watcher and the
rescan, each every so often, and a rescan asked for or put off a moment."""

from __future__ import annotations

import time


class Timers:
    """Monotonic deadlines; `start` sets the first ones when the loop begins."""

    def __init__(self, health_seconds: float):
        self.health_seconds = health_seconds
        self.next_health = self.next_rescan = 0.0
        self.rescan_wanted = False  # lost events, a dead observer: rescan at once
        self.rescan_at: float | None = None  # a rescan put off a moment (a new vault folder)

    def start(self, rescan_seconds: float) -> None:
        self.next_rescan = time.monotonic() + rescan_seconds
        self.next_health = time.monotonic() + self.health_seconds

    def next_deadline(self, *others: float | None) -> float:
        """The soonest of the timers' deadlines and `others` (None: no deadline)."""
        deadlines = [self.next_rescan, self.next_health, self.rescan_at, *others]
        return min(d for d in deadlines if d is not None)

    def health_due(self, now: float) -> bool:
        return now >= self.next_health

    def health_checked(self) -> None:
        self.next_health = time.monotonic() + self.health_seconds

    def rescan_due(self, now: float) -> bool:
        return (
            self.rescan_wanted
            or now >= self.next_rescan
            or (self.rescan_at is not None and now >= self.rescan_at)
        )

    def rescan_started(self) -> None:
        self.rescan_wanted = False
        self.rescan_at = None

    def rescanned(self, rescan_seconds: float) -> None:
        self.next_rescan = time.monotonic() + rescan_seconds
