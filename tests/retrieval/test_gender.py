from __future__ import annotations

from pathlib import Path

from hippograph.retrieval.gender import asked_gender, described_gender, page_gender, relation_gender
from tests.conftest import scripted_answers


def test_the_asked_gender_is_the_answers_own_role() -> None:
    assert asked_gender("Who is the father of the director of Atomised?") == "m"
    assert asked_gender("Who was the paternal grandmother of Lady Jane Grey?") == "f"
    assert asked_gender("Which actor is the son of the director of En Aasai Rasave?") == "m"
    assert asked_gender("Who is the wife of Kim Jong-chul?") == "f"
    # an imperative asks for the role too
    assert asked_gender("Name the mother of Anna Berg.") == "f" and asked_gender("Tell me the husband of Ava Lund") == "m"
    # the gendered word names someone else, or no gender at all
    assert asked_gender("Whose father was the director of Atomised?") is None
    assert asked_gender("Who is the spouse of the director of Big Eyes?") is None
    assert asked_gender("Who directed the film about the mother of Henry VIII?") is None
    assert asked_gender("Name the director of Atomised.") is None and asked_gender("Anna Berg's mother?") is None


def test_a_page_speaks_of_its_subject_by_its_pronouns() -> None:
    assert page_gender("Rory Kennedy is a documentary filmmaker. Her films have been featured on TV.") == "f"
    assert page_gender("He was born in Starnberg. His father was a writer; he married Ann, her cousin.") == "m"
    assert page_gender("He met her in Paris, and she followed him to Rome.") is None  # 2 to 2: no clear subject
    assert page_gender("Tallow Creek is a 2004 documentary film.") is None


def test_a_title_or_a_description_gives_a_gender_when_all_agree() -> None:
    assert described_gender("Queen Noor", []) == "f"
    assert described_gender("Ann Lisle", ["American stage actress"]) == "f"
    assert described_gender("Tom Lisle", ["British businessman", "film producer"]) == "m"
    assert described_gender("Sam Lisle", ["film producer"]) is None
    assert described_gender("Sam Lisle", ["actress", "businessman"]) is None
    assert described_gender("Tom Lisle", ["daughter"]) is None  # a kinship noun relates two people


def test_a_fact_s_kinship_word_gives_the_end_that_holds_the_role_its_gender() -> None:
    assert relation_gender("father was", True) == "m"  # X —father was→ Y: Y is a father
    assert relation_gender("has wife", True) == "f"
    assert relation_gender("is the mother of", False) == "f"  # Y —is the mother of→ X, read back to Y
    assert relation_gender("son of", True) is None  # X —son of→ Y: the son is X, Y's gender is not said
    assert relation_gender("father was", False) is None
    assert relation_gender("son born to", True) is None
    assert relation_gender("married to", True) is None


def test_a_gendered_kin_question_rules_out_the_other_parent_and_a_bridge_of_the_other_gender(
        tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"He was born as the son of the writer Margarethe Lind and the painter Heinrich Marrick": the
    same relation reaches both parents, and without the asked gender the father question and the
    mother question get the same answer (both "Margarethe Lind", both "Maria Brandt"). The names'
    places on the encoder's woman–man axis tell the two apart; the director Rian Dolore, whose page
    says "Her films", answers no "father" question."""
    facts = {
        "Velmora Days": [("Velmora Days", "directed by", "Ansel Marrick")],
        "Ansel Marrick": [("Ansel Marrick", "is", "film director"), ("Ansel Marrick", "born as son of", "Margarethe Lind"),
                          ("Ansel Marrick", "born as son of", "Heinrich Marrick")],
        "Tallow Creek": [("Tallow Creek", "directed by", "Rian Dolore")],
        "Rian Dolore": [("Rian Dolore", "is", "documentary filmmaker"), ("Rian Dolore", "is child of", "Oskar Dolore"),
                        ("Rian Dolore", "is child of", "Maria Brandt")],
    }
    texts = {
        "Velmora Days": "Velmora Days is a 1998 drama film directed by Ansel Marrick.",
        "Ansel Marrick": "Ansel Marrick (born 1961) is a film director. He was born in Kestria as the son of the writer "
                         "Margarethe Lind and the painter Heinrich Marrick.",
        "Tallow Creek": "Tallow Creek is a 2004 documentary film directed by Rian Dolore.",
        "Rian Dolore": "Rian Dolore (born 1968) is a documentary filmmaker and the youngest child of Oskar Dolore and "
                       "Maria Brandt. Her films have been shown on many networks.",
    }
    expected = {
        "Who is the father of the director of Velmora Days?": "Heinrich Marrick",
        "Who is the mother of the director of Velmora Days?": "Margarethe Lind",
        "Who is the father of the director of Tallow Creek?": "Oskar Dolore",
        "Who is the mother of the director of Tallow Creek?": "Maria Brandt",
    }
    answers = scripted_answers(tmp_path, embedder, facts, texts, *expected)
    for (question, name), answer in zip(expected.items(), answers):
        assert answer.given == name, (question, answer.given, answer.path)
        assert answer.path is not None and answer.path.hops[-1].predicate in ("born as son of", "is child of")


def test_a_wife_question_is_not_answered_by_a_fact_that_names_a_father(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"Kerel Vann —son of→ Dagor Vann —father was→ Ilmar Vann": the fact says Ilmar is a father, so
    he answers no "wife" question, though he is the only person two facts from Kerel."""
    facts = {
        "Kerel Vann": [("Kerel Vann", "son of", "Dagor Vann")],
        "Dagor Vann": [("Dagor Vann", "father was", "Ilmar Vann")],
    }
    texts = {
        "Kerel Vann": "Kerel Vann is the son of Dagor Vann.",
        "Dagor Vann": "Dagor Vann was a politician. His father was Ilmar Vann.",
    }
    (answer,) = scripted_answers(tmp_path, embedder, facts, texts, "Who is the wife of Kerel Vann?")
    assert "Ilmar Vann" not in (answer.given, answer.best_guess), (answer.given, answer.best_guess, answer.path)
