"""PDF, HTML, Word and Markdown through the file readers: sections, locators, and bad files."""

from __future__ import annotations

from pathlib import Path

from hippograph.core.errors import InputError
from hippograph.core.models import Document
from hippograph.core.settings import ChunkSettings, load_settings
from hippograph.ingest.chunking import Chunker
from hippograph.ingest.loaders import iter_documents
from tests.ingest.files import encrypt_pdf, make_docx, make_pdf

HTML = """<!doctype html><html><head><title>Fjord guide</title><style>body {color: red}</style>
<script>var tracking = "should never be ingested";</script></head>
<body><nav>Home | About</nav>
<h1>Fjords of Norway</h1><p>The Geirangerfjord is a fjord in Sunnmore, Norway.</p>
<h2>Getting there</h2><p>Ferries run from <b>Hellesylt</b> to Geiranger in summer.</p>
<!-- a comment that is not text --><script>document.write("nor this")</script></body></html>"""

MARKDOWN = """# Ibsen notes

Henrik Ibsen was a Norwegian playwright.

## Plays

Ibsen wrote Brand in 1865 and Peer Gynt in 1867.
"""


def split(items):  # type: ignore[no-untyped-def]
    return ([i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputError)])


def test_each_format_is_read_with_its_pages_and_headings(tmp_path: Path) -> None:
    make_pdf(tmp_path / "report.pdf", [["Oslo is the capital of Norway."], ["Henrik Ibsen wrote Brand."]],
             title="Annual report")
    (tmp_path / "guide.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "notes.md").write_text(MARKDOWN, encoding="utf-8")
    make_docx(tmp_path / "memo.docx", ["Edvard Grieg composed Peer Gynt.", "He was born in Bergen."])
    docs, errs = split(list(iter_documents(tmp_path)))
    assert errs == []
    by_key = {d.key: d for d in docs}
    pdf = by_key["report.pdf"]
    assert pdf.title == "Annual report" and pdf.metadata == {"format": "pdf", "pages": "2"}
    assert [s.label for s in pdf.sections] == ["p. 1", "p. 2"]
    assert pdf.text[pdf.sections[1].start:].startswith("Henrik Ibsen wrote Brand.")
    html = by_key["guide.html"]
    assert html.title == "Fjord guide"
    assert "Hellesylt" in html.text and "Ferries run from Hellesylt to Geiranger" in html.text
    assert "tracking" not in html.text and "nor this" not in html.text and "color" not in html.text
    assert "comment" not in html.text
    assert [s.label for s in html.sections] == ["§ Fjords of Norway", "§ Getting there"]
    md = by_key["notes.md"]
    assert md.title == "Ibsen notes" and [s.label for s in md.sections] == ["§ Ibsen notes", "§ Plays"]
    assert "Ibsen wrote Brand in 1865" in md.text
    docx = by_key["memo.docx"]
    assert "Edvard Grieg composed Peer Gynt." in docx.text and "born in Bergen" in docx.text


def test_passages_carry_their_page_or_heading(tmp_path: Path) -> None:
    long_page = ["Sentence number %d about the Oslo harbour and its ferries." % i for i in range(40)]
    make_pdf(tmp_path / "report.pdf", [long_page, ["Henrik Ibsen wrote Brand in 1865."]])
    [pdf] = [d for d in iter_documents(tmp_path / "report.pdf") if isinstance(d, Document)]
    passages = Chunker(ChunkSettings(chunk_size=128, chunk_overlap=0)).chunk(pdf)
    locators = [p.locator for p in passages]
    assert locators[0] == "report.pdf p. 1"
    assert locators[-1] in {"report.pdf p. 2", "report.pdf pp. 1–2"}
    assert any("Ibsen" in p.text for p in passages if p.locator.endswith("2"))
    (tmp_path / "guide.html").write_text(HTML, encoding="utf-8")
    [html] = [d for d in iter_documents(tmp_path / "guide.html") if isinstance(d, Document)]
    [whole] = Chunker(ChunkSettings()).chunk(html)
    assert whole.locator == "guide.html § Fjords of Norway"


def test_bad_files_are_named_and_the_rest_of_the_folder_is_read(tmp_path: Path) -> None:
    good = make_pdf(tmp_path / "good.pdf", [["Oslo is the capital of Norway."]])
    encrypt_pdf(good, tmp_path / "locked.pdf", "secret")
    (tmp_path / "broken.pdf").write_bytes(good.read_bytes()[:200])
    make_pdf(tmp_path / "scan.pdf", [[], []])
    (tmp_path / "fake.pdf").write_text("just text with a pdf extension")
    (tmp_path / "renamed.txt").write_bytes(good.read_bytes())
    (tmp_path / "app.html").write_text("<html><body><div id=root>Loading</div><script>" + "x=1;" * 500
                                       + "</script></body></html>")
    (tmp_path / "empty.html").write_text("<html><body><script>var a = 1;</script></body></html>")
    (tmp_path / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    (tmp_path / "zip.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    (tmp_path / "notes.md").write_text(MARKDOWN)
    docs, errs = split(list(iter_documents(tmp_path)))
    assert sorted(d.key for d in docs) == ["good.pdf", "notes.md"]
    problems = {Path(e.source).name: e.problem for e in errs}
    assert sorted(problems) == ["app.html", "broken.pdf", "empty.html", "fake.pdf", "locked.pdf", "old.docx",
                                "renamed.txt", "scan.pdf", "zip.docx"]
    assert "encrypted PDF" in problems["locked.pdf"]
    assert "corrupt PDF" in problems["broken.pdf"]
    assert "no text layer" in problems["scan.pdf"] and "OCR" in problems["scan.pdf"]
    assert "not a PDF" in problems["fake.pdf"] and "extension" in problems["fake.pdf"]
    assert "PDF file, not text" in problems["renamed.txt"]
    assert "mostly script" in problems["app.html"]
    assert "no visible text" in problems["empty.html"]
    assert "not a .docx" in problems["old.docx"]
    assert "corrupt .docx" in problems["zip.docx"]
    assert all(str(tmp_path) in str(e) for e in errs)


def test_an_ingested_pdf_is_cited_by_page(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    from hippograph.runtime.app import Hippograph

    (tmp_path / "docs").mkdir()
    make_pdf(tmp_path / "docs" / "report.pdf",
             [["The harbour of Oslo is busy in summer."] * 3,
              ["Henrik Ibsen wrote the play Brand in 1865.", "Brand was first staged in Stockholm."]],
             title="Theatre history")
    with Hippograph(load_settings(store={"path": tmp_path / "store"}), embedder=embedder) as app:
        report = app.ingest_path(tmp_path / "docs")
        assert report.failures == [] and report.created == 1
        answer = app.ask("Who wrote the play Brand?")
    assert answer.citations, answer
    assert any(c.locator.startswith("report.pdf p") for c in answer.citations)
    assert any(c.where.startswith("Theatre history (report.pdf p") for c in answer.citations)
