"""Synonym edges between entities by embedding kNN (HippoRAG 2: cosine ≥ 0.8, top-k bounded)."""

from __future__ import annotations

import logging
import re
from typing import Sequence

import numpy as np

from core.models import SynonymEdge

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
    for start in range(0, len(keep), block):
        sims = mat[start : start + block] @ mat.T
        for r in range(sims.shape[0]):
            sims[r, start + r] = -1.0
        if k < sims.shape[1]:
            cand = np.argpartition(-sims, k, axis=1)[:, :k]
        else:
            cand = np.tile(np.arange(sims.shape[1]), (sims.shape[0], 1))
        for r in range(sims.shape[0]):
            row = sims[r, cand[r]]
            for c, s in zip(cand[r][row >= threshold], row[row >= threshold]):
                a, b = ids[keep[start + r]], ids[keep[int(c)]]
                key = (a, b) if a < b else (b, a)
                edges[key] = max(edges.get(key, 0.0), float(s))
    return [SynonymEdge(source_id=a, target_id=b, score=round(s, 6)) for (a, b), s in sorted(edges.items())]
