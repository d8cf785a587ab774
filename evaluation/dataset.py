"""Question sets in the HippoRAG/MuSiQue format, with gold passages mapped to passage ids."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from hippograph.core.errors import InputError
from hippograph.core.ids import passage_id


@dataclass(frozen=True)
class QAItem:
    id: str
    question: str
    answers: tuple[str, ...]
    gold_passage_ids: tuple[str, ...]
    hops: int
    # the single-hop questions the item decomposes into (MuSiQue's ``question_decomposition``,
    # earlier answers filled in for "#1"; "X >> relation" hops left out), each with its answer
    sub_questions: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _sub_questions(hops: list[dict[str, object]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out: list[tuple[str, tuple[str, ...]]] = []
    answers: list[str] = []
    for h in hops:
        text = str(h["question"])
        for k, a in enumerate(answers):
            text = text.replace(f"#{k + 1}", a)
        answers.append(str(h["answer"]))
        if ">>" not in text and "#" not in text:
            out.append((text, (answers[-1],)))
    return tuple(out)


def load_questions(path: Path, limit: int | None = None) -> list[QAItem]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read questions: {exc}") from exc
    if not isinstance(data, list):
        raise InputError(str(path), "expected a JSON list of questions")
    items = []
    for i, q in enumerate(data[:limit] if limit else data):
        try:
            gold = tuple(
                passage_id(p["title"] + "\n" + p.get("paragraph_text", p.get("text", "")))
                for p in q.get("paragraphs", [])
                if p.get("is_supporting")
            )
            items.append(
                QAItem(
                    id=str(q.get("id", i)),
                    question=q["question"],
                    answers=tuple([q["answer"], *q.get("answer_aliases", [])]),
                    gold_passage_ids=gold,
                    hops=len(q.get("question_decomposition", [])) or len(gold),
                    sub_questions=_sub_questions(q.get("question_decomposition", [])),
                )
            )
        except (KeyError, TypeError) as exc:
            raise InputError(str(path), f"question {i}: missing field {exc}") from exc
    return items
