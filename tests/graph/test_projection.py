"""The power-iteration PPR on the projection's sparse matrix against igraph's prpack."""

from __future__ import annotations

import igraph as ig
import numpy as np

from hippograph.graph.projection import GraphProjection


def _projection(n: int, edges: list[tuple[int, int]], weights: list[float]) -> GraphProjection:
    g = ig.Graph(n=n, edges=edges, directed=False)
    g.es["weight"] = weights
    return GraphProjection("v", g, {}, {}, [], [], [], np.zeros(0))


def test_power_iteration_matches_prpack_with_isolated_vertices() -> None:
    rng = np.random.default_rng(7)
    n = 400
    pairs = {tuple(sorted((int(a), int(b)))) for a, b in rng.integers(0, 330, (1200, 2)) if a != b}
    edges = sorted(pairs)  # vertices 330..399 have no edges: the walker teleports from them
    weights = list(rng.random(len(edges)) + 0.1)
    proj = _projection(n, edges, weights)  # type: ignore[arg-type]
    reset = np.zeros(n)
    reset[[3, 50, 350]] = [1.0, 0.4, 0.3]
    reset[330:] += 0.01
    for damping in (0.5, 0.85):
        want = np.asarray(
            proj.graph.personalized_pagerank(
                directed=False, damping=damping, weights="weight", reset=reset.tolist(), implementation="prpack"
            )
        )
        got = proj.personalized_pagerank(reset, damping, tol=1e-12)
        assert np.abs(got - want).max() < 1e-9
        assert list(np.argsort(-got)[:20]) == list(np.argsort(-want)[:20])


def test_power_iteration_on_a_graph_without_edges_returns_the_reset() -> None:
    proj = _projection(4, [], [])
    reset = np.array([0.0, 2.0, 1.0, 1.0])
    assert np.allclose(proj.personalized_pagerank(reset, 0.5), reset / reset.sum())
