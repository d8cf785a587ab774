"""Calibration maths and cross-fitting: held-out questions are never fitted on."""

from __future__ import annotations

from pathlib import Path

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


def test_the_eval_knows_which_question_files_the_shipped_reader_was_fitted_on(tmp_path: Path) -> None:
    """musique-100's questions are in the shipped model's note (its figures there are cross-fitted);
    another set's are not (the shipped model is held out on it)."""
    from hippograph.retrieval.reader import ReaderModel, reader_fitted_on

    shipped = ReaderModel.load()
    assert reader_fitted_on(tmp_path / "musique-100" / "questions.json", shipped)
    assert not reader_fitted_on(tmp_path / "2wiki-style" / "questions.json", shipped)
    assert not reader_fitted_on(tmp_path / "musique-100" / "questions.json", shipped.model_copy(update={"note": "fitted on x"}))


def test_cross_fitted_figures_keep_the_answers_a_question_form_gave() -> None:
    """A comparison answered by ``forms.py`` is read by no fitted model: its own answer counts."""
    from hippograph.evaluation.answers_eval import _held_out
    from hippograph.evaluation.dataset import QAItem

    rng = np.random.default_rng(0)
    rows = []
    for _ in range(10):
        x = rng.normal(size=(4, len(FEATURES)))
        rows.append(cal.QuestionRows(x, np.array([1.0, 0, 0, 0]), np.array([1.0, 0, 0, 0]), np.array([1.0, 0, 0, 0])))
    rows[0] = cal.QuestionRows(rows[0].x, np.zeros(4), np.zeros(4), np.zeros(4))  # no candidate right
    items = [QAItem(str(i), "q", ("a",), (), 2) for i in range(10)]
    plain = _held_out(rows, items, 0.0, 5)
    formed = _held_out(rows, items, 0.0, 5, {0: (1.0, 1.0, 0.6)})
    assert formed.em == pytest.approx(plain.em + 10.0) and formed.f1 == pytest.approx(plain.f1 + 10.0)
