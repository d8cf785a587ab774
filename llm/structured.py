"""LLM output as JSON validated against a pydantic model, with an explicit on-error policy.

Policy: parse the first JSON object in the reply and validate it; if that fails, ask once
more with the validation error appended; if the retry fails too, raise
:class:`LLMOutputError` (``on_invalid = "raise"``) or return the caller's offline fallback
(``"fallback"``), logging a warning. Invalid output is never turned into an empty result.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Callable, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from hippograph.core.errors import LLMOutputError
from hippograph.llm.port import LLM

logger = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


def extract_json(text: str) -> str:
    """The JSON object in an LLM reply (inside a code fence or the outermost braces)."""
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise ValueError("no JSON object in the reply")
    return text[start : end + 1]


def parse_as(model: type[M], text: str, prefill: str = "") -> M:
    try:
        return model.model_validate(json.loads(extract_json(text)))
    except (ValueError, ValidationError) as exc:
        closed = close_prefilled(text, prefill)
        if closed is not None:
            try:
                return model.model_validate(json.loads(closed))
            except (ValueError, ValidationError):
                pass
        raise LLMOutputError(f"reply is not a valid {model.__name__}: {str(exc)[:300]}") from exc


def close_prefilled(text: str, prefill: str) -> str | None:
    """A reply continued from a prefill that opens a string value (``{"answer": "``) but did not
    finish the object: the value up to its closing quote (or the end of its line), object closed.
    Everything else the model wrote after the value is dropped; the result is still validated."""
    if not prefill.endswith('"') or not text.startswith(prefill):
        return None
    rest = text[len(prefill):]
    end = min((i for i in (rest.find('"'), rest.find("\n")) if i >= 0), default=len(rest))
    value = rest[:end].strip()
    return prefill + value.replace("\\", "") + '"}' if value else None


def generate(
    llm: LLM,
    prompt: str,
    model: type[M],
    on_invalid: Literal["raise", "fallback"] = "raise",
    fallback: Callable[[], M] | None = None,
    check: Callable[[M], None] | None = None,
    prefill: str = "",
) -> tuple[M, bool]:
    """(validated output, used_fallback). ``check`` may raise LLMOutputError for semantic errors.
    ``prefill`` (the prompt's): the retry continues the reply from it, for models that do not
    start a JSON reply on their own (small local models)."""

    def attempt(text: str, start: str = "") -> M:
        out = parse_as(model, llm.complete(text, prefill=start) if start else llm.complete(text), start)
        if check:
            check(out)
        return out

    try:
        return attempt(prompt), False
    except LLMOutputError as first:
        retry = (
            f"{prompt}\n\nYour previous answer was invalid ({first}). Answer again with JSON only, "
            "exactly in the requested format."
        )
        try:
            return attempt(retry, prefill), False
        except LLMOutputError as second:
            if on_invalid == "fallback" and fallback is not None:
                logger.warning("LLM %s gave invalid output twice (%s); using the offline fallback", llm.name, second)
                return fallback(), True
            raise LLMOutputError(f"LLM {llm.name} gave invalid output twice: {second}") from second
