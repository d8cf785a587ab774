"""Fit the offline reader's model (ranker + confidence map) and print cross-fitted figures.

Two steps, so several question sets and extractors can feed one model::

    python -m hippograph.bench.fit_reader collect --store-path .hippograph/musique \\
        --questions $D/questions.json --corpus $D/corpus.json \\
        --extractor hipporag-json --openie $D/openie-gpt-3.5-turbo-1106.json --rows results/rows-gpt.npz
    python -m hippograph.bench.fit_reader collect --store-path .hippograph/musique-spacy \\
        --questions $D/questions.json --corpus $D/corpus.json --rows results/rows-spacy.npz
    python -m hippograph.bench.fit_reader fit results/rows-gpt.npz results/rows-spacy.npz \\
        --out retrieval/reader_model.json

``collect`` runs the default pipeline (clues → PPR → MCTS) and the graph reader on every
question and on its one-hop sub-questions (MuSiQue's decomposition, earlier answers filled in),
and saves every candidate's features with its EM/F1 to the gold answers. ``fit`` prints k-fold
cross-fitted EM/F1/ECE for each set's questions and sub-questions and each fold (folds by
question, a question's sub-questions in its fold), then fits on every set together and writes
the model: the multi-hop ranker, the one-hop ranker and the router between them.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

from hippograph.evaluation.calibration import QuestionRows, cross_fit, ece, fit_reader_model, precision_at_coverage
from hippograph.retrieval.reader import FEATURES, save_model


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
                rows.append(candidate_rows(reader.read(result, selection, result.clues), question, answers, one_hop, n))
            if (n + 1) % 20 == 0:
                print(f"{n + 1}/{len(items)} questions", file=sys.stderr, flush=True)
    np.savez_compressed(args.rows, x=np.vstack([r.x for r in rows]), em=np.concatenate([r.em for r in rows]),
                        f1=np.concatenate([r.f1 for r in rows]),
                        q=np.concatenate([np.full(len(r.em), i) for i, r in enumerate(rows)]), n=len(rows),
                        one_hop=np.array([r.one_hop for r in rows]), group=np.array([r.group for r in rows]),
                        shape=np.vstack([r.shape for r in rows if r.shape is not None]), features=np.array(FEATURES),
                        source=np.array(f"{args.questions} ({args.extractor})"))
    print(f"wrote {args.rows}: {len(items)} questions and {sum(r.one_hop for r in rows)} one-hop sub-questions, "
          f"{sum(len(r.em) for r in rows)} candidates")


def load_rows(path: Path) -> tuple[str, list[QuestionRows]]:
    d = np.load(path)
    if list(d["features"]) != list(FEATURES) or "one_hop" not in d:
        raise SystemExit(f"{path}: collected with other features or without sub-questions; collect again")
    out = []
    for i in range(int(d["n"])):
        m = d["q"] == i
        out.append(QuestionRows(d["x"][m], (d["f1"][m] >= 0.5).astype(float), d["f1"][m], d["em"][m],
                                bool(d["one_hop"][i]), int(d["group"][i]), d["shape"][i]))
    return str(d["source"]), out


def fit(args: argparse.Namespace) -> None:
    sets = [load_rows(p) for p in args.rows]
    everything: list[QuestionRows] = []
    for source, rows in sets:
        held = cross_fit(rows, k=args.folds, l2=args.l2)
        for label, one_hop in (("questions", False), ("one-hop sub-questions", True)):
            idx = [i for i, r in enumerate(rows) if r.one_hop == one_hop]
            if not idx:
                continue
            em = [float(rows[i].em[held[i].choice]) if held[i].choice >= 0 else 0.0 for i in idx]
            f1 = [float(rows[i].f1[held[i].choice]) if held[i].choice >= 0 else 0.0 for i in idx]
            conf = [held[i].confidence for i in idx]
            print(f"{source}, {len(idx)} {label}: cross-fitted ({args.folds} folds) EM {100 * np.mean(em):.1f} "
                  f"F1 {100 * np.mean(f1):.1f} ECE {ece(conf, em):.3f} "
                  f"precision@40% coverage {100 * precision_at_coverage(conf, em, 0.4):.1f}")
            for f in range(args.folds):
                at = [k for k, i in enumerate(idx) if held[i].fold == f]
                print(f"  fold {f}: n={len(at)} EM {100 * np.mean([em[k] for k in at]):.1f} "
                      f"F1 {100 * np.mean([f1[k] for k in at]):.1f} ECE {ece([conf[k] for k in at], [em[k] for k in at]):.3f}")
        everything += rows
    note = (f"Fitted {date.today().isoformat()} by bench.fit_reader (L2 {args.l2}) on every candidate of "
            + "; ".join(f"{s} [{sum(not x.one_hop for x in r)} questions, {sum(x.one_hop for x in r)} one-hop sub-questions]"
                        for s, r in sets)
            + f". Label: token F1 >= 0.5 to a gold answer. Cross-fitted figures ({args.folds} folds) are printed by the same command.")
    model = fit_reader_model(everything, l2=args.l2, note=note)
    save_model(model, args.out)
    print(json.dumps(dict(zip(model.features, [round(w, 3) for w in model.weights])), indent=1))
    print(f"wrote {args.out}")


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
    c.add_argument("--rows", type=Path, required=True)
    f = sub.add_parser("fit")
    f.add_argument("rows", type=Path, nargs="+")
    f.add_argument("--folds", type=int, default=5)
    f.add_argument("--l2", type=float, default=0.05)
    f.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "retrieval" / "reader_model.json")
    args = ap.parse_args()
    collect(args) if args.cmd == "collect" else fit(args)


if __name__ == "__main__":
    main()
