"""Fit the offline reader's models (ranker + confidence map) and print cross-fitted figures.

Two steps, so several question sets and extractors can feed the models::

    python -m hippograph.bench.fit_reader collect --store-path .hippograph/musique \\
        --questions $D/questions.json --corpus $D/corpus.json \\
        --extractor hipporag-json --openie $D/openie-gpt-3.5-turbo-1106.json --rows results/rows-gpt.npz
    python -m hippograph.bench.fit_reader collect --store-path .hippograph/musique-spacy \\
        --questions $D/questions.json --corpus $D/corpus.json --rows results/rows-spacy.npz
    python -m hippograph.bench.fit_reader fit results/rows-gpt.npz results/rows-spacy.npz

``collect`` runs the default pipeline (clues → PPR → MCTS) and the graph reader on every
question and on its one-hop sub-questions (MuSiQue's decomposition, earlier answers filled in),
and the same reader over dense-RAG's passages, and saves every candidate's features with its
EM/F1 to the gold answers (:mod:`hippograph.evaluation.reference`'s format). ``fit`` fits one
model per kind of triples (:func:`~hippograph.retrieval.reader.triples_family`) on the pipeline's
rows of its own triples and, weighted by ``OTHER_TRIPLES_WEIGHT``, of the others; prints each set's k-fold
cross-fitted EM/F1/ECE (folds by question, a question's sub-questions in its fold, each fold
fitted the same way without its questions' rows of any set); and writes the models beside the
reader and every row beside the eval as its reference rows (``hippograph eval`` cross-fits with
them).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

from hippograph.evaluation.calibration import QuestionRows, cross_fit, ece, fit_reader_model, precision_at_coverage
from hippograph.evaluation.reference import REFERENCE_FILE, RowSet, load_rows, reference_rows, save_rows
from hippograph.retrieval.reader import MODEL_FILES, save_model, triples_family

_PACKAGE = Path(__file__).resolve().parents[1]


def collect(args: argparse.Namespace) -> None:
    from hippograph.core.settings import load_settings
    from hippograph.evaluation.answers_eval import candidate_rows
    from hippograph.evaluation.dataset import load_questions
    from hippograph.ingest.loaders import iter_documents
    from hippograph.retrieval.reader import GraphReader
    from hippograph.runtime.app import Hippograph

    ingest: dict[str, object] = {"extractor": args.extractor}
    if args.openie:
        ingest["openie_path"] = str(args.openie)
    settings = load_settings(None, store={"path": str(args.store_path)}, ingest=ingest)
    items = load_questions(args.questions, args.limit)
    rows: list[QuestionRows] = []
    subs: list[QuestionRows] = []
    dense_rows: list[QuestionRows] = []
    with Hippograph(settings) as app:
        app.ingestor().ingest(list(iter_documents(args.corpus)))
        reader = app.reader("graph")
        assert isinstance(reader, GraphReader)
        for n, item in enumerate(items):
            # the question, then its one-hop sub-questions (they train the one-hop ranker and the router)
            for question, answers, one_hop in [(item.question, item.answers, False),
                                               *((q, a, True) for q, a in item.sub_questions)]:
                result = app.retrieve_with_clues(question, k=settings.selection.candidates)
                selection = app.select(result) if result.passages else None
                read = candidate_rows(reader.read(result, selection, result.clues), question, answers, one_hop, n,
                                      group_question=item.question)
                (subs if one_hop else rows).append(read)
            dense = app.engine.retrieve(item.question, method="dense", k=args.dense_k)
            dense_rows.append(candidate_rows(reader.read(dense, None, (), own_pages=False), item.question, item.answers,
                                             group=n))
            if (n + 1) % 20 == 0:
                print(f"{n + 1}/{len(items)} questions", file=sys.stderr, flush=True)
    family = triples_family(args.extractor)
    source = f"{args.questions} ({args.extractor})"
    save_rows(args.rows, [RowSet(family, "pipeline", source, rows + subs), RowSet(family, "dense", source, dense_rows + subs)])
    print(f"wrote {args.rows}: {len(items)} questions and {len(subs)} one-hop sub-questions, "
          f"{sum(len(r.em) for r in rows + subs)} candidates (dense-RAG's {sum(len(r.em) for r in dense_rows)})")


def _report(sets: list[RowSet], folds: int, l2: float) -> None:
    """Each pipeline set's cross-fitted figures, its folds fitted with the other sets' rows as the models are."""
    for s in sets:
        if s.read != "pipeline":
            continue
        rows = s.rows
        held = cross_fit(rows, k=folds, l2=l2, reference=reference_rows(s.family, "pipeline", sets))
        for label, one_hop in (("questions", False), ("one-hop sub-questions", True)):
            idx = [i for i, r in enumerate(rows) if r.one_hop == one_hop]
            if not idx:
                continue
            em = [float(rows[i].em[held[i].choice]) if held[i].choice >= 0 else 0.0 for i in idx]
            f1 = [float(rows[i].f1[held[i].choice]) if held[i].choice >= 0 else 0.0 for i in idx]
            conf = [held[i].confidence for i in idx]
            print(f"{s.source}, {len(idx)} {label}: cross-fitted ({folds} folds) EM {100 * np.mean(em):.1f} "
                  f"F1 {100 * np.mean(f1):.1f} ECE {ece(conf, em):.3f} "
                  f"precision@40% coverage {100 * precision_at_coverage(conf, em, 0.4):.1f}")
            for f in range(folds):
                at = [k for k, i in enumerate(idx) if held[i].fold == f]
                print(f"  fold {f}: n={len(at)} EM {100 * np.mean([em[k] for k in at]):.1f} "
                      f"F1 {100 * np.mean([f1[k] for k in at]):.1f} ECE {ece([conf[k] for k in at], [em[k] for k in at]):.3f}")


def fit(args: argparse.Namespace) -> None:
    sets = [s for p in args.rows for s in load_rows(p)]
    _report(sets, args.folds, args.l2)
    described = "; ".join(f"{s.source} [{sum(not x.one_hop for x in s.rows)} questions, {sum(x.one_hop for x in s.rows)} "
                          "one-hop sub-questions]" for s in sets if s.read == "pipeline")
    for family in sorted({s.family for s in sets}):
        own = [r for s in sets if s.family == family and s.read == "pipeline" for r in s.rows]
        note = (f"Fitted {date.today().isoformat()} by bench.fit_reader (L2 {args.l2}) for {family} triples on every "
                f"candidate of {described}; rows of other triples weighted as evaluation.reference.OTHER_TRIPLES_WEIGHT. "
                f"Label: token F1 >= 0.5 to a gold answer. Cross-fitted figures ({args.folds} folds) are printed by the same command.")
        model = fit_reader_model([*own, *reference_rows(family, "pipeline", sets)], l2=args.l2, note=note)
        out = args.out_dir / MODEL_FILES[family]
        save_model(model, out)
        print(json.dumps(dict(zip(model.features, [round(w, 3) for w in model.weights]))))
        print(f"wrote {out}")
    save_rows(args.reference, sets)
    print(f"wrote {args.reference}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--store-path", type=Path, required=True)
    c.add_argument("--questions", type=Path, required=True)
    c.add_argument("--corpus", type=Path, required=True)
    c.add_argument("--extractor", default="spacy")
    c.add_argument("--openie", type=Path)
    c.add_argument("--limit", type=int)
    c.add_argument("--dense-k", type=int, default=5, help="dense-RAG's passages, as `hippograph eval` reads them")
    c.add_argument("--rows", type=Path, required=True)
    f = sub.add_parser("fit")
    f.add_argument("rows", type=Path, nargs="+")
    f.add_argument("--folds", type=int, default=5)
    f.add_argument("--l2", type=float, default=0.05)
    f.add_argument("--out-dir", type=Path, default=_PACKAGE / "retrieval", help="where the models are written")
    f.add_argument("--reference", type=Path, default=_PACKAGE / "evaluation" / REFERENCE_FILE,
                   help="where every row is written for `hippograph eval`'s cross-fitting")
    args = ap.parse_args()
    collect(args) if args.cmd == "collect" else fit(args)


if __name__ == "__main__":
    main()
