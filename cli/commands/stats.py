"""``hippograph stats``: counts of documents, passages, entities, triples, synonym edges."""

from __future__ import annotations

import typer

from hippograph.cli.common import build_settings, console, handle_errors, stats_table


@handle_errors
def stats(ctx: typer.Context) -> None:
    """Show what the graph holds."""
    # heavy modules are imported when the command runs, so `hippograph --help` stays fast
    from hippograph.runtime.app import Hippograph

    settings = build_settings(ctx)
    with Hippograph(settings) as app:
        console.print(stats_table(app.store.stats().model_dump()))
