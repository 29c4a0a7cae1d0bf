"""After the meeting: the follow-up date, the editable email draft, the exports, and sending the email.

Exports carry names, so only the facilitator and the co-host (and the CLI) may build them. Sending goes to
the roster's addresses over SMTP in a worker thread, as a background task: the command writes every recipient
as 'pending' first (so a second click sees the send at once), returns, and the task records each recipient's
outcome and publishes `Change("export", {"sent": batch})`. A second send needs `confirm_resend=True`.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr
from typing import Any

from app.config import Settings
from app.domain import clock as clk
from app.domain.export import Attendee, ExportData, FollowUp, MeetingInfo, file_name, slug
from app.domain.export_email import email_draft, email_message, eml_bytes, valid_address
from app.domain.export_office import posts_csv, posts_xlsx, summary_pptx
from app.domain.export_record import as_document, follow_up_ics, meeting_record, plan_document, plans_document
from app.live import export_smtp
from app.live.commands import FACILITATOR, STAFF, Actor, CommandError, command
from app.live.hub import Change, MeetingHub
from app.live.runtime import TZ
from app.store.export import ExportStore, SendRow

log = logging.getLogger(__name__)

FORMATS = ("eml", "md", "csv", "xlsx", "pptx", "ics", "record", "plans", "plan")
DRAFT_MAX = 50_000
PLACE_MAX = 120
_SENDING: dict[int, asyncio.Task] = {}
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


@dataclass(frozen=True)
class ExportFile:
    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class ExportState:
    """What the "Efter mødet" tab shows."""

    draft: str
    edited: bool
    follow_up: FollowUp | None
    recipients: list[tuple[str, str]]
    without_address: list[str]
    sends: list[SendRow]
    smtp_ready: bool
    sending: bool
    practices: list[str] = field(default_factory=list)
    email_items: list[str] = field(default_factory=list)


def _store(hub: MeetingHub) -> ExportStore:
    return ExportStore(hub.runtime.db)


def smtp_ready(settings: Settings) -> bool:
    return bool(settings.smtp_host)


# --- reading ----------------------------------------------------------------------------------------------------


async def export_data(hub: MeetingHub) -> ExportData:
    """Everything the exports are built from, read from the store now."""
    store, meeting = _store(hub), hub.meeting
    info = MeetingInfo(code=meeting.code, title=meeting.title, cluster=meeting.cluster,
                       day=date.fromisoformat(meeting.date), start=time.fromisoformat(meeting.start_time),
                       agenda=hub.agenda, include_optional=meeting.include_optional)
    events = [clk.ClockEvent(e["kind"], e["step_index"] if e["step_index"] is not None else -1, e["at"], e["data"])
              for e in await hub.run_log() if e["kind"] in ("step_started", "step_ended", "paused", "resumed")]
    attendees = [_attendee(p) for p in await hub.participants()]
    return ExportData(meeting=info, posts=await store.posts(hub.id), themes=await store.themes(hub.id),
                      plans=await store.plans(hub.id), attendees=attendees,
                      follow_up=await store.follow_up(hub.id, info.start), clock=hub.clock, run_log=events,
                      survey=await store.survey(hub.id), draft=meeting.email_draft)


def _attendee(row: Any) -> Attendee:
    return Attendee(name=row.name, practice=row.practice, email=row.email, solo=row.solo)


def draft_of(data: ExportData) -> str:
    """The facilitator's edited text, else the generated draft."""
    return data.draft if data.draft else email_draft(data)


