"""The real local model (SmolLM2-135M-Instruct, GGUF) through clues and the answer stage."""

from __future__ import annotations

import pytest

from hippograph.core.settings import load_settings

pytestmark = pytest.mark.slow


def test_smollm2_through_clues_and_answer(demo_app) -> None:  # type: ignore[no-untyped-def]
    from hippograph.runtime.app import Hippograph

    settings = load_settings(
        store={"path": demo_app.settings.store.path},
        llm={"provider": "local", "on_invalid": "fallback"},
        clues={"generator": "llm"},
    )
    app = Hippograph(settings, embedder=demo_app.embedder, store=demo_app.store)
    answer = app.ask("What country was the author of Brand a citizen of?")
    assert answer.answer
    given = {p.passage_id for p in (answer.selection.passages if answer.selection else answer.retrieval.passages)}
    assert all(c.passage_id in given for c in answer.citations)
    assert answer.retrieval.clues  # from the LLM, or the offline fallback if its JSON was invalid twice
