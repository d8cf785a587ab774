"""``hippograph ask QUESTION``: retrieve, select and answer with citations."""

from __future__ import annotations

from typing import Optional

import typer

from hippograph.cli.common import build_settings, handle_errors, render_answer


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
    fast: bool = typer.Option(False, "--fast", help="With --via-prefect: send the answer task straight to the serving process (no flow run)."),
) -> None:
    """Answer a question from the graph, citing the passages used."""
    from hippograph.runtime.app import Hippograph  # heavy: imported when the command runs
    settings = build_settings(ctx)
    if via_prefect:
        from hippograph.flows.client import ask_via_prefect

        answer = ask_via_prefect(question, retriever, k, settings.flows.qa_timeout_s,
                                 budget=budget, selector=selector, clues=clues, fast=fast)
    else:
        with Hippograph(settings) as app:
            answer = app.ask(question, method=retriever, k=k, budget=budget, selector=selector, clues=clues)
    render_answer(answer, explain=explain)
