"""Group plans as text, CSV, JSON data and Zoom's breakout-room pre-assignment CSV (pure: returns strings)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from app.domain.grouping import GroupPlan
from app.domain.roster import Person

ZOOM_HEADER = ("Pre-assign Room Name", "Email Address")


def room_name(group_index: int) -> str:
    """Room name as the co-host console and Zoom show it ("Gruppe 1" for index 0)."""
    return f"Gruppe {group_index + 1}"


def person_data(person: Person) -> dict[str, str | None]:
    return {"name": person.name, "practice": person.practice, "email": person.email}


def plan_data(plan: GroupPlan, people: Sequence[Person]) -> list[list[list[dict[str, str | None]]]]:
    """JSON-ready: a list of rounds, each a list of groups, each a list of {"name", "practice", "email"}."""
    return [[[person_data(p) for p in group] for group in groups] for groups in plan.named(people)]


def _csv_text(rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def plan_csv(plan: GroupPlan, people: Sequence[Person], round_index: int | None = None) -> str:
    """CSV with columns runde, gruppe, navn, praksis, email (all rounds, or just one)."""
    rows: list[list[str]] = [["runde", "gruppe", "navn", "praksis", "email"]]
    for r, groups in enumerate(plan.named(people)):
        if round_index is not None and r != round_index:
            continue
        for g, group in enumerate(groups):
            rows.extend([str(r + 1), room_name(g), p.name, p.practice or "", p.email or ""] for p in group)
    return _csv_text(rows)


def zoom_csv(round_groups: Sequence[Sequence[int]], people: Sequence[Person]) -> tuple[str, list[Person]]:
    """Zoom's pre-assignment CSV for one round, and the people left out because they have no email."""
    rows: list[Sequence[str]] = [ZOOM_HEADER]
    missing: list[Person] = []
    for g, group in enumerate(round_groups):
        for i in group:
            person = people[i]
            if person.email:
                rows.append((room_name(g), person.email))
            else:
                missing.append(person)
    return _csv_text(rows), missing


def _label(person: Person) -> str:
    return f"{person.name} ({person.practice})" if person.practice else f"{person.name} (sololæge)"


def plan_text(plan: GroupPlan, people: Sequence[Person]) -> str:
    """A readable Danish listing of every round, followed by the report."""
    mode = "blandede grupper" if plan.mode == "mixed" else "egen praksis"
    lines: list[str] = []
    for r, groups in enumerate(plan.named(people)):
        lines.append(f"Runde {r + 1} ({mode}, {len(groups)} grupper)")
        for g, group in enumerate(groups):
            lines.append(f"  {room_name(g)} ({len(group)}): " + ", ".join(_label(p) for p in group))
        lines.append("")
    lines.extend(report_lines(plan, people))
    return "\n".join(lines) + "\n"


def report_lines(plan: GroupPlan, people: Sequence[Person]) -> list[str]:
    report = plan.report
    lines = ["Rapport:"]
    if plan.mode == "mixed":
        verdict = "kan ikke undgås" if report.conflicts_unavoidable else "kunne måske undgås"
        lines.append(f"  Kolleger fra samme praksis i samme gruppe: {report.conflict_pairs} par "
                     f"(mindst mulige: {report.conflict_bound})")
        for c in report.conflicts:
            names = ", ".join(people[i].name for i in c.members)
            lines.append(f"    runde {c.round + 1}, {room_name(c.group)}: {c.practice}: {names} ({verdict})")
    lines.append(f"  Gentagne par: {report.repeated_pairs} (nedre grænse: {report.repeat_bound})")
    lines.extend(f"  {note}" for note in report.notes)
    return lines
