"""``hippograph browse QUESTION``: answer the question and print the Neo4j Browser commands that
draw its evidence: seed entities, the answer's reasoning path, the cited passages, the answer."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Optional

import typer

from hippograph.cli.common import build_settings, handle_errors, say_verbatim
from hippograph.core.errors import ConfigError
from hippograph.graph import cypher

# the evidence view stays readable: at most this many seeds and cited passages are drawn
MAX_SEEDS = 6
MAX_CITED = 5


@handle_errors
def browse(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="The question whose evidence to draw."),
    k: Optional[int] = typer.Option(5, "-k", help="Top passages to show with --wide."),
    wide: bool = typer.Option(False, "--wide", help="Draw the PPR neighbourhood (top passages and their "
                              "entities) instead of the evidence."),
) -> None:
    """Answer QUESTION, save its evidence in Neo4j as a (:Question) node, and print the commands
    to paste into Neo4j Browser (in one go; the project's style applies on connect)."""
    # heavy modules are imported when the command runs, so `hippograph --help` stays fast
    from hippograph.core.ids import content_hash, entity_id
    from hippograph.graph.neo4j_store import Neo4jStore
    from hippograph.runtime.app import Hippograph

    settings = build_settings(ctx)
    if settings.store.backend != "neo4j":
        raise ConfigError("browse draws in Neo4j Browser: run it with --store neo4j (the embedded store has no Browser)")
    one_line = " ".join(question.split())
    with Hippograph(settings) as app:
        if wide:
            result = app.retrieve_with_clues(question, k=k)
            passage_ids = [p.passage_id for p in result.passages]
            entity_ids = {n.entity_id for n in result.seeds}
            for t in app.store.triples_of_passages(passage_ids):
                entity_ids.update((t.subject_id, t.object_id))
            header = f"// The {len(passage_ids)} passages PPR ranks highest for: {one_line}"
            params: dict[str, str | list[str]] = {"passage_ids": passage_ids, "entity_ids": sorted(entity_ids)}
            query = cypher.BROWSE_SUBGRAPH
        else:
            answer = app.ask(question)
            path = answer.path.hops if answer.path is not None else ()
            answer_ids = []
            if answer.kind != "abstain" and answer.answer:
                end = path[-1] if path else None
                answer_ids = [entity_id((end.object if end.forward else end.subject) if end else answer.answer)]
            qid = content_hash(one_line)
            store = app.store
            assert isinstance(store, Neo4jStore)
            store.save_question(
                {"id": qid, "text": one_line, "answer": answer.answer, "confidence": round(answer.confidence, 3),
                 "path": [h.triple_id for h in path if h.triple_id], "asked_at": datetime.now(timezone.utc).isoformat()},
                seeds=[(s.entity_id, round(s.score, 4)) for s in answer.retrieval.seeds[:MAX_SEEDS]],
                cited=[c.passage_id for c in answer.citations[:MAX_CITED]], answer_ids=answer_ids,
            )
            verdict = f"{answer.answer} ({answer.kind}, confidence {answer.confidence:.2f})"
            header = f"// {one_line} -> {verdict}" + (f"\n// path: {answer.path.text}" if answer.path else "")
            params = {"question_id": qid}
            query = cypher.EVIDENCE_VIEW
    say_verbatim(header)
    say_verbatim(f"// Open {settings.neo4j.browser_link()} and paste these lines in one go:")
    say_verbatim(for_browser(query, **params))


_BROWSER_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")


def for_browser(query: str, **ids: str | list[str]) -> str:
    """``query`` as one statement to paste into Neo4j Browser, with ``$name`` replaced by the
    literal ids given. The Browser draws a single statement; ``:param`` lines pasted with it make
    a multi-statement run that shows no drawing. Only ids hippograph made (sha256 hex with a
    prefix) are accepted, never user text: anything else raises ValueError."""
    out = query
    for name, value in ids.items():
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if not _BROWSER_ID.match(v)]
        if bad:
            raise ValueError(f"not a hippograph id: {bad[0]!r}")
        out = re.sub(rf"\${name}\b", lambda _m: json.dumps(value), out)
    if "$" in out:
        raise ValueError(f"a parameter of the printed query has no value: {out}")
    return out
