"""Readers for the documents people have: PDF, HTML, Word (.docx) and Markdown.

PDF and Word go through llama-index's file readers (``llama-index-readers-file``: ``PDFReader``
on pypdf, ``DocxReader`` on docx2txt); Markdown headers are found here (see ``read_markdown``);
HTML is read with BeautifulSoup (what llama-index's HTML reader uses) so that every heading,
not one tag, becomes a section. Each file becomes one :class:`Document` whose ``sections``
locate its passages: ``p. 3`` for a PDF page, ``§ Heading`` for HTML and Markdown.

A file that cannot be read yields one :class:`InputError` naming it and the problem
(encrypted, corrupt, no text layer, mostly script, a wrong extension); the folder goes on.
"""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterator

from hippograph.core.errors import InputError
from hippograph.core.models import Document, Section
from hippograph.ingest.loaders import DEFAULT_MAX_BYTES, LoadItem, check_size, decode_text, make_document

logger = logging.getLogger(__name__)

# a page of a rendered web page below this much text, under more script than text, is an app shell
MIN_HTML_TEXT = 200
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "table", "tr", "section", "article", "main", "header", "footer",
               "blockquote", "pre", "br", "hr", "dd", "dt", "figcaption", "aside", "nav", "td", "th"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Builder:
    """Text assembled part by part, with a section opened where a page or heading starts."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.sections: list[Section] = []
        self._pending: str | None = None

    def section(self, label: str) -> None:
        """The next text added starts a section (a section without text is dropped)."""
        self._pending = label

    def add(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        if self._pending is not None:
            self.sections.append(Section(start=self.length, label=self._pending))
            self._pending = None
        self.parts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _items(read: Callable[[Path, str, int], Document]) -> Callable[[Path, str, int], Iterator[LoadItem]]:
    """A reader as a loader: its document, or its error as an item so that the folder goes on."""

    def load(path: Path, key: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[LoadItem]:
        try:
            yield read(path, key, max_bytes)
        except InputError as exc:
            yield exc

    load.__doc__ = read.__doc__
    return load


def _head(path: Path, max_bytes: int) -> bytes:
    check_size(path, max_bytes)
    with path.open("rb") as fh:
        return fh.read(1024)


def _cause(exc: BaseException) -> BaseException:
    """The error under llama-index's tenacity retry wrapper."""
    last = getattr(exc, "last_attempt", None)
    inner = last.exception() if last is not None else None
    return inner if isinstance(inner, BaseException) else exc


