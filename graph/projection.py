"""An igraph projection of the store for Personalized PageRank (HippoRAG 2 graph).

Nodes: entities and passages. Undirected, weighted edges: entity–entity per triple
(weight = number of triples joining the pair), passage–entity per mention (1.0), and
entity–entity synonym edges (weight = cosine). Rebuilt only when the store version changes.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hippograph.graph.store import GraphStore, ProjectionRows

logger = logging.getLogger(__name__)


@dataclass
class GraphProjection:
    version: str
    graph: Any  # igraph.Graph
    entity_index: dict[str, int]
    passage_index: dict[str, int]
    entity_ids: list[str]
    passage_ids: list[str]
    entity_names: list[str]
    passage_counts: np.ndarray  # per entity: number of passages that mention it
    passage_mentions: dict[str, list[int]] = field(default_factory=dict)  # passage id -> entity vertices
    build_ms: float = 0.0
    stats: dict[str, int] = field(default_factory=dict)
    _transition: Any = field(default=None, repr=False)
    _dangling: Any = field(default=None, repr=False)
    _strength: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _aligned: Any = field(default=None, repr=False)
    _by_column: Any = field(default=None, repr=False)
    _mentioned_in: dict[int, list[str]] | None = field(default=None, repr=False)

    def passages_mentioning(self, entity_id: str) -> list[str]:
        """The passages that mention an entity (the inverse of ``passage_mentions``, built once)."""
        v = self.entity_index.get(entity_id)
        if v is None:
            return []
        with self._lock:
            if self._mentioned_in is None:
                inverse: dict[int, list[str]] = {}
                for pid, vs in self.passage_mentions.items():
                    for u in vs:
                        inverse.setdefault(u, []).append(pid)
                self._mentioned_in = inverse
            return list(self._mentioned_in.get(v, ()))

    @property
    def n_entities(self) -> int:
        return len(self.entity_ids)

    def passage_rows(self, ids: list[str]) -> np.ndarray:
        """Vertex of each passage id in ``ids`` (-1 when absent), cached for the last list seen
        (the store hands out the same list object until the graph changes)."""
        cached = self._aligned
        if cached is None or cached[0] is not ids:
            rows = np.fromiter((self.passage_index.get(p, -1) for p in ids), dtype=np.int64, count=len(ids))
            cached = (ids, rows)
            self._aligned = cached
        return cached[1]

    def transition(self) -> tuple[Any, np.ndarray]:
        """The column-stochastic transition matrix (scipy CSR) of the weighted undirected graph
        and the mask of dangling (edgeless) vertices, built once per projection."""
        with self._lock:
            if self._transition is None:
                from scipy import sparse

                n = self.graph.vcount()
                if self.graph.ecount():
                    ends = np.asarray(self.graph.get_edgelist(), dtype=np.int64)
                    w = np.asarray(self.graph.es["weight"], dtype=np.float64)
                else:
                    ends = np.zeros((0, 2), dtype=np.int64)
                    w = np.zeros(0, dtype=np.float64)
                rows = np.concatenate([ends[:, 0], ends[:, 1]])
                cols = np.concatenate([ends[:, 1], ends[:, 0]])
                vals = np.concatenate([w, w])
                strength = np.bincount(cols, weights=vals, minlength=n)
                dangling = strength <= 0
                vals = vals / np.where(dangling, 1.0, strength)[cols]
                self._transition = sparse.csr_matrix((vals, (rows, cols)), shape=(n, n))
                self._dangling = dangling
                self._strength = strength
            return self._transition, self._dangling

    def personalized_pagerank(self, reset: np.ndarray, damping: float, tol: float = 1e-8, max_iter: int = 200) -> np.ndarray:
        """PPR by power iteration, the same fixed point as igraph's prpack: a walker at a
        vertex without edges teleports by the reset distribution. Scores sum to 1."""
        matrix, dangling = self.transition()
        r = np.asarray(reset, dtype=np.float64)
        r = r / r.sum()
        p = r.copy()
        for _ in range(max_iter):
            nxt = damping * (matrix @ p) + (damping * float(p[dangling].sum()) + 1.0 - damping) * r
            delta = float(np.abs(nxt - p).sum())
            p = nxt
            if delta < tol:
                break
        return p / p.sum()


    def push_ppr(self, reset: np.ndarray, damping: float, tolerance: float = 1e-6) -> np.ndarray:
        """Approximate PPR by forward push (Andersen, Chung & Lang 2006), batched: every vertex
        whose residual exceeds ``tolerance`` × its weighted degree gives ``1 - damping`` of it to
        its score and spreads the rest over its edges. The work follows the reset's
        neighbourhood (only touched vertices are examined), not the graph's size. The L1 error
        is at most ``tolerance`` × (total weighted degree of the touched vertices); a walker at
        an edgeless vertex teleports by the reset, as in :meth:`personalized_pagerank`."""
        matrix, dangling = self.transition()
        with self._lock:
            if self._by_column is None:
                csc = matrix.tocsc()  # the weighted degree comes with the transition matrix
                self._by_column = (csc.indptr, csc.indices, csc.data, np.maximum(self._strength, 1.0))
            indptr, indices, data, degree = self._by_column
        n = len(degree)
        teleport = 1.0 - damping
        start = np.flatnonzero(reset > 0)
        reset_mass = np.asarray(reset, dtype=np.float64)[start]
        reset_mass = reset_mass / reset_mass.sum()
        r = np.zeros(n, dtype=np.float64)
        p = np.zeros(n, dtype=np.float64)
        r[start] = reset_mass
        candidates = start
        while candidates.size:
            frontier = candidates[r[candidates] > tolerance * degree[candidates]]
            if not frontier.size:
                break
            mass = r[frontier].copy()
            r[frontier] = 0.0
            p[frontier] += teleport * mass
            spread = damping * mass
            gone = dangling[frontier]
            if gone.any():  # edgeless: the walker restarts from the reset
                r[start] += float(spread[gone].sum()) * reset_mass
                spread = spread[~gone]
                frontier = frontier[~gone]
            begin, end = indptr[frontier], indptr[frontier + 1]
            lengths = end - begin
            total = int(lengths.sum())
            if total:
                offsets = np.repeat(begin - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
                targets = indices[offsets]
                touched, where = np.unique(targets, return_inverse=True)
                r[touched] += np.bincount(where, weights=data[offsets] * np.repeat(spread, lengths))
            else:
                touched = np.zeros(0, dtype=np.int64)
            candidates = np.union1d(touched, start) if gone.any() else touched
        total_mass = p.sum()
        return p / total_mass if total_mass > 0 else p


def build_projection(rows: ProjectionRows, version: str, use_synonyms: bool = True, use_passages: bool = True) -> GraphProjection:
    import igraph as ig

    t0 = time.perf_counter()
    n_ent = len(rows.entity_ids)
    entity_index = {e: i for i, e in enumerate(rows.entity_ids)}
    passage_index = {p: n_ent + i for i, p in enumerate(rows.passage_ids)}
    weights: dict[tuple[int, int], float] = {}

    def add(a: int, b: int, w: float) -> None:
        if a == b:
            return
        key = (a, b) if a < b else (b, a)
        weights[key] = weights.get(key, 0.0) + w

    for s, o, w in rows.relation_edges:
        if s in entity_index and o in entity_index:
            add(entity_index[s], entity_index[o], w)
    counts = np.zeros(n_ent, dtype=np.float64)
    mentions: dict[str, list[int]] = {}
    for p, e in rows.mention_edges:
        if e in entity_index and p in passage_index:
            counts[entity_index[e]] += 1
            mentions.setdefault(p, []).append(entity_index[e])
            if use_passages:
                add(passage_index[p], entity_index[e], 1.0)
    n_syn = 0
    if use_synonyms:
        for a, b, w in rows.synonym_edges:
            if a in entity_index and b in entity_index:
                add(entity_index[a], entity_index[b], w)
                n_syn += 1
    edges = list(weights.keys())
    g = ig.Graph(n=n_ent + len(rows.passage_ids), edges=edges, directed=False)
    g.es["weight"] = [weights[e] for e in edges]
    ms = (time.perf_counter() - t0) * 1000
    logger.info("projection built: %d nodes, %d edges in %.0f ms", g.vcount(), g.ecount(), ms)
    return GraphProjection(
        version=version,
        graph=g,
        entity_index=entity_index,
        passage_index=passage_index,
        entity_ids=list(rows.entity_ids),
        passage_ids=list(rows.passage_ids),
        entity_names=list(rows.entity_names),
        passage_counts=counts,
        passage_mentions=mentions,
        build_ms=ms,
        stats={"nodes": g.vcount(), "edges": g.ecount(), "synonym_edges": n_syn},
    )


class ProjectionCache:
    """Keeps one projection per (store version, options); rebuilds only when the graph changed."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._cached: dict[tuple[bool, bool], GraphProjection] = {}

    def get(self, use_synonyms: bool = True, use_passages: bool = True) -> GraphProjection:
        version = self._store.version()
        key = (use_synonyms, use_passages)
        with self._lock:
            cached = self._cached.get(key)
            if cached is not None and cached.version == version:
                return cached
            proj = build_projection(self._store.projection_rows(), version, use_synonyms, use_passages)
            self._cached = {k: v for k, v in self._cached.items() if v.version == version}
            self._cached[key] = proj
            return proj
