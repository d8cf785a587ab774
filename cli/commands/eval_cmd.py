"""``hippograph eval``: retrieval recall, selection and answer quality on a HippoRAG-format question set."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.table import Table

from hippograph.cli.common import build_settings, console, handle_errors, progress_bar

if TYPE_CHECKING:
    from hippograph.evaluation.answers_eval import AnswerScores


@handle_errors
def eval_cmd(
    ctx: typer.Context,
    questions: Path = typer.Argument(..., help="questions.json (HippoRAG/MuSiQue format)."),
    corpus: Path = typer.Option(..., "--corpus", help="The corpus the questions are asked of."),
    extractor: Optional[str] = typer.Option(None, "--extractor", "-e", help="spacy, hipporag-json or llm."),
    openie: Optional[Path] = typer.Option(None, "--openie", help="HippoRAG OpenIE JSON (hipporag-json)."),
    methods: str = typer.Option("bm25,dense,ppr,ppr+clues", "--methods", help="Comma-separated retrievers to compare."),
    selection: bool = typer.Option(True, "--selection/--no-selection", help="Also compare MCTS vs greedy selection."),
    answers: bool = typer.Option(True, "--answers/--no-answers", help="Also score answers (EM/F1) and stage latency."),
    budget: Optional[int] = typer.Option(None, "--budget", help="Token budget for selection."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N questions."),
    out_dir: Optional[Path] = typer.Option(None, "--out-dir", help="Write eval.json, report.md and PNG plots here."),
    no_synonyms: bool = typer.Option(False, "--no-synonyms", help="Ablation: PPR without synonym edges."),
    no_specificity: bool = typer.Option(False, "--no-specificity", help="Ablation: seeds without node specificity."),
    no_passage_nodes: bool = typer.Option(False, "--no-passage-nodes", help="Ablation: PPR without passage nodes."),
    damping: Optional[float] = typer.Option(None, "--damping", help="PPR damping (default 0.5)."),
    passage_node_weight: Optional[float] = typer.Option(None, "--passage-node-weight", help="Default 0.05."),
    clue_depth: Optional[int] = typer.Option(None, "--clue-depth", help="Clue chaining depth (default 2)."),
) -> None:
    """Ingest the corpus (idempotent), then measure every method side by side in one run."""
    # heavy modules are imported when the command runs, so `hippograph --help` stays fast
    from hippograph.evaluation.answers_eval import evaluate_answers
    from hippograph.evaluation.dataset import load_questions
    from hippograph.evaluation.report import write_report
    from hippograph.evaluation.retrieval_eval import evaluate_retrieval, evaluate_selection
    from hippograph.ingest.loaders import iter_documents
    from hippograph.retrieval.reader import reader_fitted_on
    from hippograph.runtime.app import Hippograph

    settings = build_settings(ctx, **{
        "ingest.extractor": extractor, "ingest.openie_path": openie, "selection.budget_tokens": budget,
        "retrieval.use_synonyms": False if no_synonyms else None,
        "retrieval.use_specificity": False if no_specificity else None,
        "retrieval.use_passage_nodes": False if no_passage_nodes else None,
        "retrieval.damping": damping, "retrieval.passage_node_weight": passage_node_weight, "clues.depth": clue_depth,
    })
    items = load_questions(questions, limit)
    docs = list(iter_documents(corpus))
    method_list = [m.strip() for m in methods.split(",") if m.strip()]
    with Hippograph(settings) as app:
        t0 = time.perf_counter()
        with progress_bar("ingest", len(docs)) as bar:
            task = bar.add_task("ingest corpus", total=len(docs))
            report = app.ingestor().ingest(docs, progress=lambda n: bar.advance(task, n))
        ingest_s = time.perf_counter() - t0
        with progress_bar("evaluate", len(items) * len(method_list)) as bar:
            task = bar.add_task("retrieve", total=len(items) * len(method_list))

            def retrieve(question: str, method: str, k: int) -> tuple[list[str], str | None]:
                if method == "ppr+clues":
                    res = app.retrieve_with_clues(question, method="ppr", k=k)
                else:
                    res = app.engine.retrieve(question, method=method, k=k)
                return [p.passage_id for p in res.passages], res.fallback

            scores = evaluate_retrieval(app.engine, items, method_list, retrieve=retrieve,
                                        progress=lambda n: bar.advance(task, n))
        sel_scores = []
        if selection:
            with progress_bar("select", len(items)) as bar:
                task = bar.add_task("select", total=len(items))
                sel_scores = evaluate_selection(app, items, settings.selection.budget_tokens,
                                                progress=lambda n: bar.advance(task, n))
        ans = None
        if answers:
            with progress_bar("answer", len(items)) as bar:
                task = bar.add_task("answer", total=len(items))
                ans = evaluate_answers(app, items, progress=lambda n: bar.advance(task, n),
                                       fitted_on_these=reader_fitted_on(questions))
        store_name = settings.store.backend

    table = Table(title=f"Retrieval on {questions.name} ({len(items)} questions, extractor {settings.ingest.extractor})")
    for col in ("method", "R@1", "R@2", "R@5", "R@10", "p50 ms", "p95 ms", "p50 / dense", "fallbacks"):
        table.add_column(col, justify="right" if col != "method" else "left")
    dense_p50 = next((m.latency_ms_p50 for m in scores if m.method == "dense"), 0.0)
    for m in scores:  # the cost of each method as a multiple of dense retrieval's, measured in the same run
        ratio = f"{m.latency_ms_p50 / dense_p50:.1f}×" if dense_p50 > 0 else "-"
        table.add_row(m.method, *(f"{m.recall[k]:.1f}" for k in (1, 2, 5, 10)),
                      f"{m.latency_ms_p50:.1f}", f"{m.latency_ms_p95:.1f}", ratio, str(m.fallbacks))
    console.print(table)
    if scores:
        hops = Table(title="Recall@5 by hop count")
        hops.add_column("method")
        for h in scores[0].by_hops:
            hops.add_column(f"{h} hops", justify="right")
        for m in scores:
            hops.add_row(m.method, *(f"{v[5]:.1f}" for v in m.by_hops.values()))
        console.print(hops)
    if sel_scores:
        st = Table(title=f"Passage selection at a {settings.selection.budget_tokens}-token budget (candidates: PPR + clues)")
        for col in ("selector", "answer-passage recall", "tokens", "passages", "utility", "p50 ms"):
            st.add_column(col, justify="right" if col != "selector" else "left")
        for x in sel_scores:
            st.add_row(x.method, f"{x.answer_recall:.1f}", f"{x.tokens:.0f}", f"{x.passages:.1f}", f"{x.utility:.3f}", f"{x.ms_p50:.1f}")
        console.print(st)
    if ans is not None:
        _print_answers(ans, dense_p50)
    console.print(f"ingest {ingest_s:.1f} s ({report.created} new, {report.updated} updated, {report.unchanged} unchanged, "
                  f"{len(report.failures)} failed)")
    if out_dir is not None:
        meta = {"questions": str(questions), "corpus": str(corpus), "n_questions": len(items),
                "extractor": settings.ingest.extractor, "store": store_name, "ingest_seconds": ingest_s,
                "settings": json.loads(settings.model_dump_json())}
        for p in write_report(out_dir, meta, scores, sel_scores, ans):
            console.print(f"wrote {p}")


def _print_answers(ans: "AnswerScores", dense_p50: float = 0.0) -> None:
    how = ("cross-fitted: each question read by a model fitted on the other folds and the other triples' "
           "reference rows" if ans.cross_fitted
           else "shipped reader model, fitted on other questions" if ans.shipped_held_out else "shipped reader model")
    table = Table(title=f"Answers ({ans.kind}; {how})")
    hops = sorted({h for fig in (ans.pipeline, ans.dense) if fig for h in fig.by_hops})
    for col in ("reader", "EM", "F1", *(f"F1 {h}-hop (n)" for h in hops)):
        table.add_column(col, justify="left" if col == "reader" else "right")
    for name, fig in (("pipeline (clues, PPR, MCTS)", ans.pipeline), (f"dense-RAG (dense top-{ans.dense_k})", ans.dense)):
        if fig is None:
            continue
        table.add_row(name, f"{fig.em:.1f}", f"{fig.f1:.1f}",
                      *(f"{fig.by_hops[h]['f1']:.1f} ({fig.by_hops[h]['n']:.0f})" if h in fig.by_hops else "-" for h in hops))
    console.print(table)
    if ans.pipeline is not None:
        p = ans.pipeline
        console.print(f"calibration: ECE {p.ece:.3f}; at answer.min_confidence {ans.min_confidence:.2f}: coverage "
                      f"{100 * p.coverage:.0f} %, precision {100 * p.precision_answered:.1f} %; precision at 40 % coverage "
                      f"{100 * p.precision_at_40:.1f} %")
        if ans.shipped is not None and ans.cross_fitted:
            console.print(f"shipped reader model on the same questions (not held out): EM {ans.shipped.em:.1f} F1 {ans.shipped.f1:.1f}")
        if ans.dense is not None:
            console.print(f"pipeline F1 − dense-RAG F1 = {p.f1 - ans.dense.f1:+.1f}")
        if ans.one_hop is not None:
            how_sub = "cross-fitted" if ans.cross_fitted else "the shipped model"
            console.print(f"one-hop sub-questions of these ({ans.one_hop['n']:.0f}, {how_sub}): "
                          f"EM {ans.one_hop['em']:.1f} F1 {ans.one_hop['f1']:.1f}")
    console.print("answer stage p50: " + "  ".join(f"{s} {v['p50']:.0f} ms" for s, v in ans.stage_ms.items()))
    total = ans.stage_ms.get("total", {}).get("p50")
    if total and dense_p50:
        console.print(f"the whole ask p50 is {total / dense_p50:.1f}× dense retrieval's p50 ({dense_p50:.1f} ms, same run)")
