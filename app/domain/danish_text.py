"""Small Danish text tools shared by the board's theme suggestions and the quick polls.

Words are lower-cased runs of letters and digits (hyphens split words: "IT-support" -> "it", "support").
Stems come from the Snowball Danish stemmer, so "lægen", "læger" and "lægerne" share the stem "læg".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

# Common Danish function words (pronouns, articles, prepositions, auxiliaries, adverbs).
_STOP_WORDS_TEXT = """
    ad af aldrig alle alt altid anden andet andre at bag bare begge blev blive bliver da de dem den denne der
    deres det dette dig din dine disse dit dog du efter eller ellers en end endnu ens er et få får fik for fordi
    fra frem ham han hans har havde have hele hende her hos hun hvad hvem hver hvilke hvilken hvis hvor hvordan
    hvorfor hvornår i igen ikke ind ingen intet jeg jer jeres jo kan kom kommer kunne lidt man mange måske med
    meget men mens mere mest mig min mine mit mod må måtte ned nej noget nogen nogle nok nu når og også om op os
    over på sa så selv sig sin sine sit skal skulle som stadig store større sådan thi til ud uden under var vi
    vil ville vor vores være været via ja helt lige godt gerne blot især fx mv mm osv evt ca pga ift
    mht bla etc
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """Lower-case and compose accents, so 'Æ' and 'æ' (or decomposed 'å') compare equal."""
    return unicodedata.normalize("NFC", text).casefold()


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, in order (punctuation, hyphens and underscores split words)."""
    return _WORD.findall(normalize(text))


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("danish")


# Stems Snowball leaves apart that mean the same ("kursus" / "kurser", "barn" / "børn").
_STEM_FIXES = {"kursus": "kurs", "børn": "barn", "mænd": "mand"}


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The Snowball Danish stem of one lower-case word (with a few irregular plurals joined)."""
    result = _stemmer().stemWord(word)
    return _STEM_FIXES.get(result, result)


def content_words(text: str, stop_words: Iterable[str] = STOP_WORDS) -> list[str]:
    """Words that are not stop words and not single letters (digits are dropped as well)."""
    stops = stop_words if isinstance(stop_words, frozenset | set) else frozenset(stop_words)
    return [w for w in words(text) if w not in stops and len(w) > 1 and not w.isdigit()]


def split_compound(word: str, known: frozenset[str] | set[str], min_part: int = 3) -> list[str]:
    """Split a compound into known stems, e.g. "frokostpausen" -> ["frokost", "paus"].

    `known` holds stems. The head (right part) is stemmed before lookup; the modifier (left part) may end in
    a linking "s" or "e" ("ferie|perioder", "kursus|dag", "sygdoms|fravær"). Tries the most balanced split
    first and recurses once into the head. Returns [] when no split into known parts exists.
    """
    if len(word) < 2 * min_part:
        return []
    cuts = sorted(range(min_part, len(word) - min_part + 1), key=lambda i: (-min(i, len(word) - i), i))
    for cut in cuts:
        left, right = word[:cut], word[cut:]
        left_stem = _known_modifier(left, known, min_part)
        if left_stem is None:
            continue
        right_stem = stem(right)
        if right_stem in known or right in known:
            return [left_stem, right_stem if right_stem in known else right]
        tail = split_compound(right, known, min_part)
        if tail:
            return [left_stem, *tail]
    return []


def _known_modifier(left: str, known: frozenset[str] | set[str], min_part: int) -> str | None:
    if left in known:
        return left
    if left[-1] in "se" and len(left) - 1 >= min_part and left[:-1] in known:
        return left[:-1]
    left_stem = stem(left)
    if left_stem in known and len(left_stem) >= min_part:
        return left_stem
    return None
