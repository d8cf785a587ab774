"""An LLM port wrapper that keeps the raw replies of the model it wraps (for tests)."""

from __future__ import annotations

from hippograph.llm.port import LLM


class RecordingLLM:
    def __init__(self, inner: LLM) -> None:
        self.inner = inner
        self.prompts: list[str] = []
        self.replies: list[str] = []

    @property
    def name(self) -> str:
        return self.inner.name

    def complete(self, prompt: str, prefill: str = "") -> str:
        self.prompts.append(prompt)
        reply = self.inner.complete(prompt, prefill=prefill)
        self.replies.append(reply)
        return reply

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)
