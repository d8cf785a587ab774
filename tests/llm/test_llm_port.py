"""The LLM port with a scripted llama-index LLM: valid JSON, retry, policy on invalid output."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from hippograph.core.errors import LLMOutputError
from hippograph.core.models import RetrievalResult, RetrievedPassage
from hippograph.llm.port import ScriptedLLM
from hippograph.llm.prompts import ANSWER, Prompt
from hippograph.llm.structured import generate
from hippograph.retrieval.generate import LLMAnswerer


class Out(BaseModel):
    answer: str


def test_valid_json_parsed_even_in_a_fence() -> None:
    llm = ScriptedLLM(['Sure!\n```json\n{"answer": "Paris"}\n```'])
    out, fell_back = generate(llm, "q", Out)
    assert out.answer == "Paris" and not fell_back
    assert len(llm.prompts) == 1


def test_invalid_then_valid_retries_once_with_the_error() -> None:
    llm = ScriptedLLM(["not json at all", '{"answer": "Paris"}'])
    out, _ = generate(llm, "q", Out)
    assert out.answer == "Paris"
    assert "previous answer was invalid" in llm.prompts[1]


def test_invalid_twice_raises_or_falls_back() -> None:
    with pytest.raises(LLMOutputError, match="invalid output twice"):
        generate(ScriptedLLM(["{}", '{"nope": 1}']), "q", Out, on_invalid="raise")
    out, fell_back = generate(ScriptedLLM(["{}", "[]"]), "q", Out, on_invalid="fallback", fallback=lambda: Out(answer="offline"))
    assert fell_back and out.answer == "offline"


def test_prompts_declare_their_inputs() -> None:
    with pytest.raises(ValueError, match="declares"):
        Prompt(name="bad", inputs=("a",), template="{a} {b}")
    with pytest.raises(ValueError, match="missing"):
        ANSWER.render(question="q")


def _retrieval() -> RetrievalResult:
    ps = tuple(RetrievedPassage(passage_id=f"psg-{i}", doc_id="d", title=f"T{i}", text=f"Fact number {i}. Paris is big.",
                                rank=i, score=1.0) for i in (1, 2))
    return RetrievalResult(question="Which city is big?", method="ppr", passages=ps)


class _Offline:
    def answer(self, retrieval, selection=None, clues=()):  # type: ignore[no-untyped-def]
        from hippograph.core.models import Answer

        return Answer(question=retrieval.question, answer="offline", kind="extractive", citations=(), retrieval=retrieval)


def test_llm_answer_cites_given_passages_and_rejects_unknown_ones() -> None:
    llm = ScriptedLLM(['{"answer": "Paris", "citations": ["P2"]}'])
    a = LLMAnswerer(llm, _Offline(), on_invalid="raise").answer(_retrieval())  # type: ignore[arg-type]
    assert a.kind == "generative" and a.answer == "Paris" and [c.passage_id for c in a.citations] == ["psg-2"]
    assert "Paris is big" in a.citations[0].evidence
    bad = ScriptedLLM(['{"answer": "Paris", "citations": ["P9"]}', '{"answer": "Paris", "citations": ["P7"]}'])
    with pytest.raises(LLMOutputError, match="P7, which were not given"):
        LLMAnswerer(bad, _Offline(), on_invalid="raise").answer(_retrieval())  # type: ignore[arg-type]
    fallback = LLMAnswerer(ScriptedLLM(["garbage", "garbage"]), _Offline(), on_invalid="fallback").answer(_retrieval())  # type: ignore[arg-type]
    assert fallback.answer == "offline" and fallback.kind == "extractive"


def test_unreachable_endpoint_follows_the_policy() -> None:
    from hippograph.core.settings import LLMSettings
    from hippograph.llm.port import make_llm

    llm = make_llm(LLMSettings(provider="openai-like", model="m", api_base="http://127.0.0.1:9/v1", timeout_s=2))
    assert llm is not None
    a = LLMAnswerer(llm, _Offline(), on_invalid="fallback").answer(_retrieval())  # type: ignore[arg-type]
    assert a.answer == "offline"
    from hippograph.core.errors import LLMError

    with pytest.raises(LLMError, match="openai-like:m@http://127.0.0.1:[0-9]+/v1 failed"):
        LLMAnswerer(llm, _Offline(), on_invalid="raise").answer(_retrieval())  # type: ignore[arg-type]
