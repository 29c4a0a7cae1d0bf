"""Role boundaries, ended and deleted meetings, the data export and the backup (issue 9)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from nicegui.testing import User
from sqlalchemy import func, select
from typer.testing import CliRunner

from app.cli import cli
from app.live.commands import COMMANDS, FACILITATOR, Actor, CommandError, Forbidden, dispatch
from app.live.runtime import ready
from app.store.schema import metadata
from tests.builders import facilitator_path, new_meeting

FAC = Actor("facilitator")
COHOST = Actor("cohost")
PARTICIPANT = Actor("participant", participant_id=1, name="Per")


@pytest.mark.parametrize("name", sorted(n for n, spec in COMMANDS.items() if spec.roles == FACILITATOR))
async def test_participant_and_cohost_cannot_run_facilitator_commands(rt, name: str) -> None:
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    for actor in (PARTICIPANT, COHOST):
        with pytest.raises(Forbidden):
            await dispatch(hub, actor, name)


async def test_every_command_declares_roles_and_none_is_open_to_everyone_by_accident() -> None:
    staff_only = {n for n, spec in COMMANDS.items() if "participant" not in spec.roles}
    assert {"clock.next", "clock.adjust", "meeting.end", "meeting.delete", "meeting.export_all"} <= staff_only


async def test_ended_meeting_is_read_only_but_exportable(rt) -> None:
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    await dispatch(hub, FAC, "clock.start")
    await dispatch(hub, FAC, "meeting.end")
    with pytest.raises(CommandError) as err:
        await dispatch(hub, FAC, "clock.next")
    assert err.value.key == "error.meeting_ended"
    with pytest.raises(CommandError):
        await dispatch(hub, Actor("participant"), "participant.join", name="Sen", solo=True)
    data = await dispatch(hub, FAC, "meeting.export_all")
    assert data["meetings"][0]["code"] == new.meeting.code
    assert "facilitator_hash" not in data["meetings"][0]
    assert any(row["kind"] == "meeting_closed" for row in data["run_log"])


async def test_delete_leaves_nothing_of_the_meeting(rt) -> None:
    keep = await new_meeting(rt, cluster="Bliver")
    gone = await new_meeting(rt, cluster="Slettes")
    hub = await rt.hub(gone.meeting.code)
    await dispatch(hub, Actor("participant"), "participant.join", name="Åse", practice="Lægehuset")
    await dispatch(hub, FAC, "clock.start")
    with pytest.raises(CommandError):
        await dispatch(hub, FAC, "meeting.delete", confirm_code="WRONG")
    await dispatch(hub, FAC, "meeting.delete", confirm_code=gone.meeting.code.lower())
    async with rt.db.read() as conn:
        for table in metadata.sorted_tables:
            if "meeting_id" in table.c:
                count = (await conn.execute(select(func.count()).where(table.c.meeting_id == gone.meeting.id)))
                assert count.scalar() == 0, table.name
    assert await rt.meetings.by_code(gone.meeting.code) is None
    assert await rt.meetings.by_code(keep.meeting.code) is not None


async def test_old_facilitator_link_stops_working_after_rotation(user: User) -> None:
    rt = await ready()
    new = await new_meeting(rt)
    hub = await rt.hub(new.meeting.code)
    token = await dispatch(hub, FAC, "meeting.rotate_link", role="facilitator")
    await user.open(facilitator_path(new))
    await user.should_see(marker="refused")
    await user.open(f"/facilitator/{new.meeting.code}/{token}")
    await user.should_see(marker="toggle")


async def test_token_of_another_meeting_is_refused(user: User) -> None:
    rt = await ready()
    one, other = await new_meeting(rt), await new_meeting(rt)
    await user.open(f"/facilitator/{one.meeting.code}/{other.facilitator_token}")
    await user.should_see(marker="refused")
    await user.open(f"/cohost/{one.meeting.code}/{other.cohost_token}")
    await user.should_see(marker="refused")


async def test_participant_identity_is_per_meeting(user: User) -> None:
    """A participant of one meeting is a stranger in another: they see the join form there."""
    rt = await ready()
    one, other = await new_meeting(rt), await new_meeting(rt)
    await user.open(f"/m/{one.meeting.code}")
    user.find(marker="name").type("Ida")
    user.find(marker="solo").click()
    user.find(marker="join-submit").click()
    await user.should_see("Du deltager som Ida")
    await user.open(f"/m/{other.meeting.code}")
    await user.should_see(marker="join-form")


def test_backup_is_a_consistent_copy(tmp_path: Path, data_dir: Path) -> None:
    runner = CliRunner()
    created = runner.invoke(cli, ["meeting", "new", "trivsel-fysisk", "--cluster", "Backupklyngen", "--date",
                                  "2026-11-23", "--start", "17:00", "--json"])
    assert created.exit_code == 0, created.output
    target = tmp_path / "kopi.db"
    result = runner.invoke(cli, ["backup", str(target)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as conn:
        assert conn.execute("select cluster from meetings").fetchall() == [("Backupklyngen",)]
    again = runner.invoke(cli, ["backup", str(target)])
    assert again.exit_code == 1 and "exists already" in again.stderr
