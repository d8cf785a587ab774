"""Document loaders: a folder (or single file) of .txt, JSONL and ``[{title, text}]`` JSON corpora;
PDF, HTML, Word and Markdown come through ``hippograph.ingest.readers``.

Loaders yield either a :class:`Document` or an :class:`InputError` per item, so one bad
file or line is reported (naming the file and line) while the rest is still loaded.

Document keys (the identity that survives edits): a file's path relative to the folder
given; a JSON/JSONL record's ``id`` field if present, else its ``title`` (the n-th repeat
of a title in one file gets ``title#n``). Text is decoded as UTF-8 (a BOM is dropped);
any other encoding is rejected with the offending byte offset: convert such files first.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterator

from hippograph.core.errors import InputError
from hippograph.core.ids import content_hash, document_id
from hippograph.core.models import Document, Section
from hippograph.core.registry import LOADERS

logger = logging.getLogger(__name__)

# binary formats that turn up under a text extension (a renamed file)
_MAGIC = ((b"%PDF-", "PDF file"), (b"PK\x03\x04", "ZIP container (.docx, .xlsx or .zip)"),
          (b"\xd0\xcf\x11\xe0", "legacy Office file (.doc/.xls)"), (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"))
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

LoadItem = Document | InputError


def decode_text(raw: bytes, source: str) -> str:
    """Decode bytes as UTF-8 text, rejecting binary data and other encodings clearly."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    head = raw[:8192]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise InputError(source, f"this is a {kind}, not text: is the file extension wrong?")
    if b"\x00" in head:
        raise InputError(source, "binary file (NUL bytes found); only UTF-8 text is ingested")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            source, f"not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} at offset {exc.start}); convert it to UTF-8"
        ) from exc


def make_document(
    key: str, title: str, text: str, source: str, metadata: dict[str, str] | None = None,
    sections: tuple[Section, ...] = (),
) -> Document:
    if not text.strip():
        raise InputError(source, "empty document (no text)")
    return Document(
        id=document_id(key),
        key=key,
        title=title,
        text=text,
        source=source,
        content_hash=content_hash(title + "\n" + text),
        metadata=metadata or {},
        sections=sections,
    )


def check_size(path: Path, max_bytes: int) -> None:
    """Refuse a file above ``max_bytes`` before reading it."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(str(path), f"file is {size / 1e6:.1f} MB, above the {max_bytes / 1e6:.1f} MB limit per file")


def load_text_file(path: Path, key: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    check_size(path, max_bytes)
    text = decode_text(path.read_bytes(), str(path))
    return make_document(key, path.stem.replace("_", " "), text, str(path))


def _record_to_document(
    record: Any, source: str, line: int | None, seen_titles: dict[str, int], seen_ids: dict[str, int]
) -> Document:
    if not isinstance(record, dict):
        raise InputError(source, f"expected an object with 'text', got {type(record).__name__}", line)
    text = record.get("text", record.get("paragraph_text"))
    if not isinstance(text, str):
        raise InputError(source, "record has no string 'text' field", line)
    title = record.get("title") or ""
    if not isinstance(title, str):
        raise InputError(source, "'title' must be a string", line)
    where = line if line is not None else -1
    if record.get("id") is not None:
        key = str(record["id"])
        if key in seen_ids:
            raise InputError(source, f"duplicate document id {key!r} (first seen at record {seen_ids[key]})", line)
        seen_ids[key] = where
    else:
        n = seen_titles.get(title, 0)
        seen_titles[title] = n + 1
        key = title if n == 0 else f"{title}#{n}"
        if not title:
            key = f"{Path(source).name}#{where}"
    meta = {k: str(v) for k, v in record.items() if k not in {"text", "paragraph_text", "title", "id"}}
    return make_document(key, title, text, f"{source}:{line}" if line is not None else source, meta)


def load_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[LoadItem]:
    seen_titles: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    try:
        raw = path.read_bytes()
        text = decode_text(raw, str(path))
    except InputError as exc:
        yield exc
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(line.encode("utf-8", "surrogatepass")) > max_bytes:
            yield InputError(str(path), f"record is larger than the {max_bytes / 1e6:.1f} MB limit", lineno)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(str(path), f"malformed JSON: {exc.msg} (column {exc.colno})", lineno)
            continue
        try:
            yield _record_to_document(record, str(path), lineno, seen_titles, seen_ids)
        except InputError as exc:
            yield exc


def load_json_corpus(path: Path, max_bytes: int = 512 * 1024 * 1024) -> Iterator[LoadItem]:
    """A JSON list of ``{title, text}`` (optionally ``id``) records, as in HippoRAG's corpora."""
    try:
        check_size(path, max_bytes)
        data = json.loads(decode_text(path.read_bytes(), str(path)))
    except InputError as exc:
        yield exc
        return
    except json.JSONDecodeError as exc:
        yield InputError(str(path), f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return
    if isinstance(data, dict) and isinstance(data.get("docs"), list):
        data = data["docs"]
    if not isinstance(data, list):
        yield InputError(str(path), "expected a JSON list of {title, text} records")
        return
    seen_titles: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for i, record in enumerate(data):
        try:
            doc = _record_to_document(record, str(path), None, seen_titles, seen_ids)
            yield doc.model_copy(update={"source": f"{path}#{i}"})
        except InputError as exc:
            yield InputError(str(path), f"record {i}: {exc.problem}")


def load_text_items(path: Path, key: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[LoadItem]:
    """A .txt file as one document (its error as an item, so a folder goes on)."""
    try:
        yield load_text_file(path, key, max_bytes)
    except InputError as exc:
        yield exc


def load_jsonl_items(path: Path, key: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[LoadItem]:
    yield from load_jsonl(path, max_bytes)


def load_json_items(path: Path, key: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[LoadItem]:
    yield from load_json_corpus(path)  # a corpus file may be large: its own limit


def _load_file(path: Path, key: str, max_bytes: int) -> Iterator[LoadItem]:
    suffix = path.suffix.lower()
    if suffix not in LOADERS:
        known = ", ".join(LOADERS.names())
        yield InputError(str(path), f"unsupported file type {suffix or '(none)'}; hippograph reads {known}")
        return
    yield from LOADERS.factory(suffix)(path, key, max_bytes)


def iter_documents(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[LoadItem]:
    """Every document under ``path`` (a folder or one file); the file type picks the loader
    (``hippograph.core.registry.LOADERS``)."""
    if not path.exists():
        yield InputError(str(path), "no such file or directory")
        return
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
            yield from _load_file(file, str(file.relative_to(path)), max_bytes)
        return
    yield from _load_file(path, path.name, max_bytes)
