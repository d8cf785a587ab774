from __future__ import annotations

import json
from pathlib import Path

from hippograph.core.errors import InputError
from hippograph.core.models import Document
from hippograph.ingest.loaders import iter_documents


def split(items):  # type: ignore[no-untyped-def]
    docs = [i for i in items if isinstance(i, Document)]
    errs = [i for i in items if isinstance(i, InputError)]
    return docs, errs


def test_folder_with_bad_files_loads_the_rest(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Paris is the capital of France.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Berlin notes\nBerlin is in Germany.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x01\x02\x00\x00\x01")
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("Café crème".encode("latin-1"))
    (tmp_path / "image.png").write_bytes(b"x")
    docs, errs = split(list(iter_documents(tmp_path)))
    assert sorted(d.key for d in docs) == ["good.txt", "notes.md"]
    assert [d.title for d in docs if d.key == "notes.md"] == ["Berlin notes"]
    msgs = {Path(e.source).name: e.problem for e in errs}
    assert "empty" in msgs["empty.txt"]
    assert "binary" in msgs["binary.txt"]
    assert "PNG image, not text" in msgs["picture.txt"] and "extension" in msgs["picture.txt"]
    assert "not UTF-8" in msgs["latin1.txt"] and "offset 3" in msgs["latin1.txt"]
    assert "unsupported" in msgs["image.png"]


def test_jsonl_bad_line_in_the_middle(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_text('{"title": "A", "text": "alpha"}\n{"title": "B", "text": \n{"id": "c1", "text": "gamma"}\n[1,2]\n')
    docs, errs = split(list(iter_documents(f)))
    assert [d.key for d in docs] == ["A", "c1"]
    assert [(e.line, "malformed JSON" in e.problem) for e in errs][0] == (2, True)
    assert errs[1].line == 4 and "expected an object" in errs[1].problem
    assert str(errs[0]).startswith(f"{f}:2:")


def test_duplicate_ids_and_repeated_titles(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": "x", "text": "one"}\n{"id": "x", "text": "two"}\n{"title": "T", "text": "a"}\n{"title": "T", "text": "b"}\n')
    docs, errs = split(list(iter_documents(f)))
    assert [d.key for d in docs] == ["x", "T", "T#1"]
    assert len(errs) == 1 and "duplicate document id 'x'" in errs[0].problem


def test_json_corpus_and_malformed_json(tmp_path: Path) -> None:
    good = tmp_path / "corpus.json"
    good.write_text(json.dumps([{"title": "A", "text": "alpha"}, {"title": "B"}, {"title": "C", "text": "  "}]))
    docs, errs = split(list(iter_documents(good)))
    assert [d.key for d in docs] == ["A"]
    assert "record 1" in errs[0].problem and "record 2" in errs[1].problem
    bad = tmp_path / "bad.json"
    bad.write_text('[{"title": "A", "text": "x"},')
    docs, errs = split(list(iter_documents(bad)))
    assert docs == [] and "malformed JSON" in errs[0].problem


def test_missing_path_and_size_limit(tmp_path: Path) -> None:
    _, errs = split(list(iter_documents(tmp_path / "nope")))
    assert "no such file" in errs[0].problem
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000)
    _, errs = split(list(iter_documents(big, max_bytes=1000)))
    assert "limit" in errs[0].problem


def test_document_identity(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("v1")
    [d1] = list(iter_documents(tmp_path))
    f.write_text("v2")
    [d2] = list(iter_documents(tmp_path))
    assert isinstance(d1, Document) and isinstance(d2, Document)
    assert d1.id == d2.id and d1.content_hash != d2.content_hash
