"""The answer a candidate's surface gives: a node or a mention as the passage wrote it, less what
is not the answer (a form of address, a role the extractor appended)."""

from __future__ import annotations

from pathlib import Path

from hippograph.retrieval.paths import answer_surface
from tests.conftest import scripted_app

FACTS = {
    "Buyende is": [("Buyende", "is located in", "Uganda")],
    "The Leader": [("Leader of Opposition", "in", "Uganda"), ("Leader of Opposition", "appointed", "Hon. Winnie Kiiza")],
}
TEXTS = {
    "Buyende": "Buyende is a town in Uganda.",
    "Leader of Opposition": "The Leader of Opposition in Uganda is Hon. Winnie Kiiza, appointed in 2016.",
}


def test_a_candidate_answers_without_a_form_of_address(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    app = scripted_app(tmp_path, embedder, FACTS, TEXTS)
    question = "Who is the current opposition leader in the country where Buyende is located?"
    out = app.reader("graph").read(app.engine.retrieve(question, method="dense", k=2))
    by_text = {c.text: c for c in out.candidates}
    assert "Winnie Kiiza" in by_text and "Hon. Winnie Kiiza" not in by_text, list(by_text)
    path = by_text["Winnie Kiiza"].path
    assert path is not None and path.text.endswith("—appointed→ Hon. Winnie Kiiza")  # the path shows what the passage says
    app.close()


def test_answer_surface_drops_only_what_is_not_the_name() -> None:
    assert answer_surface("Hon. Winnie Kiiza") == "Winnie Kiiza"
    assert answer_surface("Dr. Martin Luther King Jr.") == "Martin Luther King Jr."
    assert answer_surface("Hassan Sheikh Mohamud as President") == "Hassan Sheikh Mohamud"
    for name in ("Dr. Who", "Mr Bean", "Sir Isaac Newton", "Known as the King", "Leader of Opposition"):
        assert answer_surface(name) == name
