"""The rows the shipped reader models were fitted on, shipped beside them as reference rows.

The offline reader ships one model per kind of triples (:func:`~hippograph.retrieval.reader.triples_family`):
each is fitted on the candidates read from its own kind of triples and, weighted by
:data:`OTHER_TRIPLES_WEIGHT`, on those read from the other kind (a hundred questions are few;
the other triples' rows teach the same ranking). ``bench.fit_reader fit`` writes those rows
here, so that ``hippograph eval`` can cross-fit the way the shipped model was fitted: each fold
on this run's rows of its training questions and on the other triples' reference rows of every
question that is not held out (:func:`~hippograph.evaluation.calibration.cross_fit`).

One file holds several sets; a set is one question file read one way (``pipeline``: the full
pipeline's passages; ``dense``: dense-RAG's, whose rows train the baseline's folds) from one kind
of triples. Every set also carries the one-hop sub-questions' rows (the pipeline's reading),
which train the one-hop ranker and the router.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from hippograph.core.errors import ConfigError
from hippograph.evaluation.calibration import QuestionRows
from hippograph.retrieval.reader import FEATURES

REFERENCE_FILE = "reader_rows.npz"
READS = ("pipeline", "dense")
# how much a question read from the other kind of triples counts in the fit for each kind, against
# 1 for its own. musique-100, multi-hop EM of the pipeline over ten fold splits, at weights 0 /
# 0.5 / 1: gpt-3.5 triples' model (spaCy's rows added) 28.5 / 29.4 / 27.1, spaCy's model (gpt-3.5's
# rows added) 15.8 / 17.7 / 18.0; on the 2Wiki spot check (spaCy triples, questions of another set)
# spaCy's model at 0.5 / 1 / 2: 94.7 / 96.7 / 96.7. Cleaner triples' rows teach the noisier
# triples' ranker fully; the noisier rows teach the cleaner triples' ranker at half weight.
OTHER_TRIPLES_WEIGHT = {"spacy": 1.0, "llm": 0.5}


@dataclass
class RowSet:
    """One question file's candidate rows, read one way from one kind of triples."""

    family: str  # :func:`~hippograph.retrieval.reader.triples_family` of the extractor
    read: str  # one of :data:`READS`
    source: str  # what was read: the question file and the extractor
    rows: list[QuestionRows]


def save_rows(path: Path, sets: Sequence[RowSet]) -> None:
    """Write row sets to one compressed ``.npz`` (float32 features, as the reader computes them)."""
    rows = [r for s in sets for r in s.rows]
    if not rows:
        raise ValueError("no rows to save")
    np.savez_compressed(
        path, features=np.array(FEATURES),
        x=np.vstack([r.x for r in rows]).astype(np.float32),
        em=np.concatenate([r.em for r in rows]).astype(np.float32),
        f1=np.concatenate([r.f1 for r in rows]).astype(np.float32),
        row=np.concatenate([np.full(len(r.em), i) for i, r in enumerate(rows)]).astype(np.int32),
        one_hop=np.array([r.one_hop for r in rows]), group=np.array([r.group for r in rows]),
        shape=np.vstack([r.shape if r.shape is not None else np.full(4, np.nan) for r in rows]),
        key=np.array([r.key for r in rows]), group_key=np.array([r.group_key for r in rows]),
        set=np.concatenate([np.full(len(s.rows), i) for i, s in enumerate(sets)]).astype(np.int32),
        family=np.array([s.family for s in sets]), read=np.array([s.read for s in sets]),
        source=np.array([s.source for s in sets]),
    )


def load_rows(path: Path | None = None) -> list[RowSet]:
    """Row sets from ``path``, or the reference rows shipped with the reader models. A missing
    file, or one collected with other features, is a :class:`ConfigError` naming it."""
    name = str(path) if path else REFERENCE_FILE
    try:
        if path is None:
            with resources.as_file(resources.files("hippograph.evaluation").joinpath(REFERENCE_FILE)) as p:
                d = dict(np.load(p))
        else:
            d = dict(np.load(path))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"reader rows {name}: {exc}") from exc
    if list(d.get("features", [])) != list(FEATURES):
        raise ConfigError(f"reader rows {name} were collected with other features; collect them again (bench.fit_reader)")
    order = np.argsort(d["row"], kind="stable")
    bounds = np.searchsorted(d["row"][order], np.arange(len(d["one_hop"]) + 1))
    sets: list[RowSet] = [RowSet(str(f), str(r), str(s), []) for f, r, s in zip(d["family"], d["read"], d["source"])]
    for i in range(len(d["one_hop"])):
        at = order[bounds[i]:bounds[i + 1]]
        f1 = d["f1"][at].astype(float)
        shape = d["shape"][i]
        sets[int(d["set"][i])].rows.append(QuestionRows(
            d["x"][at].astype(float), (f1 >= 0.5).astype(float), f1, d["em"][at].astype(float), bool(d["one_hop"][i]),
            int(d["group"][i]), None if np.isnan(shape).any() else shape.astype(float),
            key=str(d["key"][i]), group_key=str(d["group_key"][i])))
    return sets


def reference_rows(family: str, read: str, sets: Sequence[RowSet] | None = None) -> list[QuestionRows]:
    """The rows a fit for ``family``'s triples adds to its own: the other kinds' rows of the same
    ``read``, each weighted ``OTHER_TRIPLES_WEIGHT[family]`` (default: the shipped reference rows)."""
    if family not in OTHER_TRIPLES_WEIGHT:
        raise ConfigError(f"no reference rows for triples {family!r}; known: {', '.join(OTHER_TRIPLES_WEIGHT)}")
    chosen = [s for s in (load_rows() if sets is None else sets) if s.family != family and s.read == read]
    return [replace(r, weight=OTHER_TRIPLES_WEIGHT[family]) for s in chosen for r in s.rows]
