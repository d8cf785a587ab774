"""Synonym edges between entities by embedding kNN (HippoRAG 2: cosine ≥ 0.8, top-k bounded)."""

from __future__ import annotations

import logging
import re
from typing import Sequence

import numpy as np

from hippograph.core.models import SynonymEdge
from hippograph.core.threads import bulk_blas

logger = logging.getLogger(__name__)
_ALNUM = re.compile(r"[0-9a-z]")


def synonym_edges(
    ids: Sequence[str],
    names: Sequence[str],
    vectors: np.ndarray,
    threshold: float = 0.8,
    top_k: int = 100,
    block: int = 512,
) -> list[SynonymEdge]:
    """Pairs of entities whose (normalised) embeddings have cosine ≥ threshold, at most top_k per node.

    Entities with ≤ 2 alphanumeric characters are skipped (too ambiguous to merge).
    """
    keep = [i for i, n in enumerate(names) if len(_ALNUM.findall(n)) > 2]
    if len(keep) < 2:
        return []
    mat = np.ascontiguousarray(vectors[keep], dtype=np.float32)
    edges: dict[tuple[str, str], float] = {}
    k = min(top_k, len(keep) - 1)
    with bulk_blas():  # (block × entities) products: every core, whatever the app's cap
        for start in range(0, len(keep), block):
            _block_edges(ids, keep, mat, start, block, threshold, k, edges)
    return [SynonymEdge(source_id=a, target_id=b, score=round(s, 6)) for (a, b), s in sorted(edges.items())]


def _block_edges(
    ids: Sequence[str], keep: list[int], mat: np.ndarray, start: int, block: int, threshold: float, k: int,
    edges: dict[tuple[str, str], float],
) -> None:
    """The edges of rows ``start:start + block`` into ``edges`` (the best score of a pair kept)."""
    sims = mat[start : start + block] @ mat.T
    rows = np.arange(sims.shape[0])
    sims[rows, start + rows] = -1.0
    # only scores above the threshold can become edges: find those first (cheap), and
    # bound a row to its top_k only when it has more hits than that
    hit_rows, hit_cols = np.nonzero(sims >= threshold)
    if hit_rows.size == 0:
        return
    bounds = np.searchsorted(hit_rows, np.arange(sims.shape[0] + 1))
    for r in np.flatnonzero(np.diff(bounds)):
        cols = hit_cols[bounds[r] : bounds[r + 1]]
        scores = sims[r, cols]
        if cols.size > k:
            best = np.argsort(-scores, kind="stable")[:k]
            cols, scores = cols[best], scores[best]
        a = ids[keep[start + int(r)]]
        for c, sc in zip(cols.tolist(), scores.tolist()):
            b = ids[keep[c]]
            key = (a, b) if a < b else (b, a)
            edges[key] = max(edges.get(key, 0.0), float(sc))
