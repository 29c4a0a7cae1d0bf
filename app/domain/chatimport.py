"""Read a saved Zoom chat file into messages for the board.

Zoom writes three layouts (all handled, also mixed in one file):

- older local save, one line per message (continuation lines follow unindented):
  `16:42:10\t From  Anne Hansen : tekst` or `16:42:10 From Anne Hansen to Everyone : tekst`
- newer local save ("new meeting chat"): a header line, the message on the following indented lines:
  `16:42:10 From  Anne Hansen  to  Everyone:` then `\ttekst`
- cloud recording chat: `00:12:05\tAnne Hansen:\ttekst` (time since the recording started)

Skipped: direct messages (`to Bo(Direct Message)`, `to Bo (Privately)`, `To Bo(privately)`), reactions
(`Reacted to "..." with 👍`, `Removed a 👍 reaction from "..."`, the newer chat's `add 👍` / `remove 👍`)
and empty messages. A reply (`Replying to "original..."` then the reply) keeps only the reply.
Danish-language exports (`Fra ... til Alle`) are accepted too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from app.domain.problems import InputError, Problem

_TIME = r"(?P<time>\d{1,2}:\d{2}:\d{2})(?:\s?(?P<ampm>[AaPp][Mm]))?"
# Local saves: "From <who>:<rest>"; <who> may carry "to <recipient>".
_LOCAL = re.compile(_TIME + r"[ \t]+(?:From|Fra)[ \t]+(?P<who>[^:\n]*?)[ \t]*:(?P<rest>.*)$", re.IGNORECASE)
_CLOUD = re.compile(_TIME + r"\t(?P<who>[^\t:]+?):\t?(?P<rest>.*)$")
_RECIPIENT = re.compile(r"^(?P<sender>.*)\s+(?:to|til)\s+(?P<to>.+)$", re.IGNORECASE | re.DOTALL)
_PRIVATE = re.compile(r"\(\s*(?:direct message|privately|privat|direkte besked)\s*\)\s*$", re.IGNORECASE)
_REACTION = re.compile(
    r'^(?:Reacted to ".*" with \S+|Removed an? \S+ reaction from ".*"|(?:add|remove) (?P<emoji>\S+))$', re.DOTALL
)
_REPLY_TRUNCATED = re.compile(r'^Replying to "(?P<quote>[^\n]*?)(?:\.\.\.|…)"\s*(?P<reply>.*)$', re.DOTALL)
_REPLY = re.compile(r'^Replying to "(?P<quote>[^\n]*?)"\s*(?P<reply>.*)$', re.DOTALL)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class ChatMessage:
    """One public chat message: `time` as 'HH:MM:SS', `to` the recipient written by Zoom ("Everyone") or
    None when the layout has none, `line` the 1-based line of its header in the file."""

    time: str
    sender: str
    text: str
    to: str | None
    line: int


@dataclass
class _Draft:
    time: str
    who: str
    body: list[str]
    line: int


def decode_chat(data: bytes | str) -> str:
    """Text of a chat file: UTF-8 with or without BOM (UTF-16 with BOM), else Windows-1252 (older Windows saves)."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_zoom_chat(data: bytes | str, source: str = "chat") -> list[ChatMessage]:
    """The public messages of a saved Zoom chat, in file order.

    Raises `InputError` when no line looks like a Zoom chat line (the problem names the first non-empty line).
    """
    lines = _LINE_BREAK.split(decode_chat(data))
    drafts = _drafts(lines)
    if not drafts:
        raise InputError([_not_a_chat(lines, source)])
    messages = [_message(d) for d in drafts]
    return [m for m in messages if m is not None]


def message_key(msg: ChatMessage) -> str:
    """A stable key of time, sender and text, for skipping messages that were imported before."""
    raw = "\x1f".join((msg.time, msg.sender, msg.text))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def _drafts(lines: list[str]) -> list[_Draft]:
    drafts: list[_Draft] = []
    for number, line in enumerate(lines, start=1):
        header = _LOCAL.match(line) or _CLOUD.match(line)
        if header:
            rest = header.group("rest").strip()
            time = _clock(header.group("time"), header.group("ampm"))
            drafts.append(_Draft(time, header.group("who"), [rest] if rest else [], number))
        elif drafts:
            drafts[-1].body.append(line.strip())
    return drafts


def _clock(time: str, ampm: str | None) -> str:
    hours, minutes, seconds = (int(part) for part in time.split(":"))
    if ampm:
        hours = hours % 12 + (12 if ampm.lower() == "pm" else 0)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}"


def _message(draft: _Draft) -> ChatMessage | None:
    who = " ".join(draft.who.split())
    if not who or _PRIVATE.search(who):
        return None
    sender, to = who, None
    recipient = _RECIPIENT.match(who)
    if recipient:
        sender, to = recipient.group("sender").strip(), recipient.group("to").strip()
    text = _text(draft.body)
    if not text or not sender:
        return None
    return ChatMessage(draft.time, sender, text, to, draft.line)


def _text(body: list[str]) -> str:
    """The message text: blank edges trimmed, reactions dropped, reply quotes removed."""
    text = "\n".join(body).strip()
    if _is_reaction(text):
        return ""
    reply = _REPLY_TRUNCATED.match(text) or _REPLY.match(text)
    if reply:
        text = "\n".join(line for line in reply.group("reply").split("\n") if line.strip())
    return text.strip()


def _is_reaction(text: str) -> bool:
    match = _REACTION.match(text)
    if not match:
        return False
    emoji = match.group("emoji")
    return emoji is None or not any(ch.isalnum() for ch in emoji)


def _not_a_chat(lines: list[str], source: str) -> Problem:
    first = next((i for i, line in enumerate(lines, start=1) if line.strip()), None)
    if first is None:
        return Problem("filen er tom – det er ikke en gemt Zoom-chat", source=source, line=1)
    return Problem(
        "ingen linjer ligner en gemt Zoom-chat (fx '16:42:10 From Anne Hansen to Everyone:'); "
        f"første linje er: {lines[first - 1].strip()[:80]!r}",
        source=source,
        line=first,
    )
