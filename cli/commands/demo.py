"""``hippograph demo``: ingest the bundled MuSiQue slice offline and answer multi-hop questions."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Optional

import typer

from hippograph.cli.common import build_settings, console, handle_errors, progress_bar, render_answer



@handle_errors
def demo(
    ctx: typer.Context,
    questions: int = typer.Option(5, "--questions", "-n", help="How many demo questions to answer."),
    corpus_dir: Optional[Path] = typer.Option(None, "--data", help="Folder with corpus.json and questions.json (default: the bundled demo)."),
    store_path: Optional[Path] = typer.Option(None, "--store-path", help="Where the demo graph is kept."),
) -> None:
    """Build the demo graph (embedded store, spaCy extractor, no LLM) and answer questions with citations."""
    # heavy modules are imported when the command runs, so `hippograph --help` stays fast
    from hippograph.ingest.loaders import iter_documents
    from hippograph.runtime.app import Hippograph

    obj = ctx.obj or {}
    path = store_path or obj.get("overrides", {}).get("store.path") or Path(".hippograph/demo")
    settings = build_settings(ctx, **{"store.path": path})
    with resources.as_file(resources.files("hippograph.data.demo")) as bundled:
        folder = corpus_dir or bundled
        items = list(iter_documents(folder / "corpus.json"))
        qs = json.loads((folder / "questions.json").read_text(encoding="utf-8"))[:questions]
    with Hippograph(settings) as app:
        with progress_bar("ingest", len(items)) as bar:
            task = bar.add_task("ingest demo corpus", total=len(items))
            report = app.ingestor().ingest(items, progress=lambda n: bar.advance(task, n))
        s = app.store.stats()
        console.print(
            f"[bold]Graph[/] at {settings.store.path}: {s.documents} documents, {s.passages} passages, "
            f"{s.entities} entities, {s.triples} triples, {s.synonym_edges} synonym edges "
            f"({report.created} documents new this run, {report.updated} updated, {report.unchanged} unchanged)"
        )
        for q in qs:
            render_answer(app.ask(q["question"]), gold=[q["answer"], *q.get("answer_aliases", [])])
