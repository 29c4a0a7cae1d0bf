"""Suggested theme groups for short Danish board posts ("Er der noget I kan gøre på klyngeniveau?").

The facilitator sorts posts into themes; these functions only suggest. Posts are turned into vectors by
`textsim_features` (stems, decompounding, character n-grams and a GP vocabulary) and grouped by
agglomerative clustering (cosine distance, average linkage, a distance threshold). Everything is
deterministic: the same posts give the same suggestions in the same order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from app.domain.gp_vocabulary import CONCEPT_LABELS
from app.domain.textsim_features import Analysed, Weights, vectorize

DEFAULT_WEIGHTS = Weights()
# A new post joins a theme when its cosine similarity to the theme's centre reaches this.
ASSIGN_MIN_SIMILARITY = 0.25


@dataclass(frozen=True)
class Suggestion:
    """A suggested group of posts.

    `post_ids` are the posts to put together (in input order). `label` is a Danish label: the name of the
    concept most posts share, else their most telling words. `score` (0..1) is the mean cosine similarity
    between the group's posts: higher means a tighter group. When the group extends an existing theme,
    `theme` names it, `label` is the theme's name and `post_ids` holds only the posts not yet in it.
    """

    post_ids: tuple[str, ...]
    label: str
    score: float
    theme: str | None = None


def cluster_labels(texts: Sequence[str], weights: Weights = DEFAULT_WEIGHTS) -> list[int]:
    """A cluster number per text (clusters numbered by first appearance; a singleton has its own number)."""
    if not texts:
        return []
    vectors, _ = vectorize(texts, weights)
    return cluster_vectors(vectors, weights.threshold)


def suggest_themes(
    posts: list[tuple[str, str]],
    existing_themes: dict[str, list[str]] | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Suggestion]:
    """Suggest groups of similar posts; best (tightest, then largest) first. Singletons are not suggested.

    `posts` are (post_id, text). `existing_themes` maps a theme name to the ids of posts already in it: a
    group made only of such posts is not suggested again; a group mixing unsorted posts with posts of one
    theme is suggested as "add these posts to that theme" (`Suggestion.theme`).
    """
    if len(posts) < 2:
        return []
    ids = [pid for pid, _ in posts]
    vectors, analysed = vectorize([text for _, text in posts], weights)
    labels = cluster_vectors(vectors, weights.threshold)
    theme_of = {pid: name for name, members in (existing_themes or {}).items() for pid in members}
    suggestions = []
    for cluster in sorted(set(labels)):
        members = [i for i, lab in enumerate(labels) if lab == cluster]
        if len(members) < 2:
            continue
        suggestion = _suggest(members, ids, vectors, analysed, theme_of)
        if suggestion is not None:
            suggestions.append(suggestion)
    return sorted(suggestions, key=lambda s: (-s.score, -len(s.post_ids), ids.index(s.post_ids[0])))


def suggest_theme_for(post_text: str, themes: dict[str, list[str]], weights: Weights = DEFAULT_WEIGHTS) -> str | None:
    """The theme (name) a new post most likely belongs to, given each theme's post texts; None if none fits.

    The post is compared with the centre of each theme's posts; the closest theme wins when its cosine
    similarity reaches `ASSIGN_MIN_SIMILARITY`. Ties go to the theme listed first.
    """
    names = [name for name, texts in themes.items() if texts]
    if not names:
        return None
    texts = [post_text] + [t for name in names for t in themes[name]]
    vectors, _ = vectorize(texts, weights)
    post, rest = vectors[0], vectors[1:]
    best_name, best_sim, start = None, ASSIGN_MIN_SIMILARITY, 0
    for name in names:
        block = rest[start : start + len(themes[name])]
        start += len(themes[name])
        centre = block.mean(axis=0)
        norm = float(np.linalg.norm(centre))
        sim = float(post @ centre) / norm if norm > 0 else 0.0
        if sim > best_sim + 1e-12 or (best_name is None and sim >= best_sim):
            best_name, best_sim = name, sim
    return best_name


def cluster_vectors(vectors: np.ndarray, threshold: float) -> list[int]:
    """Cluster unit row vectors (all-zero rows stay alone); numbers by first appearance."""
    n = len(vectors)
    if n < 2:
        return list(range(n))
    distances = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
    empty = ~vectors.any(axis=1)
    distances[empty, :] = 2.0
    distances[:, empty] = 2.0
    np.fill_diagonal(distances, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    )
    raw = model.fit_predict(distances)
    order: dict[int, int] = {}
    return [order.setdefault(int(lab), len(order)) for lab in raw]


def _suggest(
    members: list[int],
    ids: list[str],
    vectors: np.ndarray,
    analysed: list[Analysed],
    theme_of: dict[str, str],
) -> Suggestion | None:
    score = _cohesion(vectors[members])
    themes = Counter(theme_of[ids[i]] for i in members if ids[i] in theme_of)
    new = tuple(ids[i] for i in members if ids[i] not in theme_of)
    if not new:
        return None
    if themes:
        theme, _ = sorted(themes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        return Suggestion(new, theme, score, theme)
    return Suggestion(new, label_for([analysed[i] for i in members]), score)


def _cohesion(block: np.ndarray) -> float:
    sims = block @ block.T
    n = len(block)
    mean = (sims.sum() - np.trace(sims)) / (n * (n - 1))
    return round(float(np.clip(mean, 0.0, 1.0)), 3)


def label_for(group: Sequence[Analysed]) -> str:
    """A Danish label for a group: its shared concept's label, else its two most common words."""
    concepts = Counter(c for a in group for c in dict.fromkeys(a.concepts))
    if concepts:
        concept, count = sorted(concepts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if count * 2 >= len(group):
            return CONCEPT_LABELS.get(concept, concept)
    words = Counter(w for a in group for w in dict.fromkeys(a.words))
    top = [w for w, _ in sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
    return " / ".join(top).capitalize() if top else "Andet"
