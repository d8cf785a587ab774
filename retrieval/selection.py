"""Choosing the passages for the answer prompt under a token budget (CORAG).

The ``Selector`` port takes the retrieved candidates and returns a *set* of passages whose
tokens never exceed the budget. :class:`GreedySelector` takes candidates in rank order while
they fit. :class:`MCTSSelector` searches over ordered sets with Monte-Carlo Tree Search:

- state = ordered tuple of chosen candidates; action = append one unused candidate that
  still fits the budget (the budget is a hard limit: an over-budget set is never built);
- selection by UCB = mean reward + C·sqrt(ln N_parent / n) − λ·cost/budget;
- expansion of one untried child, evaluated by the set utility, plus a short random
  rollout; rewards are backed up along the path;
- the answer is the best-utility set seen at any depth (utility is not monotone in the
  number of passages), seeded with the greedy prefix chain so it is never worse than greedy.
Deterministic for a given seed.

Offline utility (:class:`SetUtility`) of a set S: coverage of the question's linked
entities and clue bridge entities (weighted), mean relevance of S's passages to the
question and clues, share of the candidates' PPR mass in S, minus redundancy (mean
pairwise similarity above 0.5): adding a passage can lower it. With an LLM,
:class:`LLMUtility` asks the model to rate the set (0–10).
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from typing import Protocol, Sequence

import numpy as np

from hippograph.core.errors import SelectionError
from hippograph.core.ids import normalize_entity
from hippograph.core.settings import SelectionSettings
from hippograph.core.models import Clue, LinkedNode, RetrievedPassage, SelectionResult


class Utility(Protocol):
    def __call__(self, state: tuple[int, ...]) -> float: ...


class Selector(Protocol):
    @property
    def name(self) -> str: ...

    def select(self, candidates: Sequence[RetrievedPassage], budget: int, utility: Utility) -> SelectionResult: ...


@dataclass
class SetUtility:
    """Set-level utility of candidate subsets (indices into ``candidates``)."""

    relevance: np.ndarray  # per candidate, in [0, 1]
    similarity: np.ndarray  # candidate x candidate cosine
    ppr: np.ndarray  # per candidate, share of PPR mass
    covers: list[set[int]]  # per candidate: target indices it mentions
    target_weights: np.ndarray
    w_cover: float = 0.45
    w_rel: float = 0.35
    w_ppr: float = 0.2
    w_red: float = 0.5
    _cache: dict[tuple[int, ...], float] = field(default_factory=dict)

    def __call__(self, state: tuple[int, ...]) -> float:
        key = tuple(sorted(state))
        if key in self._cache:
            return self._cache[key]
        if not key:
            return 0.0
        idx = list(key)
        covered: set[int] = set().union(*(self.covers[i] for i in idx))
        total = float(self.target_weights.sum())
        cover = float(self.target_weights[list(covered)].sum()) / total if covered and total > 0 else 0.0
        rel = float(self.relevance[idx].mean())
        ppr = float(self.ppr[idx].sum())
        red = 0.0
        if len(idx) > 1:
            sims = self.similarity[np.ix_(idx, idx)]
            pairs = sims[np.triu_indices(len(idx), k=1)]
            red = float(np.clip(pairs - 0.5, 0.0, None).mean())
        value = self.w_cover * cover + self.w_rel * rel + self.w_ppr * ppr - self.w_red * red
        self._cache[key] = value
        return value


def build_set_utility(
    candidates: Sequence[RetrievedPassage],
    passage_vectors: np.ndarray,
    query_vectors: np.ndarray,
    seeds: Sequence[LinkedNode],
    clues: Sequence[Clue],
) -> SetUtility:
    """Utility inputs from the retrieval result: vectors of candidates, question (+clues) vectors, seeds."""
    sims = query_vectors @ passage_vectors.T  # (queries, candidates)
    q_rel = sims[0]
    c_rel = sims[1:].max(axis=0) if sims.shape[0] > 1 else np.zeros_like(q_rel)
    rel = np.clip(np.maximum(q_rel, 0.8 * c_rel), 0.0, 1.0)
    ppr_raw = np.array([p.ppr_score or 0.0 for p in candidates], dtype=np.float64)
    ppr = ppr_raw / ppr_raw.sum() if ppr_raw.sum() > 0 else np.zeros(len(candidates))
    targets: dict[str, float] = {}
    for s in seeds:
        targets[s.name] = max(targets.get(s.name, 0.0), 1.0)
    for c in clues:
        if c.bridge_entity and c.kind == "span":
            name = normalize_entity(c.bridge_entity)
            targets[name] = max(targets.get(name, 0.0), 0.8)
    names = list(targets)
    texts = [normalize_entity(f"{p.title} {p.text}") for p in candidates]
    covers = [{j for j, n in enumerate(names) if n and f" {n} " in f" {t} "} for t in texts]
    return SetUtility(
        relevance=rel.astype(np.float64),
        similarity=(passage_vectors @ passage_vectors.T).astype(np.float64),
        ppr=ppr,
        covers=covers,
        target_weights=np.array([targets[n] for n in names], dtype=np.float64),
    )


def _result(method: str, candidates: Sequence[RetrievedPassage], state: Sequence[int], budget: int,
            utility: float, stats: dict[str, float]) -> SelectionResult:
    chosen = [candidates[i] for i in state]
    tokens = sum(p.n_tokens for p in chosen)
    if tokens > budget:
        raise SelectionError(f"{method} built a set of {tokens} tokens over the {budget} budget")
    ranked = tuple(p.model_copy(update={"rank": n}) for n, p in enumerate(chosen, start=1))
    return SelectionResult(method=method, passages=ranked, tokens=tokens, budget=budget, utility=round(utility, 6), stats=stats)


class GreedySelector:
    """Top candidates in rank order while they fit the budget."""

    name = "greedy"

    def __init__(self, max_passages: int | None = None) -> None:
        self._max = max_passages

    def select(self, candidates: Sequence[RetrievedPassage], budget: int, utility: Utility) -> SelectionResult:
        state: list[int] = []
        used = 0
        for i, p in enumerate(candidates):
            if self._max is not None and len(state) >= self._max:
                break
            if used + p.n_tokens <= budget:
                state.append(i)
                used += p.n_tokens
        return _result("greedy", candidates, state, budget, utility(tuple(state)), {"passages": len(state)})


@dataclass
class _Node:
    state: tuple[int, ...]
    cost: int
    parent: "_Node | None"
    untried: list[int]
    children: list["_Node"] = field(default_factory=list)
    visits: int = 0
    total: float = 0.0


class MCTSSelector:
    name = "mcts"

    def __init__(self, iterations: int = 300, exploration: float = 1.4, cost_penalty: float = 0.3,
                 rollout_depth: int = 2, seed: int = 0, patience: int = 0) -> None:
        self._iterations = iterations
        self._patience = patience  # stop after this many iterations without a better set (0: never)
        self._c = exploration
        self._lam = cost_penalty
        self._rollout = rollout_depth
        self._seed = seed

    def select(self, candidates: Sequence[RetrievedPassage], budget: int, utility: Utility) -> SelectionResult:
        t0 = time.perf_counter()
        rng = random.Random(self._seed)
        costs = [p.n_tokens for p in candidates]

        def actions(state: tuple[int, ...], cost: int) -> list[int]:
            return [i for i in range(len(candidates)) if i not in state and cost + costs[i] <= budget]

        root = _Node(state=(), cost=0, parent=None, untried=actions((), 0))
        best_state: tuple[int, ...] = ()
        best_value = utility(())
        evaluated = 0
        improved_at = 0  # the iteration that last found a better set

        def consider(state: tuple[int, ...]) -> float:
            nonlocal best_state, best_value, evaluated
            value = utility(state)
            evaluated += 1
            if value > best_value + 1e-12 or (abs(value - best_value) <= 1e-12 and len(state) < len(best_state)):
                best_state, best_value = state, value
            return value

        # the greedy prefix chain: MCTS never returns a worse set than greedy
        greedy: list[int] = []
        used = 0
        for i, c in enumerate(costs):
            if used + c <= budget:
                greedy.append(i)
                used += c
                consider(tuple(greedy))

        done = 0  # iterations run
        while done < self._iterations and not (self._patience and done - improved_at >= self._patience):
            done += 1
            before = best_state
            node = root
            while not node.untried and node.children:
                log_n = math.log(max(1, node.visits))
                node = max(
                    node.children,
                    key=lambda ch: (ch.total / ch.visits if ch.visits else 0.0)
                    + self._c * math.sqrt(log_n / max(1, ch.visits))
                    - self._lam * ch.cost / budget,
                )
            if node.untried:
                # expand in rank order first (better candidates first), ties broken by the seeded RNG
                k = min(len(node.untried), 3)
                action = node.untried.pop(rng.randrange(k))
                state = node.state + (action,)
                cost = node.cost + costs[action]
                child = _Node(state=state, cost=cost, parent=node, untried=actions(state, cost))
                node.children.append(child)
                node = child
            reward = consider(node.state)
            state, cost = node.state, node.cost
            for _ in range(self._rollout):
                options = actions(state, cost)
                if not options:
                    break
                a = options[min(len(options) - 1, int(rng.expovariate(0.5)))]
                state, cost = state + (a,), cost + costs[a]
                reward = max(reward, consider(state))
            while node is not None:
                node.visits += 1
                node.total += reward
                node = node.parent  # type: ignore[assignment]
            if best_state != before:
                improved_at = done
        stats = {
            "iterations": float(done),
            "best_found_at": float(improved_at),
            "states_evaluated": float(evaluated),
            "tree_children": float(len(root.children)),
            "best_depth": float(len(best_state)),
            "ms": round((time.perf_counter() - t0) * 1000, 2),
        }
        return _result("mcts", candidates, best_state, budget, best_value, stats)


def mcts_from_settings(settings: SelectionSettings) -> MCTSSelector:
    """Registry factory (``selection.method = mcts``)."""
    return MCTSSelector(settings.iterations, settings.exploration, settings.cost_penalty, seed=settings.seed,
                        patience=settings.patience)


def greedy_from_settings(settings: SelectionSettings) -> GreedySelector:
    """Registry factory (``selection.method = greedy``)."""
    return GreedySelector()
