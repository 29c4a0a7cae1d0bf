"""The agendas on disk: read and validated once at start, with the problems of any broken file kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.domain.agenda import Agenda
from app.domain.agenda_load import load_agenda
from app.domain.problems import InputError, Problem


def read_agenda(path: Path) -> Agenda:
    """Read and validate one file; `InputError` names the file and line of each problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError([Problem(f"cannot read the file: {err}", source=str(path))]) from None
    return load_agenda(text, str(path))


@dataclass
class AgendaCatalogue:
    agendas: dict[str, Agenda] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def from_dir(cls, folder: Path) -> AgendaCatalogue:
        catalogue = cls()
        for path in sorted(folder.glob("*.yaml")):
            try:
                agenda = read_agenda(path)
            except InputError as err:
                catalogue.problems.extend(err.problems)
                continue
            catalogue.agendas[agenda.id] = agenda
        return catalogue

    def get(self, agenda_id: str) -> Agenda | None:
        return self.agendas.get(agenda_id)