def _recipients(data: ExportData) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, address) of every participant with a valid address (once per address), and who has none."""
    seen: set[str] = set()
    found, missing = [], []
    for person in data.attendees:
        address = (person.email or "").strip()
        if not valid_address(address):
            missing.append(person.name)
        elif address.lower() not in seen:
            seen.add(address.lower())
            found.append((person.name, address))
    return found, missing


@command("export.state", STAFF, when_ended=True, reads=True)
async def state(hub: MeetingHub, actor: Actor) -> ExportState:
    return await export_state(hub)


async def export_state(hub: MeetingHub) -> ExportState:
    """The tab's state without a role check or the hub's lock: for a page's change listener, which runs while
    the publishing command holds the lock (dispatching from there would wait for ever)."""
    data = await export_data(hub)
    recipients, missing = _recipients(data)
    running = _SENDING.get(hub.id)
    sends = await _store(hub).sends(hub.id)
    sending = running is not None and not running.done() and any(s.status == "pending" for s in sends)
    return ExportState(draft=draft_of(data), edited=bool(data.draft), follow_up=data.follow_up,
                       recipients=recipients, without_address=missing, sends=sends,
                       smtp_ready=smtp_ready(hub.runtime.settings), sending=sending,
                       practices=[p.practice for p in data.plans], email_items=list(hub.agenda.email_items))


# --- the follow-up and the draft --------------------------------------------------------------------------------


def _parse_follow_up(day: str | None, start: str | None, minutes: Any, place: str | None) -> FollowUp | None:
    if not (day or "").strip():
        return None
    try:
        when = date.fromisoformat(day.strip().replace("/", "-"))
    except ValueError:
        raise CommandError("export.error.bad_date", value=day) from None
    match = _TIME.match((start or "").strip())
    if not match:
        raise CommandError("export.error.bad_time", value=start or "")
    try:
        length = int(minutes)
    except (TypeError, ValueError):
        raise CommandError("export.error.bad_minutes") from None
    if not 15 <= length <= 600:
        raise CommandError("export.error.bad_minutes")
    where = " ".join((place or "").split()) or None
    if where and len(where) > PLACE_MAX:
        raise CommandError("export.error.place_too_long", limit=PLACE_MAX)
    return FollowUp(when, time(int(match.group(1)), int(match.group(2))), length, where)


@command("export.set_follow_up", FACILITATOR, when_ended=True)
async def set_follow_up(hub: MeetingHub, actor: Actor, day: str | None, start: str | None = None,
                        minutes: Any = 120, place: str | None = None) -> FollowUp | None:
    """Set (or, with an empty date, clear) the follow-up meeting: local date, HH:MM, minutes, place."""
    follow_up = _parse_follow_up(day, start, minutes, place)
    await _store(hub).set_follow_up(hub.id, follow_up, hub.now())
    await hub.reload()
    await hub.publish(Change("export", {"follow_up": follow_up.day.isoformat() if follow_up else None}))
    return follow_up


@command("export.save_draft", FACILITATOR, when_ended=True)
async def save_draft(hub: MeetingHub, actor: Actor, text: str | None) -> str:
    """Keep the edited email text; an empty text goes back to the generated draft. Returns the text in use."""
    cleaned = (text or "").replace("\r\n", "\n").strip()
    if len(cleaned) > DRAFT_MAX:
        raise CommandError("export.error.draft_too_long", limit=DRAFT_MAX)
    await _store(hub).save_draft(hub.id, cleaned + "\n" if cleaned else None)
    await hub.reload()
    await hub.publish(Change("export", {"draft": "saved" if cleaned else "reset"}))
    return draft_of(await export_data(hub))


@command("export.reset_draft", FACILITATOR, when_ended=True)
async def reset_draft(hub: MeetingHub, actor: Actor) -> str:
    """Forget the edits: the draft is generated again from the meeting as it is now."""
    return await save_draft(hub, actor, None)


# --- building an export -----------------------------------------------------------------------------------------


def build_file(data: ExportData, fmt: str, now: datetime, sender: str, practice: str | None = None) -> ExportFile:
    """One export as a file (pure apart from the arguments; runs in a worker thread)."""
    meeting = data.meeting
    if fmt == "eml":
        text = draft_of(data)
        message = email_message(meeting, text, sender=sender, recipients=_recipients(data)[0], now=now,
                                ics=follow_up_ics(data, now) if data.follow_up else None, unsent=True)
        return ExportFile(file_name(meeting, "mail", "eml"), "message/rfc822", eml_bytes(message))
    if fmt == "md":
        return ExportFile(file_name(meeting, "mail", "md"), "text/markdown; charset=utf-8",
                          draft_of(data).encode("utf-8"))
    if fmt == "csv":
        return ExportFile(file_name(meeting, "opslag", "csv"), "text/csv; charset=utf-8", posts_csv(data))
    if fmt == "xlsx":
        return ExportFile(file_name(meeting, "opslag", "xlsx"),
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", posts_xlsx(data))
    if fmt == "pptx":
        return ExportFile(file_name(meeting, "opsummering", "pptx"),
                          "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                          summary_pptx(data))
    if fmt == "ics":
        if data.follow_up is None:
            raise CommandError("export.error.no_follow_up")
        return ExportFile(file_name(meeting, "opfoelgning", "ics"), "text/calendar; charset=utf-8",
                          follow_up_ics(data, now))
    if fmt == "record":
        return ExportFile(file_name(meeting, "moedeforloeb", "txt"), "text/plain; charset=utf-8",
                          as_document(meeting_record(data, now)))
    if fmt == "plans":
        return ExportFile(file_name(meeting, "handleplaner", "txt"), "text/plain; charset=utf-8",
                          as_document(plans_document(data)))
    if fmt == "plan":
        plan = next((p for p in data.plans if p.practice == practice), None)
        if plan is None:
            raise CommandError("export.error.no_plan", practice=practice or "")
        return ExportFile(file_name(meeting, f"handleplan-{slug(plan.practice)}", "txt"),
                          "text/plain; charset=utf-8", as_document(plan_document(meeting, plan)))
    raise CommandError("export.error.bad_format", format=fmt, formats=", ".join(FORMATS))


@command("export.build", STAFF, when_ended=True)
async def build(hub: MeetingHub, actor: Actor, format: str, practice: str | None = None) -> ExportFile:
    """One export of the meeting (`format` one of FORMATS; `practice` names the plan for "plan")."""
    if format not in FORMATS:
        raise CommandError("export.error.bad_format", format=format, formats=", ".join(FORMATS))
    data = await export_data(hub)
    return await asyncio.to_thread(build_file, data, format, hub.now(), hub.runtime.settings.smtp_sender, practice)


# --- sending ----------------------------------------------------------------------------------------------------


def _last_send(sends: list[SendRow]) -> tuple[datetime, int] | None:
    """When the newest batch went out and to how many (counting recipients still pending)."""
    done = [s for s in sends if s.status in ("sent", "pending")]
    if not done:
        return None
    batch = max(s.batch for s in done)
    mine = [s for s in done if s.batch == batch]
    return max(s.sent_at for s in mine), len(mine)


def _messages(hub: MeetingHub, data: ExportData, recipients: list[tuple[str, str]],
              now: datetime) -> list[tuple[str, EmailMessage]]:
    settings = hub.runtime.settings
    sender = settings.smtp_sender
    if "<" not in sender:
        sender = str(Address(display_name=data.meeting.cluster, addr_spec=sender))
    text = draft_of(data)
    ics = follow_up_ics(data, now) if data.follow_up else None
    domain = parseaddr(settings.smtp_sender)[1].rpartition("@")[2] or "klyngemoede"
    out = []
    for name, address in recipients:
        message = email_message(data.meeting, text, sender=sender, recipients=[(name, address)], now=now, ics=ics)
        message["Message-ID"] = make_msgid(domain=domain)
        out.append((address, message))
    return out


@command("export.send", FACILITATOR, when_ended=True)
async def send(hub: MeetingHub, actor: Actor, confirm_resend: bool = False) -> dict[str, Any]:
    """Send the email to every participant with an address. Refused when SMTP is not set up, when nobody has
    an address, while a send is running, and (without `confirm_resend`) when the email has gone out before."""
    settings = hub.runtime.settings
    if not smtp_ready(settings):
        raise CommandError("export.error.no_smtp")
    running = _SENDING.get(hub.id)
    if running is not None and not running.done():
        raise CommandError("export.error.sending")
    store = _store(hub)
    last = _last_send(await store.sends(hub.id))
    if last is not None and not confirm_resend:
        when = last[0].astimezone(TZ)
        raise CommandError("export.error.already_sent", date=when.strftime("%d.%m.%Y kl. %H.%M"), count=last[1])
    data = await export_data(hub)
    recipients, _ = _recipients(data)
    if not recipients:
        raise CommandError("export.error.no_recipients")
    now = hub.now()
    messages = _messages(hub, data, recipients, now)
    batch = await store.reserve_batch(hub.id, [address for address, _ in messages], now)
    _SENDING[hub.id] = asyncio.create_task(_deliver(hub, batch, messages))
    await hub.publish(Change("export", {"sending": batch}))
    return {"batch": batch, "recipients": [address for address, _ in messages]}


async def _deliver(hub: MeetingHub, batch: int, messages: list[tuple[str, EmailMessage]]) -> None:
    try:
        results = await asyncio.to_thread(export_smtp.deliver, hub.runtime.settings, messages)
    except Exception as err:  # never leave the batch pending because of an unexpected error
        log.exception("sending the email failed")
        results = [(address, "failed", str(err)) for address, _ in messages]
    await _store(hub).record_results(hub.id, batch, results, hub.now())
    await hub.publish(Change("export", {"sent": batch}))


async def wait_for_send(hub: MeetingHub) -> None:
    """Wait until this meeting's running send (if any) has recorded its results."""
    task = _SENDING.get(hub.id)
    if task is not None:
        await asyncio.shield(task)
