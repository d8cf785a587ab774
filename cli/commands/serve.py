"""``hippograph serve``: serve the scheduled ingest and on-demand QA deployments (needs PREFECT_API_URL)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from hippograph.cli.common import build_settings, handle_errors


@handle_errors
def serve(
    ctx: typer.Context,
    source: Optional[Path] = typer.Option(None, "--source", help="What the scheduled ingest deployment ingests."),
    cron: Optional[str] = typer.Option(None, "--cron", help="Cron schedule of the ingest deployment (default nightly 02:00)."),
) -> None:
    """Serve `ingest-corpus/ingest` (cron) and `hippograph-qa/qa` (on demand) until interrupted."""
    # heavy modules are imported when the command runs, so `hippograph --help` stays fast
    from hippograph.flows.serve import serve as serve_deployments

    settings = build_settings(ctx, **{"flows.ingest_source": source, "flows.ingest_cron": cron})
    obj = ctx.obj or {}
    overrides: dict[str, object] = {}
    for key, value in {**obj.get("overrides", {}), "flows.ingest_source": source, "flows.ingest_cron": cron}.items():
        if value is not None:
            section, _, name = key.partition(".")
            overrides.setdefault(section, {})[name] = str(value)  # type: ignore[index]
    serve_deployments(settings, obj.get("config"), overrides)
