"""Coarse kinds of things (person, place, organisation, date, ...) read off a name's vector.

A linear probe over the encoder's own vectors: one logistic model per kind, fitted by
``python -m hippograph.bench.fit_types`` on the names spaCy's NER labels in a corpus (and noun
phrases it does not label, the kind "thing"), shipped as ``entity_types.json`` beside this module
with a note of how and on what it was fitted. For questions whose wh-word names no noun to
compare with ("Who ...", "Where ...", "When ...", "How many ..."), the reader weighs each
candidate answer by the probe's probability that it is a person / place / date / number.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import TypeVar

import numpy as np
from pydantic import BaseModel

from hippograph.core.errors import ConfigError

# spaCy / OntoNotes entity labels → the coarse kinds the probe tells apart
LABEL_KIND = {
    "PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organisation",
    "DATE": "date", "TIME": "date", "CARDINAL": "number", "QUANTITY": "number", "MONEY": "number",
    "PERCENT": "number", "ORDINAL": "number", "WORK_OF_ART": "work", "PRODUCT": "work", "LAW": "work",
    "NORP": "group", "LANGUAGE": "group", "EVENT": "event",
}
KINDS = ("person", "place", "organisation", "date", "number", "work", "group", "event", "thing")


class TypeModel(BaseModel):
    """Per-kind logistic weights over the encoder's vectors (one row per kind)."""

    kinds: list[str]
    dimension: int
    weights: list[list[float]]
    bias: list[float]
    note: str = ""

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """(n, kinds): each row a distribution over :attr:`kinds` (the per-kind logits, softmax-normalised)."""
        if vectors.size == 0:
            return np.zeros((0, len(self.kinds)))
        if vectors.shape[1] != self.dimension:
            raise ConfigError(f"entity type model expects {self.dimension}-d vectors, got {vectors.shape[1]}-d; "
                              "refit it for this embedder (bench.fit_types)")
        z = vectors @ np.asarray(self.weights, dtype=np.float32).T + np.asarray(self.bias, dtype=np.float32)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    @classmethod
    def load(cls, path: Path | None = None) -> "TypeModel":
        return load_fitted(cls, "entity_types.json", path, "entity type model")

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.model_dump()) + "\n", encoding="utf-8")


M = TypeVar("M", bound=BaseModel)


def load_fitted(model: type[M], packaged: str, path: Path | None, what: str) -> M:
    """A fitted model's JSON from ``path``, or the one shipped beside this module as ``packaged``;
    a missing or malformed file is a :class:`ConfigError` naming it."""
    try:
        text = path.read_text(encoding="utf-8") if path else (
            resources.files("hippograph.retrieval").joinpath(packaged).read_text(encoding="utf-8"))
        return model.model_validate_json(text)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{what} {path or packaged}: {exc}") from exc


def fit_type_model(vectors: np.ndarray, kinds: list[str], l2: float = 1.0, note: str = "") -> TypeModel:
    """One-vs-rest L2 logistic regression per kind (Newton's method)."""
    from hippograph.evaluation.calibration import fit_logistic

    present = [k for k in KINDS if k in set(kinds)]
    labels = np.array(kinds)
    weights, bias = [], []
    for k in present:
        w, b = fit_logistic(vectors.astype(np.float64), (labels == k).astype(float), l2=l2, iters=25)
        weights.append([float(v) for v in w])
        bias.append(float(b))
    return TypeModel(kinds=present, dimension=int(vectors.shape[1]), weights=weights, bias=bias, note=note)
