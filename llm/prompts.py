"""Every prompt hippograph sends, as objects with declared inputs (one module)."""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter


@dataclass(frozen=True)
class Prompt:
    name: str
    inputs: tuple[str, ...]
    template: str
    # the start of a valid reply ('{"answer": "'): a model that does not answer JSON on its own is
    # asked again continuing from it (see llm.structured.generate)
    prefill: str = ""

    def __post_init__(self) -> None:
        used = {f for _, f, _, _ in Formatter().parse(self.template) if f}
        if used != set(self.inputs):
            raise ValueError(f"prompt {self.name}: template uses {sorted(used)}, declares {sorted(self.inputs)}")

    def render(self, **values: str) -> str:
        missing = set(self.inputs) - set(values)
        extra = set(values) - set(self.inputs)
        if missing or extra:
            raise ValueError(f"prompt {self.name}: missing {sorted(missing)}, unexpected {sorted(extra)}")
        return self.template.format(**values)


NER = Prompt(
    name="ner",
    inputs=("passage",),
    template=(
        "Extract the named entities (people, organisations, places, works, dates, numbers) from the passage.\n"
        'Answer with JSON only: {{"entities": ["...", "..."]}}\n\nPassage:\n{passage}\n'
    ),
)

TRIPLES = Prompt(
    name="triples",
    inputs=("passage", "entities"),
    template=(
        "Extract facts from the passage as (subject, relation, object) triples. Each triple should contain at "
        "least one of the named entities; resolve pronouns to the entity they refer to.\n"
        'Answer with JSON only: {{"triples": [["subject", "relation", "object"], ...]}}\n\n'
        "Named entities: {entities}\n\nPassage:\n{passage}\n"
    ),
)

CLUES = Prompt(
    name="clues",
    inputs=("question", "memory"),
    template=(
        "You hold a memory of a document collection (facts below). For the question, write clues that would "
        "help find the evidence: short answer-bearing text spans, surrogate questions for the intermediate "
        "steps, and a draft answer.\n"
        'Answer with JSON only: {{"spans": ["..."], "surrogate_questions": ["..."], "draft_answer": "..."}}\n\n'
        "Memory:\n{memory}\n\nQuestion: {question}\n"
    ),
)

ANSWER = Prompt(
    name="answer",
    inputs=("question", "passages", "facts"),
    template=(
        "You read passages closely and answer multi-hop questions from them. Work out the chain of facts "
        "that leads from what the question names to the answer, hop by hop, using only the passages.\n"
        "Give a short answer (a name, date or number, not a sentence), the ids of the passages you used, and "
        "the chain as 'A -relation-> B -relation-> answer'. If the passages do not contain the answer, "
        'answer "not found in the documents".\n'
        'Answer with JSON only: {{"answer": "short answer", "citations": ["P1", "P2"], "path": "A -relation-> B"}}\n\n'
        "Passages:\n{passages}\n\nFacts from the knowledge graph (may help, may be wrong):\n{facts}\n\n"
        "Question: {question}\n"
    ),
    prefill='{"answer": "',
)

UTILITY = Prompt(
    name="utility",
    inputs=("question", "passages"),
    template=(
        "Rate how useful this set of passages is for answering the question, from 0 (useless) to 10 "
        "(everything needed, nothing redundant).\n"
        'Answer with JSON only: {{"score": 7}}\n\nPassages:\n{passages}\n\nQuestion: {question}\n'
    ),
)
