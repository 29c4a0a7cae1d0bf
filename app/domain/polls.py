"""Quick polls on the board: free-text answers ranked by what was said, and multiple-choice tallies.

Free text ("Nævn de 2 vigtigste ting"): words are stemmed (Snowball Danish) and stop words dropped, so "lægen"
and "læger" count as one term. A term counts once per answer that mentions it. Two-word phrases ("fælles
kurser", "tid til patienterne": at most one stop word in between) are listed when at least two answers use
them; a single word then disappears from the list when every answer that mentions it uses the phrase.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from app.domain.danish_text import STOP_WORDS, normalize, stem

MIN_PHRASE_COUNT = 2
# Separators between the parts of one answer ("1) mere tid 2) færre attester", "tid, ro; kolleger").
_SEGMENTS = re.compile(r"[.,;:!?()\[\]/\n\r\t•]+|\s-\s|(?:^|\s)\d+[.)]\s")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class RankedTerm:
    """One thing that was said: `display` is its most frequent written form (lower case), `count` the number
    of answers mentioning it and `answers` their indices in the input list. `key` is the stem ("læg") or
    two stems ("fælles kurs") the term was counted by."""

    key: str
    display: str
    count: int
    answers: tuple[int, ...]
    phrase: bool = False


@dataclass
class _Tally:
    answers: set[int]
    forms: Counter[str]
    first: tuple[int, int]


def rank_free_text(answers: list[str], top: int = 20) -> list[RankedTerm]:
    """The `top` most mentioned terms and frequent two-word phrases, most answers first.

    Ties: phrases before single words, then the term seen first.
    """
    singles: dict[str, _Tally] = {}
    pairs: dict[str, _Tally] = {}
    for index, answer in enumerate(answers):
        for position, (key, form, is_pair) in enumerate(_terms(answer)):
            table = pairs if is_pair else singles
            tally = table.setdefault(key, _Tally(set(), Counter(), (index, position)))
            tally.answers.add(index)
            tally.forms[form] += 1
    phrases = [_ranked(k, t, True) for k, t in pairs.items() if len(t.answers) >= MIN_PHRASE_COUNT]
    covered = {part: p.count for p in phrases for part in p.key.split(" ")}
    words = [_ranked(k, t, False) for k, t in singles.items() if covered.get(k, 0) < len(t.answers)]
    first = {**{k: t.first for k, t in singles.items()}, **{k: t.first for k, t in pairs.items()}}
    ranked = sorted(phrases + words, key=lambda r: (-r.count, not r.phrase, first[r.key]))
    return ranked[: max(top, 0)]


def tally(options: list[str], votes: list[str]) -> list[tuple[str, int]]:
    """Votes per option, in option order. A vote matches an option exactly, else ignoring case and
    surrounding spaces; votes for no option are ignored."""
    counts = [0] * len(options)
    exact = {opt: i for i, opt in reversed(list(enumerate(options)))}
    loose = {normalize(opt).strip(): i for i, opt in reversed(list(enumerate(options)))}
    for vote in votes:
        index = exact.get(vote, loose.get(normalize(vote).strip()))
        if index is not None:
            counts[index] += 1
    return list(zip(options, counts, strict=True))


def _terms(answer: str) -> Iterator[tuple[str, str, bool]]:
    """(key, written form, is_phrase) for each word and each two-word phrase of one answer."""
    for segment in _SEGMENTS.split(normalize(answer)):
        tokens = _WORD.findall(segment)
        content = [(i, w) for i, w in enumerate(tokens) if w not in STOP_WORDS and len(w) > 1]
        for _, word in content:
            yield stem(word), word, False
        for (i, first), (j, second) in pairwise(content):
            if j - i <= 2:
                yield f"{stem(first)} {stem(second)}", " ".join(tokens[i : j + 1]), True


def _ranked(key: str, tally_: _Tally, phrase: bool) -> RankedTerm:
    display = sorted(tally_.forms.items(), key=lambda kv: -kv[1])[0][0]
    return RankedTerm(key, display, len(tally_.answers), tuple(sorted(tally_.answers)), phrase)
