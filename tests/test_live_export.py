"""Export commands on a real store: roles, the follow-up, the draft, exports from the tables, and sending to a
real local SMTP server (aiosmtpd) with a per-recipient report and no accidental second send."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator

import icalendar
import pytest
from aiosmtpd.controller import Controller

from app.live import export_commands
from app.live.commands import Actor, CommandError, Forbidden, dispatch
from app.store.export import ExportStore
from tests.builders import new_meeting
from tests.builders_export import BOARD, Collector, add_board, add_plan, add_post, hidden_texts, visible_texts
from tests.server import free_port

FACILITATOR, COHOST, ADMIN = Actor("facilitator"), Actor("cohost"), Actor("admin")


async def setup(rt):
    new = await new_meeting(rt, cluster="Klynge Ærø")
    hub = await rt.hub(new.meeting.code)
    await add_board(rt.db, hub.id)
    return hub


async def join(rt, hub, name: str, email: str | None) -> Actor:
    row = await rt.meetings.add_participant(hub.id, name=name, practice="Lægehuset", email=email, solo=False,
                                            secret_hash=None, source="roster", now=rt.now())
    return Actor("participant", participant_id=row.id, name=name)


async def test_participants_may_not_export_or_send(rt) -> None:
    hub = await setup(rt)
    participant = await join(rt, hub, "Bodil", "bodil@example.dk")
    for name, args in (("export.build", {"format": "csv"}), ("export.state", {}), ("export.send", {}),
                       ("export.set_follow_up", {"day": "2027-04-12", "start": "17:00"}),
                       ("export.save_draft", {"text": "x"})):
        with pytest.raises(Forbidden):
            await dispatch(hub, participant, name, **args)
    for name, args in (("export.send", {}), ("export.set_follow_up", {"day": "2027-04-12", "start": "17:00"})):
        with pytest.raises(Forbidden):
            await dispatch(hub, COHOST, name, **args)
    file = await dispatch(hub, COHOST, "export.build", format="csv")
    assert file.filename == "klynge-aeroe-2026-11-23-opslag.csv"


async def test_csv_from_the_tables_has_each_visible_post_once_and_chat_posts(rt) -> None:
    hub = await setup(rt)
    await add_post(rt.db, hub.id, "Chatidé om fælles kurser", author="Zoom Åse", source_key="chat:1")
    await add_post(rt.db, hub.id, "Grøn post-it: gode kolleger", kind="postit", question_id="postits",
                   heading="Det giver energi")
    file = await dispatch(hub, FACILITATOR, "export.build", format="csv")
    rows = list(csv.DictReader(io.StringIO(file.content.decode("utf-8-sig")), delimiter=";"))
    texts = [r["Idé"].removeprefix("'") for r in rows]
    for text in visible_texts():
        assert texts.count(text) == 1
    assert not set(hidden_texts()) & set(texts)
    chat = next(r for r in rows if r["Idé"] == "Chatidé om fælles kurser")
    postit = next(r for r in rows if r["Kilde"] == "post-it")
    assert chat["Kilde"] == "chat" and postit["Tema"] == "Det giver energi" and postit["Spørgsmål"] == "Post-its"


async def test_follow_up_reaches_the_draft_and_the_invitation_even_after_the_meeting_ended(rt) -> None:
    hub = await setup(rt)
    await dispatch(hub, FACILITATOR, "meeting.end")
    with pytest.raises(CommandError) as err:
        await dispatch(hub, FACILITATOR, "export.build", format="ics")
    assert err.value.key == "export.error.no_follow_up"
    with pytest.raises(CommandError) as err:
        await dispatch(hub, FACILITATOR, "export.set_follow_up", day="12-04-2027", start="17:00")
    assert err.value.key == "export.error.bad_date"
    await dispatch(hub, FACILITATOR, "export.set_follow_up", day="2027-04-12", start="17.30", minutes=90,
                   place="Lægehuset Ø")
    assert hub.meeting.follow_up_date == "2027-04-12"
    state = await dispatch(hub, COHOST, "export.state")
    assert "mandag den 12. april 2027 kl. 17.30–19.00, Lægehuset Ø" in state.draft
    event = icalendar.Calendar.from_ical((await dispatch(hub, ADMIN, "export.build", format="ics")).content).walk(
        "VEVENT")[0]
    assert event.decoded("DTSTART").strftime("%Y-%m-%d %H:%M %Z") == "2027-04-12 17:30 CEST"
    await dispatch(hub, FACILITATOR, "export.set_follow_up", day="", start=None)
    assert (await dispatch(hub, FACILITATOR, "export.state")).follow_up is None


async def test_the_edited_draft_is_kept_and_can_be_restored(rt) -> None:
    hub = await setup(rt)
    generated = (await dispatch(hub, FACILITATOR, "export.state")).draft
    assert generated.count(BOARD[0][0]) == 1
    await dispatch(hub, FACILITATOR, "export.save_draft", text="Kære klynge\n\nTak for i dag – hilsen Åse\n")
    state = await dispatch(hub, FACILITATOR, "export.state")
    assert state.edited and state.draft == "Kære klynge\n\nTak for i dag – hilsen Åse\n"
    md = await dispatch(hub, FACILITATOR, "export.build", format="md")
    assert md.content.decode("utf-8") == state.draft
    await dispatch(hub, FACILITATOR, "export.reset_draft")
    assert (await dispatch(hub, FACILITATOR, "export.state")).draft == generated


async def test_plans_and_record_and_pptx_are_built(rt) -> None:
    hub = await setup(rt)
    await add_plan(rt.db, hub.id, "Lægehuset Ø", {"hvad": "Frokostmøde om trivsel"})
    state = await dispatch(hub, FACILITATOR, "export.state")
    assert state.practices == ["Lægehuset Ø"]
    plan = await dispatch(hub, FACILITATOR, "export.build", format="plan", practice="Lægehuset Ø")
    assert plan.filename.endswith("handleplan-laegehuset-oe.txt")
    assert "Frokostmøde om trivsel" in plan.content.decode("utf-8-sig")
    await join(rt, hub, "Åse Ørn", None)
    record = (await dispatch(hub, FACILITATOR, "export.build", format="record")).content.decode("utf-8-sig")
    assert "Åse Ørn (Lægehuset)" in record and "Check-in" in record
    pptx_file = await dispatch(hub, FACILITATOR, "export.build", format="pptx")
    assert pptx_file.content[:2] == b"PK"
    with pytest.raises(CommandError) as err:
        await dispatch(hub, FACILITATOR, "export.build", format="docx")
    assert err.value.key == "export.error.bad_format"


# --- sending -----------------------------------------------------------------------------------------------------


@pytest.fixture
def smtp() -> Iterator[tuple[Collector, int]]:
    collector = Collector(refuse={"afvist@example.dk"})
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield collector, port
    finally:
        controller.stop()


def use_smtp(rt, port: int) -> None:
    rt.settings = dataclasses.replace(rt.settings, smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
                                      smtp_user=None, smtp_password=None, smtp_sender="klynge@example.dk")


async def test_without_smtp_sending_is_refused_with_a_clear_message(rt) -> None:
    hub = await setup(rt)
    await join(rt, hub, "Bodil", "bodil@example.dk")
    assert not (await dispatch(hub, FACILITATOR, "export.state")).smtp_ready
    with pytest.raises(CommandError) as err:
        await dispatch(hub, FACILITATOR, "export.send")
    assert err.value.key == "export.error.no_smtp"


async def test_send_reaches_the_smtp_server_with_a_report_per_recipient(rt, smtp) -> None:
    collector, port = smtp
    use_smtp(rt, port)
    hub = await setup(rt)
    await dispatch(hub, FACILITATOR, "export.set_follow_up", day="2027-04-12", start="17:00")
    for name, email in (("Bodil Ærø", "bodil@example.dk"), ("Afvist Ørn", "afvist@example.dk"),
                        ("Dublet", "BODIL@example.dk"), ("Uden adresse", None), ("Søren Å", "soeren@example.dk")):
        await join(rt, hub, name, email)
    result = await dispatch(hub, FACILITATOR, "export.send")
    assert result == {"batch": 1, "recipients": ["bodil@example.dk", "afvist@example.dk", "soeren@example.dk"]}
    await export_commands.wait_for_send(hub)

    report = {s.recipient: (s.status, s.error) for s in await ExportStore(rt.db).sends(hub.id)}
    assert report["bodil@example.dk"] == ("sent", None) and report["soeren@example.dk"] == ("sent", None)
    assert report["afvist@example.dk"][0] == "refused" and "550" in report["afvist@example.dk"][1]
    assert sorted(rcpt[0] for _, rcpt, _ in collector.messages) == ["bodil@example.dk", "soeren@example.dk"]
    mail_from, _, message = collector.messages[0]
    assert mail_from == "klynge@example.dk"
    assert message["Subject"] == "Opsamling fra klyngemødet 23. november 2026: Trivsel og arbejdsglæde"
    assert message["From"].addresses[0].display_name == "Klynge Ærø"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for text in visible_texts():
        assert plain.count(text) == 1
        assert html.count(text.replace('"', "&quot;")) == 1 or "HYPERLINK" in text
    assert "Kære alle i Klynge Ærø" in plain and "Anne Ærø" in html
    assert not any(h in plain for h in hidden_texts())
    assert [a.get_filename() for a in message.iter_attachments()] == ["opfoelgning.ics"]

    with pytest.raises(CommandError) as err:
        await dispatch(hub, FACILITATOR, "export.send")
    assert err.value.key == "export.error.already_sent" and err.value.params["count"] == 2
    again = await dispatch(hub, FACILITATOR, "export.send", confirm_resend=True)
    await export_commands.wait_for_send(hub)
    assert again["batch"] == 2 and len(collector.messages) == 4


async def test_an_unreachable_server_marks_every_recipient_failed(rt) -> None:
    use_smtp(rt, free_port())  # nothing listens there
    hub = await setup(rt)
    await join(rt, hub, "Bodil", "bodil@example.dk")
    await dispatch(hub, FACILITATOR, "export.send")
    await export_commands.wait_for_send(hub)
    [row] = await ExportStore(rt.db).sends(hub.id)
    assert row.status == "failed" and "forbindelsen" in row.error
    again = await dispatch(hub, FACILITATOR, "export.send")  # nothing was delivered: no confirmation needed
    await export_commands.wait_for_send(hub)
    assert again["batch"] == 2
