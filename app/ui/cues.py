"""Words for the technical cues and step kinds, in the user's language and the meeting's format."""

from __future__ import annotations

from app.domain.agenda import Agenda, Cue, CueKind, MeetingFormat
from app.ui.common import tr


def cue_text(cue: Cue, agenda: Agenda) -> str:
    virtual = agenda.format is MeetingFormat.virtual
    if cue.kind is CueKind.start_video:
        video = agenda.video(cue.video or "")
        if video is None:
            return tr("cue.start_video", title="", minutes="?")
        return tr("cue.start_video", title=video.title, minutes=f"{video.minutes:g}")
    if cue.kind in (CueKind.open_rooms, CueKind.close_rooms):
        key = f"cue.{cue.kind.value}.{'virtual' if virtual else 'physical'}"
        text = tr(key, size=cue.size or 4)
        if cue.kind is CueKind.open_rooms and cue.grouping is not None:
            text += f" ({tr(f'grouping.{cue.grouping.value}')})"
        return text
    if cue.kind in (CueKind.start_slides, CueKind.stop_slides):
        return tr(f"cue.{cue.kind.value}.{'virtual' if virtual else 'physical'}")
    if cue.kind is CueKind.note:
        return cue.text or tr("cue.note")
    if cue.kind is CueKind.start_poll:
        poll = agenda.poll(cue.poll or "")
        return tr("cue.start_poll", question=poll.question if poll else "")
    if cue.kind is CueKind.show_survey:
        return tr("cue.show_survey", measures=", ".join(str(m) for m in cue.measures))
    return cue.text or tr(f"cue.{cue.kind.value}")