# -- PDF ----------------------------------------------------------------------------------------
def read_pdf(path: Path, key: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A PDF, page by page (llama-index ``PDFReader``); each page is a section ``p. N``."""
    if b"%PDF-" not in _head(path, max_bytes):
        raise InputError(str(path), "not a PDF (no %PDF- header): is the file extension wrong?")
    from llama_index.readers.file import PDFReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        pages = PDFReader(return_full_document=False).load_data(path)
    except Exception as exc:  # noqa: BLE001 - every reader failure is this file's problem
        cause = _cause(exc)
        if isinstance(cause, FileNotDecryptedError):
            raise InputError(str(path), "encrypted PDF (password protected): save an unprotected copy to ingest it") from cause
        kind = "corrupt PDF" if isinstance(cause, (PdfReadError, ValueError, KeyError)) else "unreadable PDF"
        raise InputError(str(path), f"{kind} ({type(cause).__name__}: {cause})") from cause
    built = _Builder()
    for n, page in enumerate(pages, start=1):
        built.section(f"p. {page.metadata.get('page_label') or n}")
        built.add(page.text)
    if not built.text.strip():
        raise InputError(str(path), f"PDF has no text layer ({len(pages)} pages, no extractable text): "
                         "it is probably scanned; run OCR on it first")
    return make_document(key, _pdf_title(path, built.text), built.text, str(path),
                         {"format": "pdf", "pages": str(len(pages))}, tuple(built.sections))


def _pdf_title(path: Path, text: str) -> str:
    try:
        from pypdf import PdfReader

        meta = PdfReader(str(path)).metadata
        title = (meta.title or "").strip() if meta is not None else ""
    except Exception:  # noqa: BLE001 - the title is optional; the text was read
        title = ""
    return title or path.stem.replace("_", " ")


# -- HTML ---------------------------------------------------------------------------------------
def read_html(path: Path, key: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """An HTML page's visible text; every heading (h1–h6) opens a section ``§ Heading``."""
    _head(path, max_bytes)
    raw = decode_text(path.read_bytes(), str(path))
    if not re.search(r"<\s*(html|body|p|div|h[1-6]|title|span|table|!doctype)\b", raw[:65536], re.IGNORECASE):
        raise InputError(str(path), "not HTML (no HTML tags found): is the file extension wrong?")
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(raw, "html.parser")
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag is not None else ""
    script_chars = sum(len(t.get_text()) for t in soup.find_all(["script", "style"]))
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    built = _Builder()
    buffer: list[str] = []

    def flush() -> None:
        built.add(re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v\n]*", "\n", re.sub(r"[ \t]+", " ", "".join(buffer))))
        buffer.clear()

    def walk(node: Any) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, doctype or CDATA
                    buffer.append(str(child))
            elif isinstance(child, Tag):
                if child.name in _HEADINGS:
                    flush()
                    heading = child.get_text(" ", strip=True)
                    if heading:
                        built.section(f"§ {heading}")
                        built.add(heading)
                elif child.name in _BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(soup.body if soup.body is not None else soup)
    flush()
    visible = len(built.text.strip())
    if visible == 0:
        raise InputError(str(path), "HTML page has no visible text")
    if visible < MIN_HTML_TEXT and script_chars > visible:
        raise InputError(str(path), f"HTML page is mostly script ({visible} characters of text against {script_chars} "
                         "of script/style): it is rendered by JavaScript; save the rendered page or its text")
    if not title:
        first = soup.find(list(_HEADINGS))
        title = first.get_text(" ", strip=True) if first is not None else path.stem.replace("_", " ")
    return make_document(key, title, built.text, str(path), {"format": "html"}, tuple(built.sections))


# -- Word ---------------------------------------------------------------------------------------
def read_docx(path: Path, key: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A Word .docx file (llama-index ``DocxReader``)."""
    if not _head(path, max_bytes).startswith(b"PK\x03\x04"):
        raise InputError(str(path), "not a .docx file (not a ZIP container): is the file extension wrong? "
                         "Old binary .doc files must be saved as .docx first")
    from llama_index.readers.file import DocxReader

    try:
        docs = DocxReader().load_data(path)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(str(path), f"corrupt .docx file ({type(exc).__name__}: {exc})") from exc
    text = "\n\n".join(d.text.strip() for d in docs if d.text.strip())
    if not text:
        raise InputError(str(path), "the .docx file has no text")
    title = next((line.strip() for line in text.splitlines() if line.strip()), path.stem)[:200]
    return make_document(key, title, text, str(path), {"format": "docx"})


# -- Markdown -----------------------------------------------------------------------------------
def read_markdown(path: Path, key: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A Markdown file; every ATX header (``#`` … ``######``, outside fenced code) opens a section.

    llama-index's ``MarkdownReader`` folds nested headers into one record, losing where each
    section starts, so headers are found here; the text is kept as written."""
    check_size(path, max_bytes)
    raw = decode_text(path.read_bytes(), str(path))
    built = _Builder()
    title = ""
    body: list[str] = []
    fenced = False
    for line in raw.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        header = None if fenced else _MD_HEADER.match(line)
        if header is None:
            body.append(line)
            continue
        built.add("\n".join(body))
        body.clear()
        heading = header.group(1).strip()
        title = title or heading
        built.section(f"§ {heading}")
        built.add(heading)
    built.add("\n".join(body))
    return make_document(key, title or path.stem.replace("_", " "), built.text, str(path), {"format": "markdown"},
                         tuple(built.sections))


_MD_HEADER = re.compile(r"^ {0,3}#{1,6}\s+(.+?)\s*#*\s*$")


load_pdf_items = _items(read_pdf)
load_html_items = _items(read_html)
load_docx_items = _items(read_docx)
load_markdown_items = _items(read_markdown)
