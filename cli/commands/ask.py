"""``hippograph ask QUESTION``: retrieve, select and answer with citations."""

from __future__ import annotations

from typing import Optional

import typer

from cli.common import build_settings, handle_errors, render_answer
from runtime.app import Hippograph


@handle_errors
def ask(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="The question."),
    retriever: Optional[str] = typer.Option(None, "--retriever", "-r", help="ppr (default), dense or bm25."),
    k: Optional[int] = typer.Option(None, "-k", help="Passages to retrieve (the candidates selection chooses from; default selection.candidates)."),
    explain: bool = typer.Option(False, "--explain", help="Show PPR seeds, selection statistics and timings."),
    budget: Optional[int] = typer.Option(None, "--budget", help="Token budget of the passages in the answer prompt."),
    selector: Optional[str] = typer.Option(None, "--selector", help="mcts (default) or greedy."),
    clues: Optional[bool] = typer.Option(None, "--clues/--no-clues", help="Widen the question with clues (default on)."),
    via_prefect: bool = typer.Option(False, "--via-prefect", help="Ask the served qa deployment (hippograph serve)."),
) -> None:
    """Answer a question from the graph, citing the passages used."""
    settings = build_settings(ctx, **{"retrieval.retriever": retriever, "retrieval.top_k": k,
                                      "selection.budget_tokens": budget, "selection.method": selector,
                                      "clues.enabled": clues})
    if via_prefect:
        from flows.client import ask_via_prefect

        render_answer(ask_via_prefect(question, retriever, k, settings.flows.qa_timeout_s), explain=explain)
        return
    with Hippograph(settings) as app:
        render_answer(app.ask(question), explain=explain)
