"""Rate limits per participant in the live layer: ten board posts and thirty poll answers a minute, refused
with a friendly message that says how long to wait; the command line is not limited; a refused post is not stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.domain.ratelimit import Limit
from app.i18n import t
from app.live import board_commands as board
from app.live import limits
from app.live.commands import Actor, CommandError, dispatch
from app.live.hub import MeetingHub
from tests.builders import new_meeting
from tests.builders_activities import FACILITATOR, join

Q = "klyngeniveau"  # the board question of trivsel-virtuel
T0 = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


async def meeting(rt: Any, agenda_id: str = "trivsel-virtuel") -> tuple[MeetingHub, Clock]:
    clock = Clock()
    rt.now = clock
    new = await new_meeting(rt, agenda_id)
    return await rt.hub(new.meeting.code), clock


async def post(hub: MeetingHub, actor: Actor, text: str, idem_key: str | None = None) -> Any:
    return await dispatch(hub, actor, "board.post", question_id=Q, text=text, idem_key=idem_key)


def test_the_limits_are_ten_posts_and_thirty_answers_a_minute() -> None:
    assert {"post": Limit(10, timedelta(minutes=1)), "poll": Limit(30, timedelta(minutes=1))} == limits.LIMITS


async def test_the_eleventh_post_within_a_minute_is_refused_kindly(rt) -> None:
    hub, clock = await meeting(rt)
    anne, bo = await join(hub, "Anne Øster"), await join(hub, "Bo Ærø")
    for i in range(10):
        clock.now = T0 + timedelta(seconds=3 * i)
        await post(hub, anne, f"Svar {i}", idem_key=f"k{i}")
    with pytest.raises(CommandError) as refused:
        await post(hub, anne, "Et svar for meget", idem_key="k10")
    assert refused.value.key == "trust.error.too_many_posts"
    assert refused.value.params == {"limit": 10, "seconds": 33}
    message = t(refused.value.key, "da", **refused.value.params)
    assert message.startswith("Du har sendt 10 svar inden for et minut. Vent 33 sekunder")
    assert "Et svar for meget" not in [p.text for p in await board.all_posts(hub)]

    await post(hub, bo, "Bo er ikke ramt")  # the limit is per participant
    for _ in range(15):  # nor is the command line
        await dispatch(hub, Actor("admin"), "board.post", question_id=Q, text="Fra kommandolinjen", author="Admin")
    again = await post(hub, anne, "Svar 9", idem_key="k9")  # a resubmit is not a new post
    assert again.text == "Svar 9"

    clock.now = T0 + timedelta(seconds=60)  # the first post has left the window
    await post(hub, anne, "Et svar for meget", idem_key="k10")
    with pytest.raises(CommandError):
        await post(hub, anne, "Og et til", idem_key="k11")
    anne_posts = [p for p in await board.all_posts(hub) if p.participant_id == anne.participant_id]
    assert len(anne_posts) == 11


async def test_a_repeated_submit_does_not_use_up_the_allowance(rt) -> None:
    hub, _ = await meeting(rt)
    anne = await join(hub, "Anne Øster")
    for _ in range(25):
        await post(hub, anne, "Samme svar, sendt igen og igen", idem_key="same")
    for i in range(9):
        await post(hub, anne, f"Nyt svar {i}")
    assert len(await board.all_posts(hub)) == 10


async def test_poll_answers_are_limited_per_participant(rt, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(limits.LIMITS, "poll", Limit(3, timedelta(minutes=1)))  # free-text polls take 2 each
    hub, clock = await meeting(rt, "klyngetrivsel-session")
    anne, bo = await join(hub, "Anne", "Lægehuset"), await join(hub, "Bo", "Lægehuset")
    await dispatch(hub, FACILITATOR, "poll.open", poll_id="kiap-videre")
    for text in ("Mere tid", "Netværk"):
        assert await dispatch(hub, anne, "poll.answer", poll_id="kiap-videre", text=text, idem_key=text)
    assert not await dispatch(hub, anne, "poll.answer", poll_id="kiap-videre", text="Netværk", idem_key="Netværk")
    await dispatch(hub, FACILITATOR, "poll.open", poll_id="tager-med")
    assert await dispatch(hub, anne, "poll.answer", poll_id="tager-med", text="Ro", idem_key="ro")
    with pytest.raises(CommandError) as refused:
        await dispatch(hub, anne, "poll.answer", poll_id="tager-med", text="Fællesskab", idem_key="f")
    assert refused.value.key == "trust.error.too_many_answers"
    assert refused.value.params == {"limit": 3, "seconds": 60}
    assert await dispatch(hub, bo, "poll.answer", poll_id="tager-med", text="Fællesskab", idem_key="b")
    clock.now = T0 + timedelta(minutes=1)
    assert await dispatch(hub, anne, "poll.answer", poll_id="tager-med", text="Fællesskab", idem_key="f")
