"""A sliding-window rate limit: at most `count` actions per key within any `per` long stretch of time.

Pure: the caller passes `now`. Only actions that were carried out are recorded (`record`), so a refused or
repeated request does not use up the allowance.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Limit:
    count: int
    per: timedelta

    def __post_init__(self) -> None:
        if self.count < 1 or self.per <= timedelta(0):
            raise ValueError("a limit needs a positive count and window")


class SlidingWindow:
    """The times of the recent actions of each key (at most `limit.count` per key are kept)."""

    def __init__(self, limit: Limit) -> None:
        self.limit = limit
        self._times: dict[Hashable, deque[datetime]] = {}

    def _recent(self, key: Hashable, now: datetime) -> deque[datetime]:
        times = self._times.get(key, deque())
        while times and times[0] <= now - self.limit.per:
            times.popleft()
        if not times:
            self._times.pop(key, None)
        return times

    def wait(self, key: Hashable, now: datetime) -> timedelta:
        """How long `key` must wait before its next action is allowed (zero: allowed now)."""
        times = self._recent(key, now)
        if len(times) < self.limit.count:
            return timedelta(0)
        return times[0] + self.limit.per - now

    def record(self, key: Hashable, now: datetime) -> None:
        """Note an action of `key` carried out at `now`."""
        times = self._recent(key, now)
        times.append(now)
        while len(times) > self.limit.count:
            times.popleft()
        self._times[key] = times

    def take(self, key: Hashable, now: datetime) -> timedelta:
        """Record the action if it is allowed; returns the wait (zero when it was recorded)."""
        waiting = self.wait(key, now)
        if not waiting:
            self.record(key, now)
        return waiting

    def __len__(self) -> int:
        """The number of keys with recent actions (old ones are dropped as they are looked at)."""
        return len(self._times)


def seconds(wait: timedelta) -> int:
    """A wait as whole seconds for a message (rounded up, at least 1)."""
    return max(1, -int(-wait.total_seconds() // 1))
