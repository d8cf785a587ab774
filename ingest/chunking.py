"""Token-aware chunking with llama-index's SentenceSplitter; short documents stay whole."""

from __future__ import annotations

import bisect
from typing import Any

from hippograph.core.ids import normalize_text, passage_id
from hippograph.core.models import Document, Passage, Section
from hippograph.core.settings import ChunkSettings
from hippograph.core.tokens import count_tokens, default_tokenizer


class Chunker:
    def __init__(self, settings: ChunkSettings) -> None:
        self._settings = settings
        self._splitter: Any = None

    def _split(self, text: str) -> list[str]:
        if self._splitter is None:
            from llama_index.core.node_parser import SentenceSplitter

            self._splitter = SentenceSplitter(
                chunk_size=self._settings.chunk_size,
                chunk_overlap=min(self._settings.chunk_overlap, self._settings.chunk_size // 2),
                tokenizer=default_tokenizer(),
            )
        chunks: list[str] = self._splitter.split_text(text)
        return chunks

    def chunk(self, doc: Document, whole: bool = False) -> list[Passage]:
        """Passages of ``doc``; ``whole`` keeps the document as one passage whatever its length."""
        text = doc.text
        n = count_tokens(text)
        pieces = [text] if whole or n <= self._settings.chunk_size else self._split(text)
        passages: list[Passage] = []
        seen: set[str] = set()
        cursor = 0
        for piece in pieces:
            start = text.find(piece[:64].strip(), cursor)
            start = cursor if start < 0 else start
            cursor = start
            if not normalize_text(piece):
                continue
            # The title is part of the passage identity (HippoRAG indexes "title\ntext").
            pid = passage_id(doc.title + "\n" + piece)
            if pid in seen:
                continue
            seen.add(pid)
            passages.append(
                Passage(
                    id=pid,
                    doc_id=doc.id,
                    title=doc.title,
                    text=piece,
                    position=len(passages),
                    n_tokens=n if len(pieces) == 1 else count_tokens(piece),
                    locator=locate(doc, start, start + len(piece)),
                )
            )
        return passages


def locate(doc: Document, start: int, end: int) -> str:
    """Where ``doc.text[start:end]`` is in its file: ``report.pdf p. 3``, ``report.pdf pp. 3–4``,
    ``guide.html § Install``; empty for a document without sections."""
    if not doc.sections:
        return ""
    starts = [s.start for s in doc.sections]
    first = doc.sections[max(bisect.bisect_right(starts, start) - 1, 0)]
    last = doc.sections[max(bisect.bisect_right(starts, max(end - 1, start)) - 1, 0)]
    return f"{doc.key} {_span(first, last)}"


def _span(first: Section, last: Section) -> str:
    if first.label == last.label:
        return first.label
    if first.label.startswith("p. ") and last.label.startswith("p. "):
        return f"pp. {first.label[3:]}–{last.label[3:]}"
    return first.label
