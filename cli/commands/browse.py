"""``hippograph browse QUESTION``: print the Neo4j Browser commands that draw the question's subgraph."""

from __future__ import annotations

import json
from typing import Optional

import typer

from hippograph.cli.common import build_settings, console, handle_errors
from hippograph.graph import cypher

@handle_errors
def browse(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="The question whose retrieved subgraph to show."),
    k: Optional[int] = typer.Option(5, "-k", help="Top passages to show."),
) -> None:
    """Retrieve (PPR + clues) and print `:param` lines plus a query to paste into Neo4j Browser."""
    # heavy modules are imported when the command runs, so `hippograph --help` stays fast
    from hippograph.runtime.app import Hippograph

    settings = build_settings(ctx)
    with Hippograph(settings) as app:
        result = app.retrieve_with_clues(question, k=k)
        passage_ids = [p.passage_id for p in result.passages]
        entity_ids = {n.entity_id for n in result.seeds}
        for t in app.store.triples_of_passages(passage_ids):
            entity_ids.update((t.subject_id, t.object_id))
    _say(f"// {len(passage_ids)} passages ranked highest by PPR for: {' '.join(question.split())}")
    _say(f":param passage_ids => {json.dumps(passage_ids)}")
    _say(f":param entity_ids => {json.dumps(sorted(entity_ids))}")
    _say(cypher.BROWSE_SUBGRAPH)
    if settings.store.backend == "neo4j":
        http = settings.neo4j.uri.replace("bolt://", "http://").rsplit(":", 1)[0]
        console.print(f"// open {http}:7474/browser/ (or your HTTP port), paste the lines above", highlight=False, markup=False)


def _say(text: str) -> None:
    """Print verbatim (markup=False): rich would take [m:MENTIONS] for a style tag and drop it."""
    console.print(text, highlight=False, soft_wrap=True, markup=False)
