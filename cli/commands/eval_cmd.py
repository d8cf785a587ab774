"""``hippograph eval``: retrieval recall of BM25, dense and PPR on a HippoRAG-format question set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from cli.common import build_settings, console, handle_errors, progress_bar
from evaluation.dataset import load_questions
from evaluation.retrieval_eval import evaluate_retrieval, evaluate_selection
from ingest.loaders import iter_documents
from runtime.app import Hippograph


@handle_errors
def eval_cmd(
    ctx: typer.Context,
    questions: Path = typer.Argument(..., help="questions.json (HippoRAG/MuSiQue format)."),
    corpus: Path = typer.Option(..., "--corpus", help="The corpus the questions are asked of."),
    extractor: Optional[str] = typer.Option(None, "--extractor", "-e", help="spacy, hipporag-json or llm."),
    openie: Optional[Path] = typer.Option(None, "--openie", help="HippoRAG OpenIE JSON (hipporag-json)."),
    methods: str = typer.Option("bm25,dense,ppr,ppr+clues", "--methods", help="Comma-separated retrievers to compare."),
    selection: bool = typer.Option(True, "--selection/--no-selection", help="Also compare MCTS vs greedy selection."),
    budget: Optional[int] = typer.Option(None, "--budget", help="Token budget for the selection comparison."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N questions."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write every figure and the settings to this JSON file."),
) -> None:
    """Ingest the corpus (idempotent) and print Recall@k of each retriever, measured in one run."""
    settings = build_settings(ctx, **{"ingest.extractor": extractor, "ingest.openie_path": openie})
    items = load_questions(questions, limit)
    docs = list(iter_documents(corpus))
    method_list = [m.strip() for m in methods.split(",") if m.strip()]
    with Hippograph(settings) as app:
        with progress_bar("ingest", len(docs)) as bar:
            task = bar.add_task("ingest corpus", total=len(docs))
            report = app.ingestor().ingest(docs, progress=lambda n: bar.advance(task, n))
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
                sel_scores = evaluate_selection(app, items, budget or settings.selection.budget_tokens,
                                                progress=lambda n: bar.advance(task, n))
    table = Table(title=f"Retrieval on {questions} ({len(items)} questions, extractor {settings.ingest.extractor})")
    for col in ("method", "R@1", "R@2", "R@5", "R@10", "p50 ms", "p95 ms", "fallbacks"):
        table.add_column(col, justify="right" if col != "method" else "left")
    for m in scores:
        table.add_row(
            m.method, *(f"{m.recall[k]:.1f}" for k in (1, 2, 5, 10)),
            f"{m.latency_ms_p50:.1f}", f"{m.latency_ms_p95:.1f}", str(m.fallbacks),
        )
    console.print(table)
    if sel_scores:
        st = Table(title=f"Passage selection at a {budget or settings.selection.budget_tokens}-token budget (candidates: PPR + clues)")
        for col in ("selector", "answer-passage recall", "tokens", "passages", "utility", "p50 ms"):
            st.add_column(col, justify="right" if col != "selector" else "left")
        for x in sel_scores:
            st.add_row(x.method, f"{x.answer_recall:.1f}", f"{x.tokens:.0f}", f"{x.passages:.1f}", f"{x.utility:.3f}", f"{x.ms_p50:.1f}")
        console.print(st)
    if report.failures:
        console.print(f"[yellow]{len(report.failures)} documents failed to ingest[/]")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "questions": str(questions),
            "corpus": str(corpus),
            "settings": json.loads(settings.model_dump_json()),
            "methods": [
                {"method": m.method, "recall": m.recall, "by_hops": m.by_hops, "latency_ms_p50": m.latency_ms_p50,
                 "latency_ms_p95": m.latency_ms_p95, "fallbacks": m.fallbacks, "per_question": m.per_question}
                for m in scores
            ],
            "selection": [x.__dict__ for x in sel_scores],
        }
        out.write_text(json.dumps(payload, indent=1, default=str), encoding="utf-8")
        console.print(f"figures written to {out}")
