"""Every prompt hippograph sends, as objects with declared inputs (one module)."""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter


@dataclass(frozen=True)
class Prompt:
    name: str
    inputs: tuple[str, ...]
    template: str

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
    inputs=("question", "passages"),
    template=(
        "Answer the question using only the passages. Cite the passages you used by their ids.\n"
        'Answer with JSON only: {{"answer": "short answer", "citations": ["P1"]}}\n\n'
        "Passages:\n{passages}\n\nQuestion: {question}\n"
    ),
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
