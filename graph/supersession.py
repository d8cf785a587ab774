"""Which predicates hold one value at a time (AriGraph-style outdating of facts)."""

from __future__ import annotations

from typing import Sequence

from hippograph.core.ids import normalize_text


def is_functional(predicate: str, functional: Sequence[str]) -> bool:
    """True if the predicate names a single-valued relation (word-boundary match on the configured terms)."""
    p = f" {normalize_text(predicate).lower()} "
    return any(f" {term.lower()} " in p for term in functional)
