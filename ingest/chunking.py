"""Token-aware chunking with llama-index's SentenceSplitter; short documents stay whole."""

from __future__ import annotations

from typing import Any

from hippograph.core.ids import normalize_text, passage_id
from hippograph.core.models import Document, Passage
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
        for piece in pieces:
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
                )
            )
        return passages
