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


def test_a_model_fitted_on_other_features_is_refused_by_name(tmp_path: Path) -> None:
    """A model file from before the router's fourth feature is a clear error, not a matmul's."""
    import json

    import pytest

    from hippograph.core.errors import ConfigError
    from hippograph.retrieval.reader import ReaderModel

    shipped = ReaderModel.load().model_dump()
    assert shipped["router"] is not None
    shipped["router"]["weights"] = shipped["router"]["weights"][:3]
    old = tmp_path / "reader_model.json"
    old.write_text(json.dumps(shipped))
    with pytest.raises(ConfigError, match="reader_model.json was fitted on other features"):
        ReaderModel.load(old)


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


def _routed_rows(n: int, seed: int) -> list[cal.QuestionRows]:
    """n multi-hop questions whose right candidate feature 0 predicts (nested, long questions), each
    with one one-hop sub-question whose right candidate feature 1 predicts (short ones)."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(n):
        for one_hop, col, shape in ((False, 0, [4.0, 7.0, 16.0, 1.0]), (True, 1, [1.0, 3.0, 7.0, 0.0])):
            x = rng.normal(size=(6, len(FEATURES)))
            y = np.zeros(6)
            y[int(np.argmax(x[:, col]))] = 1.0
            rows.append(cal.QuestionRows(x, y, y.copy(), y.copy(), one_hop, g, np.array(shape) + rng.normal(size=4) * 0.5))
    return rows


def test_one_hop_questions_get_a_ranker_of_their_own_and_the_router_picks_it() -> None:
    """Fitted on multi-hop questions alone, the ranker reads one-hop questions with the wrong
    feature; with their sub-questions it fits a one-hop ranker, and the router sends each question
    to the ranker of its kind by its shape alone."""
    from hippograph.retrieval.reader import question_shape

    rows = _routed_rows(60, seed=2)
    model = cal.fit_reader_model(rows)
    assert model.one_hop is not None and model.router is not None
    assert int(np.argmax(np.abs(model.weights))) == 0 and int(np.argmax(np.abs(model.one_hop.weights))) == 1
    assert model.ranker_for("Who directed Brand?") is model.one_hop
    long = "Who was the spouse of the director of the film in which the author of Brand's play was staged?"
    assert question_shape(long)[0] >= 4 and model.ranker_for(long) is model
    held = cal.cross_fit(rows, k=5)
    right = {kind: np.mean([r.y[h.choice] for r, h in zip(rows, held) if r.one_hop == kind]) for kind in (False, True)}
    assert right[False] > 0.6 and right[True] > 0.6, right
    # a question and its sub-questions are always in one fold
    folds = {}
    for r, h in zip(rows, held):
        folds.setdefault(r.group, set()).add(h.fold)
    assert all(len(f) == 1 for f in folds.values())


def test_sub_questions_are_read_off_the_decomposition(tmp_path: Path) -> None:
    import json

    from hippograph.evaluation.dataset import load_questions

    path = tmp_path / "q.json"
    path.write_text(json.dumps([{
        "id": "x", "question": "Who is the spouse of the director of Big Eyes?", "answer": "Helena Bonham Carter",
        "question_decomposition": [
            {"question": "Big Eyes >> director", "answer": "Tim Burton"},
            {"question": "Who is the spouse of #1?", "answer": "Helena Bonham Carter"},
        ],
    }]))
    [item] = load_questions(path)
    assert item.hops == 2 and item.sub_questions == (("Who is the spouse of Tim Burton?", ("Helena Bonham Carter",)),)


def _keyed(rows: list[cal.QuestionRows], prefix: str, weight: float = 1.0) -> list[cal.QuestionRows]:
    """The rows keyed as questions ``prefix0``, ``prefix1``, ... (each its own group)."""
    return [cal.QuestionRows(r.x, r.y, r.f1, r.em, weight=weight, key=cal.question_key(f"{prefix}{i}"),
                             group_key=cal.question_key(f"{prefix}{i}")) for i, r in enumerate(rows)]


def test_cross_fit_fits_each_fold_on_the_reference_rows_of_every_question_but_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reference rows of a held-out question (the same question read from other triples) are
    never fitted on for it; those of every other question, in the set or not, always are."""
    rows = _keyed(_rows(50), "q")
    reference = _keyed(_rows(50, seed=3), "q", weight=0.5) + _keyed(_rows(20, seed=4), "other", weight=0.5)
    fitted_on: list[list[cal.QuestionRows]] = []
    real = cal.fit_reader_model

    def spy(train, **kw):  # type: ignore[no-untyped-def]
        fitted_on.append(list(train))
        return real(train, **kw)

    monkeypatch.setattr(cal, "fit_reader_model", spy)
    held = cal.cross_fit(rows, k=5, reference=reference)
    for f, train in enumerate(fitted_on):
        out = {rows[i].key for i, h in enumerate(held) if h.fold == f}
        keys = [r.key for r in train]
        assert not out & set(keys)
        assert len(keys) == 40 + 40 + 20  # the other folds' rows, their reference rows, the other questions'
    # a sub-question's reference rows go with its multi-hop question
    sub = cal.QuestionRows(rows[0].x, rows[0].y, rows[0].f1, rows[0].em, one_hop=True, weight=0.5,
                           key=cal.question_key("sub of q0"), group_key=rows[0].key)
    fitted_on.clear()
    held = cal.cross_fit(rows, k=5, reference=[sub])
    assert [any(t is sub for t in train) for train in fitted_on] == [f != held[0].fold for f in range(5)]


def test_a_questions_weight_sets_how_much_it_counts_in_the_fit() -> None:
    """Reference rows whose right candidate another feature predicts: at a small weight the
    ranker still reads the set's own feature, at a large one the reference's."""
    own = _rows(60)
    rng = np.random.default_rng(5)
    other = []
    for _ in range(60):
        x = rng.normal(size=(6, len(FEATURES)))
        y = np.zeros(6)
        y[int(np.argmax(x[:, 1]))] = 1.0
        other.append(cal.QuestionRows(x, y, y.copy(), y.copy()))

    def top(weight: float) -> int:
        model = cal.fit_reader_model(own + [cal.QuestionRows(r.x, r.y, r.f1, r.em, weight=weight) for r in other])
        return int(np.argmax(np.abs(model.weights)))

    assert top(0.1) == 0 and top(10.0) == 1


def test_a_question_key_ignores_case_and_spacing_only() -> None:
    assert cal.question_key("Who directed  Brand?") == cal.question_key("who directed Brand?")
    assert cal.question_key("Who directed Brand?") != cal.question_key("Who directed Brand ?")
    assert len(cal.question_key("x")) == 16
