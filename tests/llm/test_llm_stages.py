"""LLM extractor and LLM-judged selection utility with a scripted LLM that follows the port."""

from __future__ import annotations

from pathlib import Path

from hippograph.core.models import Passage, RetrievedPassage
from hippograph.ingest.extractors.llm_ie import ExtractionCache, LLMExtractor
from hippograph.ingest.extractors.spacy_ie import SpacyExtractor
from hippograph.llm.port import ScriptedLLM
from hippograph.retrieval.generate import LLMUtility
from hippograph.retrieval.selection import MCTSSelector


def _passage(text: str) -> Passage:
    return Passage(id=f"psg-{abs(len(text))}", doc_id="d", title="Curie", text=text, position=0, n_tokens=10)


def test_llm_extractor_two_steps_and_cache(tmp_path: Path) -> None:
    llm = ScriptedLLM(['{"entities": ["Marie Curie", "Warsaw"]}', '{"triples": [["Marie Curie", "born in", "Warsaw"], ["bad"]]}'])
    ext = LLMExtractor(llm, ExtractionCache(tmp_path / "cache.sqlite3"), fallback=None)
    p = _passage("Marie Curie was born in Warsaw.")
    [ex] = ext.extract([p])
    assert {(t.subject, t.predicate, t.object) for t in ex.triples} == {("Marie Curie", "born in", "Warsaw")}
    assert "Marie Curie" in llm.prompts[1] and "Warsaw" in llm.prompts[1]  # triples conditioned on the entities
    again = LLMExtractor(ScriptedLLM([]), ExtractionCache(tmp_path / "cache.sqlite3"), fallback=None)
    [ex2] = again.extract([p])  # a re-run costs nothing: no response is left in the script
    assert ex2 == ex and again.calls == 0


def test_llm_extractor_cache_and_revision_follow_the_prompts(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Another extraction prompt is another extraction: the cached reply is not reused, and the
    revision (part of the store's extraction fingerprint) changes, so stored documents rebuild."""
    from dataclasses import replace

    from hippograph.ingest.extractors import llm_ie

    replies = ['{"entities": ["Marie Curie"]}', '{"triples": [["Marie Curie", "born in", "Warsaw"]]}']
    p = _passage("Marie Curie was born in Warsaw.")
    first = LLMExtractor(ScriptedLLM(list(replies)), ExtractionCache(tmp_path / "cache.sqlite3"), fallback=None)
    first.extract([p])
    before = first.revision
    monkeypatch.setattr(llm_ie, "TRIPLES", replace(llm_ie.TRIPLES, template=llm_ie.TRIPLES.template + "\nBe brief."))
    monkeypatch.setattr(llm_ie, "_PROMPTS", llm_ie.sha256_id(llm_ie.NER.template, llm_ie.TRIPLES.template)[-12:])
    second = LLMExtractor(ScriptedLLM(list(replies)), ExtractionCache(tmp_path / "cache.sqlite3"), fallback=None)
    second.extract([p])
    assert second.calls == 1 and second.revision != before


def test_llm_extractor_invalid_output_falls_back_to_spacy(tmp_path: Path) -> None:
    ext = LLMExtractor(ScriptedLLM(["nope", "still nope"]), ExtractionCache(tmp_path / "c.sqlite3"), fallback=SpacyExtractor())
    [ex] = ext.extract([_passage("Marie Curie was born in Warsaw.")])
    assert any(t.object == "Warsaw" for t in ex.triples)


def test_llm_utility_drives_mcts() -> None:
    cands = [RetrievedPassage(passage_id=f"p{i}", doc_id="d", title=f"T{i}", text="x", rank=i + 1, score=1.0, n_tokens=10)
             for i in range(2)]
    # scores for {p0}, {p0,p1}, {p1} in the order the search asks; every later set reuses the cache
    llm = ScriptedLLM(['{"score": 6}', '{"score": 4}', '{"score": 9}'] + ['{"score": 1}'] * 20)
    result = MCTSSelector(iterations=10, seed=0).select(cands, 100, LLMUtility(llm, "q?", cands))
    assert [p.passage_id for p in result.passages] == ["p1"] and result.utility == 0.9
