"""Features of short Danish posts for theme suggestions (used by `textsim`).

Each post becomes three blocks, weighted and joined into one unit vector:
- word stems (Snowball Danish, stop words removed) plus the parts of compounds split against the vocabulary
  of the posts and of `gp_vocabulary` ("frokostpausen" -> "frokost", "paus");
- character n-grams within words (scikit-learn `char_wb`), which catch typos and shared compound parts;
- concepts of the GP vocabulary ("hjemmeplejen" and "kommunen" -> kommune; "sygehus" and "hospital" -> sygehus).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from app.domain.danish_text import STOP_WORDS, content_words, split_compound, stem
from app.domain.gp_vocabulary import TERMS

# Words about working together in the cluster: in answers to "what can the cluster do" they say nothing about
# the theme ("fælles", "samarbejde med ...", "hjælpe hinanden"). Compared by stem.
_GENERIC_WORDS = """
    klynge klyngen klyngerne klyngeniveau klyngemøde praksis praksisser fælles sammen hinanden samarbejde
    dialog hjælpe hjælp bedre mindre læge lægen læger lægerne gøre lave tage få have andre alle gang gange
    måske kunne kan ting
"""
GENERIC_STEMS: frozenset[str] = frozenset(stem(w) for w in _GENERIC_WORDS.split())
CONCEPT_PREFIX = "§"
_MIN_SUBSTRING = 5


@dataclass(frozen=True)
class Weights:
    """How much each block counts, and the agglomerative distance threshold (cosine, average linkage)."""

    words: float = 1.0
    chars: float = 0.6
    concepts: float = 1.2
    threshold: float = 0.8
    decompound: bool = True


@dataclass(frozen=True)
class Analysed:
    """One post taken apart: content words, stems (with compound parts) and GP concepts."""

    words: tuple[str, ...]
    stems: tuple[str, ...]
    concepts: tuple[str, ...]


@lru_cache(maxsize=1)
def _term_index() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Exact-stem lookup and (substring, concept) pairs, longest first."""
    exact: dict[str, str] = {}
    subs: dict[str, str] = {}
    for term, concept in TERMS.items():
        exact.setdefault(stem(term), concept)
        exact.setdefault(term, concept)
        for form in (term, stem(term)):
            if len(form) >= _MIN_SUBSTRING:
                subs.setdefault(form, concept)
    return exact, sorted(subs.items(), key=lambda kv: (-len(kv[0]), kv[0]))


def concepts_of(word: str) -> list[str]:
    """GP concepts named by one lower-case word: by stem, else by the longest terms found inside it."""
    exact, subs = _term_index()
    hit = exact.get(word) or exact.get(stem(word))
    if hit:
        return [hit]
    taken = [False] * len(word)
    found: list[str] = []
    for form, concept in subs:
        start = word.find(form)
        if start < 0 or any(taken[start : start + len(form)]):
            continue
        taken[start : start + len(form)] = [True] * len(form)
        found.append(concept)
    return found


def known_stems(texts: Sequence[str]) -> frozenset[str]:
    """Stems a compound may be split into: the posts' own content words and the GP vocabulary's terms."""
    stems = {stem(w) for text in texts for w in content_words(text) if len(w) >= 3}
    stems |= {stem(t) for t in TERMS if len(t) >= 3 and t.isalpha()}
    return frozenset(s for s in stems if len(s) >= 3 and s not in GENERIC_STEMS)


def analyse(text: str, known: frozenset[str], decompound: bool = True) -> Analysed:
    """Take one post apart into words, stems (plus compound parts) and concepts."""
    kept: list[str] = []
    stems: list[str] = []
    concepts: list[str] = []
    for word in content_words(text, STOP_WORDS):
        word_stem = stem(word)
        if word_stem in GENERIC_STEMS or word in GENERIC_STEMS:
            continue
        kept.append(word)
        stems.append(word_stem)
        word_concepts = concepts_of(word)
        parts = split_compound(word, known) if decompound and len(word) >= 6 else []
        stems.extend(p for p in parts if p != word_stem and p not in GENERIC_STEMS)
        if not word_concepts:
            word_concepts = [c for p in parts for c in concepts_of(p)]
        concepts.extend(dict.fromkeys(word_concepts))
    return Analysed(tuple(kept), tuple(stems), tuple(concepts))


def _identity(tokens: Sequence[str]) -> Sequence[str]:
    return tokens


def _block(vectorizer: TfidfVectorizer, docs: Sequence[object]) -> np.ndarray:
    if not any(docs):
        return np.zeros((len(docs), 0))
    try:
        return vectorizer.fit_transform(docs).toarray()
    except ValueError:  # empty vocabulary, e.g. only digits and stop words
        return np.zeros((len(docs), 0))


def vectorize(texts: Sequence[str], weights: Weights = Weights()) -> tuple[np.ndarray, list[Analysed]]:
    """Unit row vectors (one per text; all-zero for a text with no content) and the analysis of each text."""
    known = known_stems(texts)
    analysed = [analyse(t, known, weights.decompound) for t in texts]
    blocks = []
    if weights.words:
        vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
        blocks.append(weights.words * _block(vec, [list(a.stems) for a in analysed]))
    if weights.chars:
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        blocks.append(weights.chars * _block(vec, [" ".join(a.words) for a in analysed]))
    if weights.concepts:
        vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
        docs = [[CONCEPT_PREFIX + c for c in a.concepts] for a in analysed]
        blocks.append(weights.concepts * _block(vec, docs))
    matrix = np.hstack(blocks) if blocks else np.zeros((len(texts), 0))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0), analysed
