"""What keeps a busy evening cheap: pages change the elements that changed instead of rebuilding (issue 10).

Each test holds on to an element object and checks that it is still the one on the page after the change, and
that the page shows the new state: a rebuild would fail the first check, a missed update the second.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from nicegui import core, ui
from nicegui.testing import User

from app.live.commands import Actor, dispatch
from app.live.runtime import ready
from app.ui.widgets import StepInfo
from tests.builders import facilitator_path, new_meeting, until

Q = "klyngeniveau"


@pytest.fixture
def more_users(user: User) -> Callable[[], User]:
    return lambda: User(httpx.AsyncClient(transport=httpx.ASGITransport(core.app), base_url="http://test"))


def one(user: User, marker: str) -> ui.element:
    elements = list(user.find(marker=marker).elements)
    assert len(elements) == 1, f"{len(elements)} elements marked {marker}"
    return elements[0]


async def join(user: User, code: str, name: str, *, opened: bool = False) -> None:
    if not opened:
        await user.open(f"/m/{code}")
    user.find(marker="name").type(name)
    user.find(marker="solo").click()
    user.find(marker="join-submit").click()
    await user.should_see(f"Du deltager som {name}")


async def test_joining_shows_the_view_in_the_same_page_without_a_reload(user: User) -> None:
    new = await new_meeting(await ready())
    await user.open(f"/m/{new.meeting.code}")
    page = user.client
    await join(user, new.meeting.code, "Anne Øster", opened=True)
    assert user.client is page and not page.is_deleted
    await user.should_see(marker="step-title", content="Check-in")
    await user.should_not_see(marker="join-form")
    await user.open(f"/m/{new.meeting.code}")  # and the browser is remembered
    await user.should_see("Du deltager som Anne Øster")


async def test_a_step_change_updates_the_participants_step_card_in_place(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    await join(user, new.meeting.code, "Anne Øster")
    title, info = one(user, "step-title"), one(user, "step-info")
    assert isinstance(info, StepInfo)
    group_step = next(i for i, (_, step) in enumerate(hub.steps) if step.questions and step.kind.value == "group")
    await dispatch(hub, Actor("facilitator"), "clock.jump", index=group_step)
    step = hub.steps[group_step][1]
    await until(lambda: title.text == step.title, message="the step title did not change")
    assert one(user, "step-title") is title and one(user, "step-info") is info
    shown = [q["text"] for q in info.props["info"]["questions"]]
    assert shown == [f"{i}. {q.text}" + (f" ({q.minutes:g} min)" if q.minutes else "")
                     for i, q in enumerate(step.questions, 1)]
    await user.should_see(step.questions[0].text)
    await dispatch(hub, Actor("facilitator"), "clock.jump", index=0)
    await until(lambda: title.text == hub.steps[0][1].title)
    assert info.props["info"]["questions"] == []
    await user.should_not_see(step.questions[0].text)


async def test_a_new_post_adds_one_card_to_the_staff_board(user: User, more_users: Callable[[], User]) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    staff, anne = user, more_users()
    await join(anne, new.meeting.code, "Anne Øster")
    me = Actor("participant", participant_id=(await hub.participants())[0].id, name="Anne Øster")
    first = await dispatch(hub, me, "board.post", question_id=Q, text="Fælles vikarordning")
    await staff.open(facilitator_path(new))
    await staff.should_see(marker=f"star-{first.id}", retries=50)
    card = one(staff, f"star-{first.id}")
    second = await dispatch(hub, me, "board.post", question_id=Q, text="Dialogmøde med kommunen")
    await staff.should_see(marker=f"star-{second.id}", retries=50)
    assert one(staff, f"star-{first.id}") is card and not card.is_deleted
    await dispatch(hub, Actor("facilitator"), "board.star", post_id=first.id, starred=True)
    await until(lambda: card.is_deleted, message="the starred post's card was not redrawn")
    assert one(staff, f"star-{first.id}").props["icon"] == "star"


async def test_a_join_adds_one_row_to_the_roster(user: User, more_users: Callable[[], User]) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    await join(more_users(), new.meeting.code, "Anne Øster")
    await user.open(facilitator_path(new))
    anne = (await hub.participants())[0]
    await user.should_see(marker=f"person-{anne.id}", retries=50)
    row = one(user, f"person-{anne.id}")
    await join(more_users(), new.meeting.code, "Bo Holm")
    bo = next(p for p in await hub.participants() if p.name == "Bo Holm")
    await user.should_see(marker=f"person-{bo.id}", retries=50)
    assert one(user, f"person-{anne.id}") is row and not row.is_deleted
