"""``hippograph ingest PATH``: load, chunk, extract, embed and write documents into the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from hippograph.cli.common import build_settings, console, err_console, handle_errors, progress_bar, stats_table
from hippograph.core.errors import InputError


@handle_errors
def ingest(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="A folder of .txt/.md files, a .jsonl file or a [{title, text}] .json corpus."),
    extractor: Optional[str] = typer.Option(None, "--extractor", "-e", help="spacy (default), hipporag-json or llm."),
    openie: Optional[Path] = typer.Option(None, "--openie", help="HippoRAG OpenIE JSON for --extractor hipporag-json."),
) -> None:
    """Ingest documents; re-ingesting unchanged documents adds nothing, changed ones replace their old contribution."""
    # heavy modules are imported when the command runs, so `hippograph --help` stays fast
    from hippograph.ingest.loaders import iter_documents
    from hippograph.runtime.app import Hippograph

    if not path.exists():
        raise InputError(str(path), "no such file or directory")
    settings = build_settings(ctx, **{"ingest.extractor": extractor, "ingest.openie_path": openie})
    items = list(iter_documents(path))
    with Hippograph(settings) as app, progress_bar("ingest", len(items)) as bar:
        task = bar.add_task("ingest", total=len(items))
        report = app.ingestor().ingest(items, progress=lambda n: bar.advance(task, n))
        stats = app.store.stats()
    console.print(
        f"documents {report.documents}: {report.created} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.failures)} failed; "
        f"+{report.passages} passages, +{report.triples} triples, {report.superseded} facts superseded"
    )
    console.print("time per stage: " + ", ".join(f"{k} {v:.1f}s" for k, v in report.seconds.items()))
    console.print(stats_table(stats.model_dump()))
    for f in report.failures:
        err_console.print(f"[red]failed:[/] {f.error}", highlight=False)
    if report.failures:
        raise typer.Exit(1)
