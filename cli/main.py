"""``hippograph`` command line (typer): one command per module in ``cli/commands``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

import typer

from hippograph.cli.commands import ask, browse, demo, eval_cmd, ingest, serve, stats

app = typer.Typer(
    name="hippograph",
    help="Graph-RAG as dataflow jobs: ingest documents into a knowledge graph, ask multi-hop questions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    ctx: typer.Context,
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="TOML settings file."),
    store: Optional[str] = typer.Option(None, "--store", help="Graph store: embedded or neo4j."),
    store_path: Optional[Path] = typer.Option(None, "--store-path", help="Directory of the embedded store."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress at INFO level."),
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("bm25s", "sentence_transformers", "httpx", "neo4j"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    overrides = {"store.backend": store, "store.path": store_path}
    ctx.obj = {"config": config, "overrides": {k: v for k, v in overrides.items() if v is not None}}


app.command("demo")(demo.demo)
app.command("ingest")(ingest.ingest)
app.command("ask")(ask.ask)
app.command("stats")(stats.stats)
app.command("eval")(eval_cmd.eval_cmd)
app.command("serve")(serve.serve)
app.command("browse")(browse.browse)

if __name__ == "__main__":  # pragma: no cover
    app()
