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
question and saves every candidate's features with its EM/F1 to the gold answers. ``fit``
prints k-fold cross-fitted EM/F1/ECE for each set and each fold (folds by question, within the
set), then fits on every set together and writes the model.
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
    from hippograph.evaluation.answers_eval import _rows
    from hippograph.evaluation.dataset import load_questions
    from hippograph.ingest.loaders import iter_documents
    from hippograph.retrieval.reader import GraphReader
    from hippograph.runtime.app import Hippograph

    ingest: dict[str, object] = {"extractor": args.extractor}
    if args.openie:
        ingest["openie_path"] = str(args.openie)
    settings = load_settings(None, store={"path": str(args.store_path)}, ingest=ingest)
    items = load_questions(args.questions, args.limit)
    xs, ems, f1s, qids = [], [], [], []
    with Hippograph(settings) as app:
        app.ingestor().ingest(list(iter_documents(args.corpus)))
        reader = app.reader("graph")
        assert isinstance(reader, GraphReader)
        for n, item in enumerate(items):
            result = app.retrieve_with_clues(item.question, k=settings.selection.candidates)
            selection = app.select(result) if result.passages else None
            rows = _rows(reader.read(result, selection, result.clues), item)
            xs.append(rows.x)
            ems.append(rows.em)
            f1s.append(rows.f1)
            qids.append(np.full(len(rows.em), n))
            if (n + 1) % 20 == 0:
                print(f"{n + 1}/{len(items)} questions", file=sys.stderr, flush=True)
    np.savez_compressed(args.rows, x=np.vstack(xs), em=np.concatenate(ems), f1=np.concatenate(f1s),
                        q=np.concatenate(qids), n=len(items), features=np.array(FEATURES),
                        source=np.array(f"{args.questions} ({args.extractor})"))
    print(f"wrote {args.rows}: {len(items)} questions, {sum(len(e) for e in ems)} candidates")


def load_rows(path: Path) -> tuple[str, list[QuestionRows]]:
    d = np.load(path)
    if list(d["features"]) != list(FEATURES):
        raise SystemExit(f"{path}: collected with other features; collect again")
    out = []
    for i in range(int(d["n"])):
        m = d["q"] == i
        out.append(QuestionRows(d["x"][m], (d["f1"][m] >= 0.5).astype(float), d["f1"][m], d["em"][m]))
    return str(d["source"]), out


def fit(args: argparse.Namespace) -> None:
    sets = [load_rows(p) for p in args.rows]
    everything: list[QuestionRows] = []
    for source, rows in sets:
        held = cross_fit(rows, k=args.folds, l2=args.l2)
        em = [float(rows[i].em[h.choice]) if h.choice >= 0 else 0.0 for i, h in enumerate(held)]
        f1 = [float(rows[i].f1[h.choice]) if h.choice >= 0 else 0.0 for i, h in enumerate(held)]
        conf = [h.confidence for h in held]
        print(f"{source}: cross-fitted ({args.folds} folds) EM {100 * np.mean(em):.1f} F1 {100 * np.mean(f1):.1f} "
              f"ECE {ece(conf, em):.3f} precision@40% coverage {100 * precision_at_coverage(conf, em, 0.4):.1f}")
        for f in range(args.folds):
            idx = [i for i, h in enumerate(held) if h.fold == f]
            print(f"  fold {f}: n={len(idx)} EM {100 * np.mean([em[i] for i in idx]):.1f} "
                  f"F1 {100 * np.mean([f1[i] for i in idx]):.1f} ECE {ece([conf[i] for i in idx], [em[i] for i in idx]):.3f}")
        everything += rows
    note = (f"Fitted {date.today().isoformat()} by bench.fit_reader (L2 {args.l2}) on every candidate of "
            + "; ".join(f"{s} [{len(r)} questions]" for s, r in sets)
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
