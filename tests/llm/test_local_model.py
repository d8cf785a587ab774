"""The real local model (SmolLM2-135M-Instruct, GGUF, on the CPU) through the answer stage.

The model's own reply must reach the answer: a recorder between the app and the model keeps
every raw reply, and the answer given is read from one of them (the fallback path, where the
offline reader answers, is tested in tests/reliability/test_faults.py)."""

from __future__ import annotations

from hippograph.core.ids import normalize_entity
from hippograph.core.settings import load_settings
from tests.llm.recording import RecordingLLM


def test_smollm2_answers_through_the_llm_reader(demo_app) -> None:  # type: ignore[no-untyped-def]
    from hippograph.llm.port import make_llm
    from hippograph.runtime.app import Hippograph

    settings = load_settings(store={"path": demo_app.settings.store.path},
                             llm={"provider": "local", "on_invalid": "raise", "max_tokens": 48},
                             selection={"budget_tokens": 400})
    llm = RecordingLLM(make_llm(settings.llm))
    app = Hippograph(settings, embedder=demo_app.embedder, store=demo_app.store, llm=llm)
    answer = app.ask("What country was the author of Brand a citizen of?")
    assert answer.kind in {"generative", "abstain"}  # the LLM reader's kinds; the offline ones would be graph-path/extractive
    assert llm.replies and any(normalize_entity(answer.given)
                               in normalize_entity(r) for r in llm.replies if answer.answer.strip())
    given = {p.passage_id for p in (answer.selection.passages if answer.selection else answer.retrieval.passages)}
    assert all(c.passage_id in given for c in answer.citations)
