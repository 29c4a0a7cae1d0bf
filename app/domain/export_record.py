"""The meeting record, the practices' implementation plans, and the follow-up invitation (iCalendar).

The record and the plans are plain-text documents whose headings are underlined (setext Markdown), so they
read well when opened by double-click in Notepad or TextEdit, paste cleanly into Word or an intranet page,
and render as Markdown too. They are written as UTF-8 with a byte-order mark, so even old editors show æøå.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, Timezone

from app.domain.clock import new_clock
from app.domain.clock_plan import timeline
from app.domain.export import (
    ExportData,
    MeetingInfo,
    PlanDoc,
    clock_time,
    danish_date,
    local,
)
from app.domain.schedule import run_of_show

TZID = "Europe/Copenhagen"
STATE_LABELS = {"done": "", "current": "i gang", "coming": "ikke nået", "skipped": "sprunget over"}


def _heading(text: str, mark: str = "=") -> list[str]:
    return [text, mark * len(text)]


def as_document(text: str) -> bytes:
    """A text document as bytes: UTF-8 with a byte-order mark, Windows line ends."""
    return text.replace("\n", "\r\n").encode("utf-8-sig")


# --- the meeting record ---------------------------------------------------------------------------------------


def meeting_record(data: ExportData, now: datetime) -> str:
    """Planned against actual time for every step (from the run log), and who was there."""
    meeting = data.meeting
    lines = _heading(f"Mødeforløb: {meeting.title}")
    lines += [f"{meeting.cluster} · {danish_date(meeting.day)} · planlagt start kl. {clock_time(meeting.start)}", ""]
    lines += _step_table(data, now)
    lines += ["", *_heading(f"Deltagere ({len(data.attendees)})", "-")]
    for person in sorted(data.attendees, key=lambda a: (a.practice or "~", a.name.casefold())):
        where = "solopraktiserende" if person.solo or not person.practice else person.practice
        lines.append(f"- {person.name} ({where})")
    if not data.attendees:
        lines.append("Ingen deltagere registreret.")
    return "\n".join(lines) + "\n"


def _step_table(data: ExportData, now: datetime) -> list[str]:
    meeting = data.meeting
    planned = run_of_show(meeting.agenda, meeting.starts(), meeting.include_optional)
    state = data.clock or new_clock([row.step.seconds for row in planned])
    rows = timeline(state, now, data.run_log)
    started = [r.start for r in rows if r.start is not None and r.state != "coming"]
    ended = [r.end for r in rows if r.end is not None and r.state == "done"]
    lines = _heading("Trin: planlagt og faktisk", "-")
    if started:
        lines.append(f"Faktisk start kl. {clock_time(local(min(started)))}"
                     + (f", slut kl. {clock_time(local(max(ended)))}" if ended and state.status == "ended" else ""))
        lines.append("")
    lines += ["| Planlagt | Trin | Planlagt min | Faktisk start | Faktisk min | Forskel |",
              "|---|---|---:|---|---:|---:|"]
    total_planned = total_actual = 0.0
    for plan, row in zip(planned, rows, strict=False):
        minutes = plan.step.seconds / 60
        actual = row.actual / 60
        total_planned += minutes
        did_run = row.state in ("done", "current")
        total_actual += actual if did_run else 0
        start = clock_time(local(row.start)) if row.start and did_run else ""
        shown = f"{actual:.0f}" if did_run else STATE_LABELS[row.state]
        diff = f"{actual - minutes:+.0f}" if did_run else ""
        title = plan.step.title.replace("|", "/")
        lines.append(f"| {clock_time(plan.start)} | {title} | {minutes:g} | {start} | {shown} | {diff} |")
    diff = f"{total_actual - total_planned:+.0f}" if started else ""
    lines.append(f"| | I alt | {total_planned:g} | | {total_actual:.0f} | {diff} |")
    return lines


# --- implementation plans -------------------------------------------------------------------------------------


def plan_document(meeting: MeetingInfo, plan: PlanDoc) -> str:
    """One practice's implementation plan: every field of the agenda's plan form, then any other field kept."""
    lines = _heading(f"Implementeringsplan: {plan.practice}")
    lines += [f"{meeting.title} · {meeting.cluster} · {danish_date(meeting.day, weekday=False)}", ""]
    labels = {f.id: f.label for f in meeting.agenda.plan_fields}
    keys = list(labels) + [k for k in plan.fields if k not in labels]
    for key in keys:
        text = (plan.fields.get(key) or "").strip()
        lines += [*_heading(labels.get(key, key), "-"), text or "(ikke udfyldt)", ""]
    if plan.updated_at is not None:
        who = f" af {plan.updated_by}" if plan.updated_by else ""
        when = local(plan.updated_at)
        lines.append(f"Sidst ændret{who} {danish_date(when.date(), weekday=False)} kl. {clock_time(when)}.")
    return "\n".join(lines).rstrip() + "\n"


def plans_document(data: ExportData) -> str:
    """Every practice's plan, one after the other (a page break character between them for printing)."""
    plans = sorted(data.plans, key=lambda p: p.practice.casefold())
    if not plans:
        return "\n".join(_heading("Implementeringsplaner")) + "\nIngen praksis har udfyldt en plan.\n"
    return "\n\f\n".join(plan_document(data.meeting, p) for p in plans)


# --- the follow-up invitation -----------------------------------------------------------------------------------


def follow_up_ics(data: ExportData, now: datetime) -> bytes:
    """An iCalendar file with one event in Europe/Copenhagen time (VTIMEZONE included); PUBLISH, so calendars
    import it as an appointment. Raises ValueError when no follow-up date is set."""
    follow_up = data.follow_up
    if follow_up is None:
        raise ValueError("no follow-up date is set")
    meeting = data.meeting
    cal = Calendar()
    cal.add("prodid", "-//Klyngemøde//klyngemoede//DA")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("calscale", "GREGORIAN")
    year = follow_up.day.year
    cal.add_component(Timezone.from_tzid(TZID, first_date=date(year - 1, 1, 1), last_date=date(year + 1, 12, 31)))
    event = Event()
    event.add("uid", f"opfoelgning-{meeting.code.lower()}@klyngemoede")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("summary", f"Opfølgning i klyngen: {meeting.title}")
    event.add("dtstart", follow_up.starts())
    event.add("duration", timedelta(minutes=follow_up.minutes))
    if follow_up.place:
        event.add("location", follow_up.place)
    event.add("description", _description(data))
    cal.add_component(event)
    return cal.to_ical()


def _description(data: ExportData) -> str:
    meeting = data.meeting
    text = (f"Opfølgning i {meeting.cluster} på klyngemødet \"{meeting.title}\" "
            f"{danish_date(meeting.day, weekday=False)}.")
    if meeting.agenda.home_assignment:
        text += "\n\nHjemmeopgave: " + " ".join(meeting.agenda.home_assignment.split())
    return text
