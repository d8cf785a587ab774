"""Personalized PageRank retrieval (HippoRAG 2) over the entity + passage graph.

Seeds: entities of the best-linked triples, weighted by triple score × node specificity
(1 / number of passages mentioning the entity), averaged over their triples, top
``seed_top_k`` kept; plus NER-linked entities; plus every passage node with its min-max
normalised dense score × ``passage_node_weight``. PPR (damping 0.5; power iteration on the
projection's cached sparse matrix, igraph's prpack, or local forward push over the seeds'
neighbourhood) then ranks passage nodes. No linked
node → dense ranking, and the result says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from hippograph.core.errors import RetrievalError
from hippograph.core.models import LinkedNode
from hippograph.core.settings import RetrievalSettings
from hippograph.graph.projection import GraphProjection
from hippograph.retrieval.linking import LinkedTriple, minmax

logger = logging.getLogger(__name__)


@dataclass
class Seeds:
    entity_weights: dict[int, float] = field(default_factory=dict)  # projection vertex -> weight
    linked: list[LinkedNode] = field(default_factory=list)


def entity_seeds(
    proj: GraphProjection,
    triples: Sequence[LinkedTriple],
    ner_links: Sequence[tuple[str, str, float]],
    settings: RetrievalSettings,
    via_triple: str = "triple",
) -> Seeds:
    sums: dict[int, float] = {}
    counts: dict[int, int] = {}
    evidence: dict[int, tuple[str, str]] = {}

    def specificity(v: int) -> float:
        if not settings.use_specificity:
            return 1.0
        return 1.0 / max(1.0, float(proj.passage_counts[v]))

    for lt in triples:
        for eid in (lt.triple.subject_id, lt.triple.object_id):
            v = proj.entity_index.get(eid)
            if v is None:
                continue
            sums[v] = sums.get(v, 0.0) + lt.score * specificity(v)
            counts[v] = counts.get(v, 0) + 1
            evidence.setdefault(v, (via_triple, lt.triple.text))
    weights = {v: sums[v] / counts[v] for v in sums}
    for mention, eid, cos in ner_links:
        v = proj.entity_index.get(eid)
        if v is None:
            continue
        w = cos * specificity(v)
        if w > weights.get(v, 0.0):
            weights[v] = w
            evidence[v] = ("ner", mention)
    top = sorted(weights.items(), key=lambda kv: -kv[1])[: settings.seed_top_k + len(ner_links)]
    seeds = Seeds(entity_weights=dict(top))
    for v, w in top:
        via, ev = evidence[v]
        seeds.linked.append(
            LinkedNode(entity_id=proj.entity_ids[v], name=proj.entity_names[v], score=round(w, 6), via=via, evidence=ev)  # type: ignore[arg-type]
        )
    return seeds


def run_ppr(
    proj: GraphProjection,
    entity_weights: dict[int, float],
    passage_dense: Mapping[str, float] | tuple[list[str], np.ndarray],
    settings: RetrievalSettings,
) -> np.ndarray:
    """PPR scores of the passage nodes (aligned with ``proj.passage_ids``).

    ``passage_dense``: passage id → dense score, or (ids, scores) aligned arrays (faster).
    """
    n = proj.graph.vcount()
    reset = np.zeros(n, dtype=np.float64)
    for v, w in entity_weights.items():
        reset[v] += w
    if isinstance(passage_dense, tuple):
        rows = proj.passage_rows(passage_dense[0])
        values = np.asarray(passage_dense[1], dtype=np.float64)
    else:
        rows = np.array([proj.passage_index.get(p, -1) for p in passage_dense], dtype=np.int64)
        values = np.array(list(passage_dense.values()), dtype=np.float64)
    if settings.passage_node_weight > 0 and rows.size:
        present = rows >= 0
        np.add.at(reset, rows[present], minmax(values[present]) * settings.passage_node_weight)
    if reset.sum() <= 0:
        raise RetrievalError("PPR has no seed with positive weight")
    if settings.ppr_solver == "power":
        return proj.personalized_pagerank(reset, settings.damping, settings.ppr_tolerance)[proj.n_entities :]
    if settings.ppr_solver == "push":
        if settings.ppr_passage_seeds and rows.size > settings.ppr_passage_seeds:
            # only the best dense passages seed: the reset stays local (the rest add near-uniform mass)
            passage_part = reset[proj.n_entities :]
            keep = np.argpartition(-passage_part, settings.ppr_passage_seeds - 1)[: settings.ppr_passage_seeds]
            trimmed = np.zeros_like(passage_part)
            trimmed[keep] = passage_part[keep]
            reset = np.concatenate([reset[: proj.n_entities], trimmed])
        return proj.push_ppr(reset, settings.damping, settings.ppr_push_tolerance)[proj.n_entities :]
    try:
        scores = proj.graph.personalized_pagerank(
            vertices=None,
            directed=False,
            damping=settings.damping,
            weights="weight" if proj.graph.ecount() else None,
            reset=reset.tolist(),
            implementation="prpack",
        )
    except Exception as exc:  # igraph raises its own InternalError types
        raise RetrievalError(f"personalized PageRank failed: {exc}") from exc
    return np.asarray(scores[proj.n_entities :], dtype=np.float64)
