"""The entity-kind probe: the shipped model tells people, places and dates apart; fitting works."""

from __future__ import annotations

import numpy as np
import pytest

from hippograph.core.errors import ConfigError
from hippograph.retrieval.types import TypeModel, fit_type_model


def test_the_shipped_probe_tells_kinds_apart(embedder) -> None:  # type: ignore[no-untyped-def]
    model = TypeModel.load()
    assert "fitted" in model.note.lower() and "2wiki" in model.note.lower()
    names = ["Henrik Ibsen", "Marie Curie", "Norway", "Lake Geneva", "4 February 1948", "1906"]
    kinds = np.array(model.kinds)[model.probabilities(embedder.embed(names)).argmax(axis=1)]
    assert list(kinds) == ["person", "person", "place", "place", "date", "date"]


def test_fitting_recovers_separable_kinds() -> None:
    rng = np.random.default_rng(0)
    centres = {"person": rng.normal(size=16), "place": rng.normal(size=16)}
    kinds = ["person"] * 50 + ["place"] * 50
    vecs = np.vstack([centres[k] + 0.3 * rng.normal(size=16) for k in kinds])
    model = fit_type_model(vecs, kinds)
    probs = model.probabilities(vecs)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert (np.array(model.kinds)[probs.argmax(axis=1)] == np.array(kinds)).mean() == 1.0
    with pytest.raises(ConfigError, match="16-d"):
        model.probabilities(np.zeros((1, 8)))
