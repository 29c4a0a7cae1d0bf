"""Problems found in user input (agenda files, rosters, surveys, chat exports).

A `Problem` names the place (file and line, or row and column) and says what is wrong in plain words.
Parsers collect problems instead of raising on the first one, so a user can fix a file in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, with its place.

    `source` is the file name (or a label such as "upload"); `line` is 1-based for text files;
    `row` is the 1-based spreadsheet row (the header is row 1) and `column` the column name.
    """

    message: str
    source: str = ""
    line: int | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        place = self.source
        if self.line is not None:
            place = f"{place}:{self.line}" if place else f"line {self.line}"
        parts = [place] if place else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


@dataclass
class InputError(Exception):
    """Raised by a parser when the input cannot be used; carries every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
