from __future__ import annotations

import pytest

from hippograph.evaluation.metrics import exact_match, normalize_answer, recall_at_k, token_f1


def test_recall_at_k() -> None:
    assert recall_at_k(["a", "b", "c"], ["b", "z"], 2) == 0.5
    assert recall_at_k(["a", "b", "c"], ["b", "c"], 1) == 0.0
    assert recall_at_k(["a"], [], 5) == 1.0


def test_squad_normalisation_em_and_f1() -> None:
    assert normalize_answer("The  Beatles!") == "beatles"
    assert exact_match("the Beatles", ["Beatles"]) == 1.0
    assert exact_match("Beatles band", ["Beatles"]) == 0.0
    assert exact_match("USA", ["United States", "USA"]) == 1.0
    assert token_f1("New York City", ["New York"]) == pytest.approx(0.8)
    assert token_f1("Paris", ["London"]) == 0.0
