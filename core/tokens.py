"""Token counting for chunking and budgets (tiktoken cl100k_base, bundled with llama-index)."""

from __future__ import annotations

from functools import lru_cache
from typing import Callable


@lru_cache(maxsize=1)
def default_tokenizer() -> Callable[[str], list[int]]:
    from llama_index.core.utils import get_tokenizer

    tok: Callable[[str], list[int]] = get_tokenizer()
    return tok


def count_tokens(text: str) -> int:
    return len(default_tokenizer()(text))
