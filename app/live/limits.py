"""Per-participant rate limits of the live layer (a friendly refusal, not an error page).

Each hub gets its own limiters, created on first use and kept beside the hub (not in it): at most
`POSTS` board posts and `POLL_ANSWERS` poll answers per participant per minute. Staff and system actors
are not limited. Handlers run under the hub's lock, so `check` followed by `record` cannot race.
"""

from __future__ import annotations

from datetime import timedelta
from weakref import WeakKeyDictionary

from app.domain.ratelimit import Limit, SlidingWindow, seconds
from app.live.commands import Actor, CommandError
from app.live.hub import MeetingHub

MINUTE = timedelta(minutes=1)
LIMITS: dict[str, Limit] = {"post": Limit(10, MINUTE), "poll": Limit(30, MINUTE)}
MESSAGES: dict[str, str] = {"post": "trust.error.too_many_posts", "poll": "trust.error.too_many_answers"}

_limiters: WeakKeyDictionary[MeetingHub, dict[str, SlidingWindow]] = WeakKeyDictionary()


def limiter(hub: MeetingHub, kind: str) -> SlidingWindow:
    """The hub's limiter of this kind ('post' or 'poll')."""
    windows = _limiters.setdefault(hub, {})
    if kind not in windows:
        windows[kind] = SlidingWindow(LIMITS[kind])
    return windows[kind]


def _key(actor: Actor) -> int | None:
    return actor.participant_id if actor.role == "participant" else None


def check(hub: MeetingHub, kind: str, actor: Actor) -> None:
    """Refuse with a friendly message when the participant has used up the allowance of this kind."""
    key = _key(actor)
    if key is None:
        return
    wait = limiter(hub, kind).wait(key, hub.now())
    if wait:
        raise CommandError(MESSAGES[kind], limit=LIMITS[kind].count, seconds=seconds(wait))


def record(hub: MeetingHub, kind: str, actor: Actor) -> None:
    """Count an action the participant carried out."""
    key = _key(actor)
    if key is not None:
        limiter(hub, kind).record(key, hub.now())
