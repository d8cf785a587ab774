"""Local PPR (forward push) against the exact power iteration it approximates."""

from __future__ import annotations

import numpy as np

from hippograph.graph.projection import GraphProjection, build_projection
from hippograph.graph.store import ProjectionRows


def random_projection(seed: int, n_ent: int = 3000, n_pass: int = 1000, prefix: str = "") -> ProjectionRows:
    rng = np.random.default_rng(seed)
    ents = [f"{prefix}e{i}" for i in range(n_ent)]
    ps = [f"{prefix}p{i}" for i in range(n_pass)]
    rel = [(ents[a], ents[b], 1.0) for a, b in rng.integers(0, n_ent, (2 * n_ent, 2))]
    men = [(ps[p], ents[e]) for p in range(n_pass) for e in rng.integers(0, n_ent, 4)]
    return ProjectionRows(entity_ids=ents, entity_names=ents, passage_ids=ps, relation_edges=rel, mention_edges=men,
                          synonym_edges=[])


def reset_of(proj: GraphProjection, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    reset = np.zeros(proj.graph.vcount())
    reset[rng.integers(0, proj.n_entities, 5)] = rng.random(5)
    reset[proj.n_entities:] = rng.random(len(proj.passage_ids)) * 0.05
    return reset


def test_push_converges_to_the_exact_scores_as_the_tolerance_shrinks() -> None:
    proj = build_projection(random_projection(0), "v")
    reset = reset_of(proj, 1)
    exact = proj.personalized_pagerank(reset, 0.5, 1e-12)
    errors = [float(np.abs(exact - proj.push_ppr(reset, 0.5, tol)).sum()) for tol in (1e-5, 1e-6, 1e-7)]
    assert errors[0] > errors[1] > errors[2] and errors[2] < 2e-3
    approx = proj.push_ppr(reset, 0.5, 1e-7)
    top = proj.n_entities + np.argsort(-exact[proj.n_entities:])[:10]
    assert list(top) == list(proj.n_entities + np.argsort(-approx[proj.n_entities:])[:10])
    assert abs(approx.sum() - 1.0) < 1e-9


def test_push_touches_only_the_seeds_component() -> None:
    a, b = random_projection(2, 500, 200, "a"), random_projection(3, 500, 200, "b")
    both = ProjectionRows(entity_ids=a.entity_ids + b.entity_ids, entity_names=a.entity_names + b.entity_names,
                          passage_ids=a.passage_ids + b.passage_ids, relation_edges=a.relation_edges + b.relation_edges,
                          mention_edges=a.mention_edges + b.mention_edges, synonym_edges=[])
    proj = build_projection(both, "v")
    reset = np.zeros(proj.graph.vcount())
    reset[[proj.entity_index["ae1"], proj.entity_index["ae7"]]] = 1.0
    scores = proj.push_ppr(reset, 0.5, 1e-8)
    in_b = [proj.entity_index[e] for e in b.entity_ids] + [proj.passage_index[p] for p in b.passage_ids]
    assert scores[in_b].sum() == 0.0
    exact = proj.personalized_pagerank(reset, 0.5, 1e-12)
    assert float(np.abs(exact - scores).sum()) < 1e-3


def test_a_seed_without_edges_keeps_its_mass() -> None:
    rows = random_projection(4, 200, 50)
    rows.entity_ids.append("lonely")
    rows.entity_names.append("lonely")
    proj = build_projection(rows, "v")
    reset = np.zeros(proj.graph.vcount())
    reset[[proj.entity_index["lonely"], proj.entity_index["e3"]]] = 1.0
    exact = proj.personalized_pagerank(reset, 0.5, 1e-12)
    approx = proj.push_ppr(reset, 0.5, 1e-9)
    assert float(np.abs(exact - approx).sum()) < 1e-4
