"""The co-host's "Grupper" tab and the participant's "Min gruppe" with NiceGUI's simulated users."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from nicegui import core
from nicegui.testing import User

from app.live.commands import Actor, dispatch
from app.live.groups_commands import round_specs
from app.live.hub import MeetingHub
from app.live.runtime import ready
from app.ui.participant import remember
from tests.builders import cohost_path, eventually, new_meeting

PEOPLE = [("Anne Øster", "Nord"), ("Bo Ærø", "Nord"), ("Carl Å", "Syd"), ("Dorte Lund", "Syd"),
          ("Erik Holm", None), ("Frida Berg", None), ("Gitte Hansen", "Vest"), ("Hans Møller", "Vest")]


@pytest.fixture
def create_user(user: User) -> Callable[[], User]:
    """Another simulated browser on the app the `user` fixture started."""
    return lambda: User(httpx.AsyncClient(transport=httpx.ASGITransport(core.app), base_url="http://test"))


async def meeting_with_people(agenda: str = "trivsel-virtuel") -> tuple[MeetingHub, str, dict[str, int]]:
    rt = await ready()
    new = await new_meeting(rt, agenda)
    hub = await rt.hub(new.meeting.code)
    ids = {}
    for name, practice in PEOPLE:
        result = await dispatch(hub, Actor("participant"), "participant.join", name=name, practice=practice,
                                solo=practice is None)
        ids[name] = result["participant_id"]
    return hub, cohost_path(new), ids


async def see(user: User, target: str | None = None, **kw: str) -> None:
    """should_see with time for the tab's first load (it fetches the overview after the page is drawn)."""
    await user.should_see(target, retries=50, **kw)


async def status(hub: MeetingHub, round_no: int = 1) -> str:
    return (await dispatch(hub, Actor("cohost"), "groups.overview")).rounds[round_no - 1].status


async def test_cohost_makes_groups_and_opens_the_rooms(user: User) -> None:
    hub, path, _ = await meeting_with_people()
    await user.open(path)
    await see(user, marker="round-1")
    await see(user, "Runde 1: Gruppearbejde om positive forhold for arbejdsglæden")
    await see(user, marker="status-1", content="Ikke lavet")
    user.find(marker="generate-1").click()
    await see(user, marker="group-1-1")
    await see(user, "Gruppe 2")
    await see(user, marker="status-1", content="Klar")
    await eventually(lambda: status(hub), lambda s: s == "draft")
    user.find(marker="open-1").click()
    await see(user, marker="status-1", content="Rummene er åbne")
    await eventually(lambda: status(hub), lambda s: s == "open")
    user.find(marker="close-1").click()
    await see(user, marker="status-1", content="Lukket")


async def test_move_select_shows_the_rule_warning(user: User) -> None:
    hub, path, ids = await meeting_with_people()
    await dispatch(hub, Actor("cohost"), "groups.generate", step_id="gruppe-positive")
    await user.open(path)
    await see(user, marker="group-1-1")
    groups = {g.no: [m.id for m in g.members] for g in
              (await dispatch(hub, Actor("cohost"), "groups.overview")).rounds[0].groups}
    bo_group = next(no for no, members in groups.items() if ids["Bo Ærø"] in members)
    select = user.find(marker=f"move-1-{ids['Anne Øster']}")
    select.elements.pop().set_value(bo_group)
    await see(user, "Advarsel: Anne Øster kommer i gruppe")
    await eventually(lambda: dispatch(hub, Actor("cohost"), "groups.overview"),
                     lambda o: o.rounds[0].conflict_pairs == 1)


async def test_due_round_is_highlighted_from_the_clock(user: User) -> None:
    hub, path, _ = await meeting_with_people()
    spec = round_specs(hub)[0]
    await dispatch(hub, Actor("facilitator"), "clock.jump", index=spec.step_index - 1)
    await user.open(path)
    await see(user, marker="due-banner")
    await see(user, "Nu: runde 1")
    await see(user, marker="due-1")


async def test_participant_sees_their_group_when_the_rooms_open(user: User,
                                                                create_user: Callable[[], User]) -> None:
    hub, path, _ = await meeting_with_people("trivsel-fysisk")
    result = await dispatch(hub, Actor("participant"), "participant.join", name="Ida Krogh", practice="Øst")
    await user.open(f"/m/{hub.code}")
    remember(hub.code, result["participant_id"], result["secret"])
    await user.open(f"/m/{hub.code}")
    await see(user, marker="mygroup-none")
    cohost = create_user()
    await cohost.open(path)
    await see(cohost, marker="generate-1")
    cohost.find(marker="generate-1").click()
    await see(cohost, marker="group-1-1")
    cohost.find(marker="open-1").click()
    await see(user, marker="mygroup-room", content="Sæt jer ved gruppe")
    await see(user, "Ida Krogh")
    await see(user, "(dig)")
