"""The sliding-window rate limit: never more than `count` actions in any window, and the wait it reports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.ratelimit import Limit, SlidingWindow, seconds

T0 = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def test_the_eleventh_post_within_a_minute_waits_for_the_first_to_age() -> None:
    window = SlidingWindow(Limit(10, MINUTE))
    for i in range(10):
        assert window.take("anne", T0 + timedelta(seconds=i)) == timedelta(0)
    assert window.take("anne", T0 + timedelta(seconds=20)) == timedelta(seconds=40)
    assert window.wait("bo", T0 + timedelta(seconds=20)) == timedelta(0)  # keys are separate
    assert window.take("anne", T0 + MINUTE) == timedelta(0)  # the first one has left the window
    assert window.take("anne", T0 + MINUTE) == timedelta(seconds=1)


def test_only_recorded_actions_count() -> None:
    window = SlidingWindow(Limit(2, MINUTE))
    for _ in range(5):
        assert window.wait("anne", T0) == timedelta(0)
    window.record("anne", T0)
    window.record("anne", T0)
    assert window.wait("anne", T0) == MINUTE


def test_old_keys_are_dropped() -> None:
    window = SlidingWindow(Limit(3, MINUTE))
    for key in range(100):
        window.record(key, T0)
    assert len(window) == 100
    for key in range(100):
        window.wait(key, T0 + MINUTE)
    assert len(window) == 0


def test_a_limit_needs_a_positive_count_and_window() -> None:
    with pytest.raises(ValueError):
        Limit(0, MINUTE)
    with pytest.raises(ValueError):
        Limit(3, timedelta(0))


@pytest.mark.parametrize(("wait", "shown"), [(timedelta(milliseconds=1), 1), (timedelta(seconds=3), 3),
                                             (timedelta(seconds=59.2), 60)])
def test_seconds_round_up(wait: timedelta, shown: int) -> None:
    assert seconds(wait) == shown


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6), st.integers(1, 120), st.lists(st.integers(0, 400), max_size=60))
def test_no_window_ever_holds_more_than_the_limit(count: int, per: int, offsets: list[int]) -> None:
    limit = Limit(count, timedelta(seconds=per))
    window = SlidingWindow(limit)
    taken: list[datetime] = []
    for offset in sorted(offsets):
        now = T0 + timedelta(seconds=offset)
        wait = window.take("k", now)
        recent = [t for t in taken if t > now - limit.per]
        assert (wait == timedelta(0)) == (len(recent) < count)  # refused exactly when the window is full
        if wait:
            assert wait == min(recent) + limit.per - now > timedelta(0)
        else:
            taken.append(now)
