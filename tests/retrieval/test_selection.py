from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hippograph.core.models import RetrievedPassage
from hippograph.retrieval.selection import GreedySelector, MCTSSelector, SetUtility


def _candidates(tokens: list[int]) -> list[RetrievedPassage]:
    return [
        RetrievedPassage(passage_id=f"p{i}", doc_id="d", title=f"t{i}", text="x", rank=i + 1, score=1.0 / (i + 1),
                         ppr_score=1.0 / (i + 1), n_tokens=t)
        for i, t in enumerate(tokens)
    ]


def _utility(n: int, seed: int) -> SetUtility:
    rng = np.random.default_rng(seed)
    vecs = rng.normal(size=(n, 8))
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    covers = [set(rng.choice(4, size=rng.integers(0, 3), replace=False).tolist()) for _ in range(n)]
    ppr = rng.random(n)
    return SetUtility(relevance=rng.random(n), similarity=vecs @ vecs.T, ppr=ppr / ppr.sum(), covers=covers,
                      target_weights=np.ones(4))


@settings(max_examples=60, deadline=None)
@given(
    tokens=st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=25),
    budget=st.integers(min_value=1, max_value=1500),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_mcts_never_exceeds_budget_and_never_loses_to_greedy(tokens: list[int], budget: int, seed: int) -> None:
    cands = _candidates(tokens)
    util = _utility(len(cands), seed)
    mcts = MCTSSelector(iterations=60, seed=seed).select(cands, budget, util)
    greedy = GreedySelector().select(cands, budget, util)
    assert mcts.tokens <= budget and greedy.tokens <= budget
    assert sum(p.n_tokens for p in mcts.passages) == mcts.tokens
    assert len({p.passage_id for p in mcts.passages}) == len(mcts.passages)
    assert mcts.utility >= greedy.utility - 1e-9


def test_mcts_is_deterministic_for_a_seed() -> None:
    cands = _candidates([120, 80, 200, 50, 90, 300, 40, 60])
    a = MCTSSelector(iterations=100, seed=7).select(cands, 400, _utility(8, 1))
    b = MCTSSelector(iterations=100, seed=7).select(cands, 400, _utility(8, 1))
    assert [p.passage_id for p in a.passages] == [p.passage_id for p in b.passages] and a.utility == b.utility


def test_utility_is_not_monotone_and_mcts_stops_early() -> None:
    # p0 covers both targets and is relevant; p1..p4 are near-copies of p0 with low relevance
    n = 5
    vecs = np.ones((n, 4)) / 2.0
    util = SetUtility(relevance=np.array([0.9, 0.2, 0.2, 0.2, 0.2]), similarity=vecs @ vecs.T,
                      ppr=np.array([0.6, 0.1, 0.1, 0.1, 0.1]), covers=[{0, 1}, {0}, {1}, set(), set()],
                      target_weights=np.ones(2))
    assert util((0, 1)) < util((0,))  # adding a redundant, weaker passage lowers utility
    cands = _candidates([50] * n)
    result = MCTSSelector(iterations=200, seed=0).select(cands, 10_000, util)
    assert [p.passage_id for p in result.passages] == ["p0"]
    greedy = GreedySelector().select(cands, 10_000, util)
    assert len(greedy.passages) == 5 and greedy.utility < result.utility


def test_surrogate_question_replaces_whole_names_only() -> None:
    from hippograph.retrieval.clues import _replace

    q = "Who was the first president of the association which published Journal of Psychotherapy Integration?"
    assert _replace(q, "Journal of Psychotherapy Integration", "American Psychological Association").endswith(
        "published American Psychological Association?")
    assert _replace("Which county is Johnnycake, West Virginia in?", "Virginia", "Washington") == (
        "Which county is Johnnycake, West Virginia in (Washington)?")


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=60), k=st.integers(min_value=1, max_value=70))
def test_top_indices_equals_a_stable_full_sort(values: list[int], k: int) -> None:
    from hippograph.retrieval.linking import top_indices

    x = np.array(values, dtype=float)
    assert top_indices(x, k).tolist() == np.argsort(-x, kind="stable")[:k].tolist()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(20, 300), min_size=2, max_size=14), st.integers(50, 1500), st.integers(0, 50))
def test_mcts_with_patience_stops_early_and_stays_within_budget(tokens: list[int], budget: int, seed: int) -> None:
    cands = _candidates(tokens)
    util = _utility(len(tokens), seed)
    patient = MCTSSelector(iterations=300, seed=seed, patience=40).select(cands, budget, util)
    greedy = GreedySelector().select(cands, budget, util)
    assert patient.tokens <= budget and patient.utility >= greedy.utility - 1e-12
    # it stops 40 iterations after its last improvement, and no later
    assert patient.stats["iterations"] <= min(300, patient.stats["best_found_at"] + 40)


def test_mcts_without_patience_runs_every_iteration() -> None:
    cands = _candidates([50] * 6)
    result = MCTSSelector(iterations=120, seed=0, patience=0).select(cands, 10_000, _utility(6, 3))
    assert result.stats["iterations"] == 120
