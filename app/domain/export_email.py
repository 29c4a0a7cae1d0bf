"""The after-meeting email: the Danish draft, its HTML and plain-text parts, and the message itself.

The draft is light Markdown (`## heading`, `### theme`, `- idea`) so it reads well as it is, in the textarea
where the facilitator edits it and in a mail client's plain-text view; `draft_html` turns the same text into
the HTML part, escaping everything (posts and names are untrusted) and making web addresses links.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from app.domain.agenda import Agenda
from app.domain.export import (
    ExportData,
    FollowUp,
    MeetingInfo,
    Post,
    QuestionSection,
    clock_time,
    danish_date,
    sections,
)

_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:]+$")
_URL = re.compile(r"https?://[^\s<>\"'`]+")
_TRAILING = ".,;:!?)"


def subject(meeting: MeetingInfo) -> str:
    return f"Opsamling fra klyngemødet {danish_date(meeting.day, weekday=False)}: {meeting.title}"


# --- the draft ----------------------------------------------------------------------------------------------


def email_draft(data: ExportData) -> str:
    """The generated draft: greeting, the board's ideas per question and theme, videos, home assignment,
    the follow-up and the agenda's resources."""
    parts = [_greeting(data.meeting)]
    parts += [_section_text(section) for section in sections(data)]
    parts += [text for text in (_videos(data.agenda), _home_assignment(data.agenda),
                                _follow_up(data.follow_up), _resources(data.agenda)) if text]
    parts.append(f"Venlig hilsen\n{data.meeting.cluster}")
    return "\n\n".join(parts) + "\n"


def _greeting(meeting: MeetingInfo) -> str:
    return (f"Kære alle i {meeting.cluster}\n\n"
            f"Tak for klyngemødet \"{meeting.title}\" {danish_date(meeting.day)}. Her er en opsamling af det, "
            f"vi nåede frem til, og det, vi aftalte.")


def _section_text(section: QuestionSection) -> str:
    lines = [f"## {section.text}"]
    for group in section.groups:
        if group.name:
            lines += ["", f"### {group.name}"]
        lines += [_idea_line(post) for post in group.posts]
    return "\n".join(lines)


def _idea_line(post: Post) -> str:
    text = "\n  ".join(line.strip() for line in post.text.strip().splitlines() if line.strip())
    author = (post.author or "").strip()
    return f"- {text} ({author})" if author else f"- {text}"


def _videos(agenda: Agenda) -> str | None:
    if not agenda.videos:
        return None
    lines = ["## Videoerne", "Her kan I se videoerne fra mødet igen:"]
    for video in agenda.videos:
        who = f", {video.speaker}" if video.speaker else ""
        link = f": {video.url}" if video.url else ""
        lines.append(f"- {video.title} ({video.minutes:g} min{who}){link}")
    return "\n".join(lines)


def _home_assignment(agenda: Agenda) -> str | None:
    if not agenda.home_assignment:
        return None
    return f"## Hjemmeopgave\n{agenda.home_assignment.strip()}"


def _follow_up(follow_up: FollowUp | None) -> str:
    if follow_up is None:
        return "## Opfølgning\nDatoen for opfølgningen i klyngen er endnu ikke fastsat."
    where = f", {follow_up.place}" if follow_up.place else ""
    return (f"## Opfølgning\nVi følger op i klyngen {danish_date(follow_up.day)} kl. {clock_time(follow_up.start)}"
            f"–{clock_time(follow_up.ends())}{where}. En kalenderinvitation er vedhæftet.")


def _resources(agenda: Agenda) -> str | None:
    if not agenda.resources:
        return None
    lines = ["## Hvis I vil vide mere"]
    for res in agenda.resources:
        details = [d for d in (res.contact, res.email, f"tlf. {res.phone}" if res.phone else None, res.url) if d]
        line = f"- {res.name}" + (f": {', '.join(details)}" if details else "")
        lines.append(line + (f" – {res.note}" if res.note else ""))
    return "\n".join(lines)


# --- the two parts ------------------------------------------------------------------------------------------


def draft_plain(text: str) -> str:
    """The plain-text part: headings without their marks, underlined."""
    out = []
    for line in text.splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
            out += [heading, "-" * len(heading)]
        elif line.startswith("### "):
            out.append(line[4:].strip() + ":")
        else:
            out.append(line)
    return "\n".join(out).rstrip() + "\n"


def draft_html(text: str, title: str) -> str:
    """The HTML part: every piece of text escaped, headings, lists and paragraphs, web addresses as links."""
    body: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            body.append("<p>" + "<br>\n".join(paragraph) + "</p>")
            paragraph.clear()
        if items:
            body.append("<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>")
            items.clear()

    for line in text.splitlines():
        if line.startswith(("## ", "### ")):
            flush()
            level = 2 if line.startswith("## ") else 3
            body.append(f"<h{level}>{_inline(line.split(' ', 1)[1].strip())}</h{level}>")
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(_inline(line[2:].strip()))
        elif line.startswith("  ") and items and line.strip():
            items[-1] += "<br>" + _inline(line.strip())
        elif not line.strip():
            flush()
        else:
            if items:
                flush()
            paragraph.append(_inline(line.strip()))
    flush()
    return ("<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n</head>\n"
            "<body style=\"font-family: Calibri, Arial, sans-serif; font-size: 11pt; line-height: 1.4\">\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _inline(text: str) -> str:
    """Escape, and turn web addresses into links (the address itself stays the link text)."""
    out, at = [], 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        out.append(html.escape(text[at:match.start()]))
        out.append(f"<a href=\"{html.escape(url)}\">{html.escape(url)}</a>")
        at = match.start() + len(url)
    out.append(html.escape(text[at:]))
    return "".join(out)


# --- the message --------------------------------------------------------------------------------------------


def valid_address(address: str | None) -> bool:
    return bool(address) and len(address) <= 254 and bool(_EMAIL.match(address.strip()))


def email_message(meeting: MeetingInfo, text: str, *, sender: str, recipients: Sequence[tuple[str, str]],
                  now: datetime, ics: bytes | None = None, unsent: bool = False) -> EmailMessage:
    """The email: plain-text and HTML parts (UTF-8), the follow-up invitation attached when given.

    `recipients` are (name, address) pairs; invalid addresses are left out. `unsent` marks the message as a
    draft, so Outlook opens the `.eml` ready to send (Thunderbird opens it as a message either way).
    """
    msg = EmailMessage()
    msg["Subject"] = subject(meeting)
    msg["From"] = sender
    to = [Address(display_name=name or "", addr_spec=addr.strip()) for name, addr in recipients
          if valid_address(addr)]
    if to:
        msg["To"] = to
    msg["Date"] = format_datetime(now)
    if unsent:
        msg["X-Unsent"] = "1"
    msg.set_content(draft_plain(text), charset="utf-8")
    msg.add_alternative(draft_html(text, subject(meeting)), subtype="html", charset="utf-8")
    if ics is not None:
        msg.add_attachment(ics, maintype="text", subtype="calendar", filename="opfoelgning.ics",
                           params={"method": "PUBLISH"})
    return msg


def eml_bytes(msg: EmailMessage) -> bytes:
    """The message as an `.eml` file (CRLF line ends, as mail clients expect)."""
    return msg.as_bytes(policy=SMTP)
