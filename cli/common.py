"""Shared CLI plumbing: settings from options, one-line errors, rendering of answers."""

from __future__ import annotations

import functools
import logging
import sys
from typing import TYPE_CHECKING, Any, Callable, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from hippograph.core.errors import HippographError
if TYPE_CHECKING:  # settings (pydantic-settings) and the stage models are not needed for --help
    from hippograph.core.models import Answer
    from hippograph.core.settings import Settings

console = Console()
err_console = Console(stderr=True, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])


def deep_set(target: dict[str, Any], dotted: str, value: Any) -> None:
    keys = dotted.split(".")
    for k in keys[:-1]:
        target = target.setdefault(k, {})
    target[keys[-1]] = value


def build_settings(ctx: typer.Context, **dotted: Any) -> Settings:
    """Settings for this command: the global options, then command flags (``a.b=value``) on top."""
    from hippograph.core.settings import load_settings

    obj = ctx.obj or {}
    overrides: dict[str, Any] = {}
    for key, value in {**obj.get("overrides", {}), **dotted}.items():
        if value is not None:
            deep_set(overrides, key, value)
    return load_settings(obj.get("config"), **overrides)


def handle_errors(fn: F) -> F:
    """Turn a HippographError into one clear line on stderr and exit code 1 (no traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except HippographError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
            if logging.getLogger().isEnabledFor(logging.DEBUG):
                raise
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def say_verbatim(text: str) -> None:
    """Print verbatim (markup=False): rich would take ``[m:MENTIONS]`` for a style tag and drop it."""
    console.print(text, highlight=False, soft_wrap=True, markup=False)


def progress_bar(description: str, total: int | None) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, transient=False, disable=not sys.stderr.isatty() and total is None,
    )


def render_answer(answer: Answer, explain: bool = False, gold: list[str] | None = None) -> None:
    title = f"[bold]{answer.question}[/]"
    colour = "yellow" if answer.kind == "abstain" else "green"
    lines = [f"[bold {colour}]Answer[/] ({answer.kind}, confidence {answer.confidence:.2f}): [bold]{escape(answer.answer)}[/]"]
    if answer.best_guess:
        lines.append(f"[bold]Best guess[/]: {escape(answer.best_guess)}")
    if answer.path is not None:
        lines.append(f"[bold]Path[/]: {escape(answer.path.text)}")
    if gold:
        lines.append(f"[dim]Gold: {escape(' | '.join(gold))}[/]")
    if answer.citations:
        lines.append("[bold]Evidence[/]" if answer.kind == "abstain" else "[bold]Citations[/]")
    for i, c in enumerate(answer.citations, start=1):
        lines.append(f"[cyan]\\[{i}][/] {escape(c.where)} ({c.passage_id[:16]}): [italic]{escape(c.evidence)}[/]")
    if explain and answer.alternatives:
        lines.append("[bold]Other candidates[/]: " + escape(", ".join(answer.alternatives)))
    r = answer.retrieval
    if r.fallback:
        lines.append(f"[yellow]note:[/] {r.fallback}")
    if r.clues:
        lines.append("[bold]Clues[/]")
        lines += [f"  - ({c.kind}, hop {c.hop}) {c.text}" for c in r.clues]
    sel = answer.selection
    passages = sel.passages if sel is not None else r.passages
    header = (
        f"[bold]Selected passages[/] ({sel.method}: {sel.tokens}/{sel.budget} tokens, utility {sel.utility:.3f})"
        if sel is not None
        else f"[bold]Retrieved passages[/] ({r.method})"
    )
    lines.append(header)
    for p in passages:
        lines.append(f"  {p.rank:>2}. {p.title} [dim]({p.passage_id[:16]}, score {p.score:.4f}, {p.n_tokens} tok)[/]")
    if explain:
        lines.append("[bold]Seeds[/] (PPR reset weights)")
        lines += [f"  - {n.name} [dim]({n.via}, {n.score:.4f}: {n.evidence})[/]" for n in r.seeds]
        if sel is not None and sel.stats:
            lines.append("[bold]Selection stats[/] " + ", ".join(f"{k}={v:g}" for k, v in sel.stats.items()))
        if r.timings_ms:
            lines.append("[bold]Timings[/] " + ", ".join(f"{k} {v:.1f} ms" for k, v in r.timings_ms.items()))
    console.print(Panel("\n".join(lines), title=title, title_align="left", expand=True), highlight=False)


def stats_table(stats: dict[str, int], title: str = "Graph") -> Table:
    table = Table(title=title)
    table.add_column("what")
    table.add_column("count", justify="right")
    for k, v in stats.items():
        table.add_row(k, f"{v:,}")
    return table

