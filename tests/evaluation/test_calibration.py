"""Calibration maths and cross-fitting: held-out questions are never fitted on."""

from __future__ import annotations

import numpy as np
import pytest

import hippograph.evaluation.calibration as cal
from hippograph.retrieval.reader import FEATURES


def _rows(n: int, seed: int = 0) -> list[cal.QuestionRows]:
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(n):
        x = rng.normal(size=(6, len(FEATURES)))
        right = int(np.argmax(x[:, 0] + 0.3 * rng.normal(size=6)))  # feature 0 predicts the right one
        y = np.zeros(6)
        y[right] = 1.0
        rows.append(cal.QuestionRows(x, y, y.copy(), y.copy()))
    return rows


def test_ece_and_risk_coverage_on_known_values() -> None:
    assert cal.ece([0.9, 0.9, 0.1, 0.1], [1, 1, 0, 0]) == pytest.approx(0.1)
    assert cal.ece([0.8] * 10, [1] * 8 + [0] * 2) == pytest.approx(0.0)
    assert cal.risk_coverage([0.9, 0.5, 0.1], [1, 0, 1]) == [(1 / 3, 1.0), (2 / 3, 0.5), (1.0, 2 / 3)]
    assert cal.precision_at_coverage([0.9, 0.5, 0.1], [1, 0, 1], 0.4) == 1.0


def test_the_ranker_learns_the_predictive_feature_and_confidence_is_calibrated() -> None:
    model = cal.fit_reader_model(_rows(200))
    w = np.abs(model.weights)
    assert int(np.argmax(w)) == 0
    held = cal.cross_fit(_rows(200, seed=1), k=5)
    rows = _rows(200, seed=1)
    right = [rows[i].y[h.choice] for i, h in enumerate(held)]
    assert np.mean(right) > 0.6
    assert cal.ece([h.confidence for h in held], right) < 0.1


def test_cross_fit_never_fits_on_the_question_it_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows(50)
    fitted_on: list[set[int]] = []
    real = cal.fit_reader_model

    def spy(train, **kw):  # type: ignore[no-untyped-def]
        fitted_on.append({next(i for i, r in enumerate(rows) if r is t) for t in train})
        return real(train, **kw)

    monkeypatch.setattr(cal, "fit_reader_model", spy)
    held = cal.cross_fit(rows, k=5)
    assert len(fitted_on) == 5
    for i, h in enumerate(held):
        assert i not in fitted_on[h.fold]
        assert len(fitted_on[h.fold]) == 40
