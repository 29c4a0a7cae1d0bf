"""Post-its, quick polls, personal notes and the implementation plan: the tabs of the participant's page
and the consoles, the projector displays and the poll button on a poll step.

Participants: "Post-its", "Afstemning", "Mine noter", "Implementeringsplan". Facilitator and co-host:
"Post-its" (every note by heading and colour), "Afstemninger", "Implementeringsplaner" (read-only).
"""

from __future__ import annotations

from app.domain.agenda import StepKind
from app.live import activity_commands  # noqa: F401  (registers the commands of this area)
from app.live.hub import MeetingHub
from app.ui import activities_notes, activities_polls, activities_postits, panels, projector

STAFF = {"facilitator", "cohost"}


def has_postits(hub: MeetingHub) -> bool:
    return any(step.postits for _, step in hub.steps)


def has_polls(hub: MeetingHub) -> bool:
    return bool(hub.agenda.polls)


def has_plan(hub: MeetingHub) -> bool:
    return any(step.kind is StepKind.implementation for _, step in hub.steps)


panels.register_tab("postits", {"participant"}, order=25, applies=has_postits)(activities_postits.participant_tab)
panels.register_tab("poll", {"participant"}, order=26, applies=has_polls)(activities_polls.participant_tab)
panels.register_tab("notes", {"participant"}, order=27)(activities_notes.notes_tab)
panels.register_tab("plan", {"participant"}, order=28, applies=has_plan)(activities_notes.plan_tab)

panels.register_tab("postit_overview", STAFF, order=25, applies=has_postits)(activities_postits.staff_tab)
panels.register_tab("polls", STAFF, order=26, applies=has_polls)(activities_polls.staff_tab)
panels.register_tab("plans", STAFF, order=28, applies=has_plan)(activities_notes.plans_tab)

projector.register_display("postits", "activities.projector.postits")(activities_postits.projector_display)
projector.register_display("poll", "activities.projector.poll")(activities_polls.projector_display)

panels.register_step_extra(activities_polls.step_extra)
