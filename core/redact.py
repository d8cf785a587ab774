"""Keeping secrets out of log records and error messages.

Secrets (the Neo4j password, an LLM API key) are registered where they are used; from then
on every log record created in the process has them, and any ``user:password@`` part of a
URL, replaced by ``***`` — including records of third-party loggers (httpx logs request URLs
at INFO, the OpenAI client its request options at DEBUG).
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

_USERINFO = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@")
_lock = threading.Lock()
_secrets: set[str] = set()
_installed = False


def scrub(text: str) -> str:
    """``text`` with registered secrets and URL credentials replaced by ``***``."""
    text = _USERINFO.sub(r"\1***@", text)
    for secret in _secrets:
        text = text.replace(secret, "***")
    return text


def register_secret(value: str | None) -> None:
    """Redact ``value`` from every log record from now on (values under 4 characters are ignored)."""
    global _installed
    with _lock:
        if value and len(value) >= 4:
            _secrets.add(value)
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            try:
                message = record.getMessage()
            except Exception:  # a malformed record: leave it to the logging machinery
                return record
            clean = scrub(message)
            if clean != message:
                record.msg, record.args = clean, ()
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
