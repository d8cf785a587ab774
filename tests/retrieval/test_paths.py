"""The graph-path reader on a small scripted graph: the chain is found, shown and cited hop by hop."""

from __future__ import annotations

from pathlib import Path

import pytest

from hippograph.core.settings import load_settings
from hippograph.core.ids import entity_id, triple_id
from hippograph.core.models import Triple
from hippograph.retrieval.paths import (
    QuestionView, _incidence, asked_kind, asked_phrase, distinct_names, head_noun, question_view, render_path, stem, surface_in, title_head,
    type_phrase, value_kind, value_spans, wh_kind,
)
from tests.conftest import doc, scripted_answers, scripted_app

FACTS = {
    "Brand is a play": [("Brand", "is a play written by", "Henrik Ibsen"), ("Brand", "premiered in", "Stockholm")],
    "Ibsen was a": [("Henrik Ibsen", "was a citizen of", "Norway"), ("Henrik Ibsen", "died in", "Kristiania")],
    "Strindberg wrote": [("August Strindberg", "was a citizen of", "Sweden"), ("August Strindberg", "wrote", "Miss Julie")],
    "Stockholm is": [("Stockholm", "is the capital of", "Sweden")],
    "was born in 1828": [("Henrik Ibsen", "was born in", "1828")],
    "was born in 1849": [("August Strindberg", "was born in", "1849")],
}
TEXTS = {
    "Brand": "Brand is a play written by the Norwegian playwright Henrik Ibsen. Brand premiered in Stockholm in 1885.",
    "Henrik Ibsen": "Ibsen was a citizen of Norway. Henrik Ibsen died in Kristiania in 1906.",
    "August Strindberg": "Strindberg wrote Miss Julie. August Strindberg was a citizen of Sweden.",
    "Stockholm": "Stockholm is the capital of Sweden.",
    "Ibsen's birth": "Henrik Ibsen was born in 1828 in Skien.",
    "Strindberg's birth": "August Strindberg was born in 1849 in Stockholm.",
}


def _app(tmp_path: Path, embedder):  # type: ignore[no-untyped-def]
    return scripted_app(tmp_path, embedder, FACTS, TEXTS)


def _candidates(app, question: str):  # type: ignore[no-untyped-def]
    """The graph reader's candidates for a question, read as ``ask`` reads them."""
    retrieval = app.retrieve_with_clues(question, k=app.settings.selection.candidates)
    return app.reader("graph").read(retrieval, app.select(retrieval), retrieval.clues).candidates


def _scripted_candidate_texts(tmp_path: Path, embedder, facts, texts, *questions: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Each question's candidate texts in a scripted world; the app is closed whatever happens."""
    app = scripted_app(tmp_path, embedder, facts, texts)
    try:
        return [[c.text for c in _candidates(app, q)] for q in questions]
    finally:
        app.close()


def test_the_path_reader_follows_the_chain_and_cites_each_hop(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    app = _app(tmp_path, embedder)
    answer = app.ask("What country was the author of Brand a citizen of?")
    assert answer.kind == "graph-path" and answer.answer == "Norway", (answer.answer, answer.path)
    assert answer.path is not None
    assert answer.path.text == "Brand —is a play written by→ Henrik Ibsen —was a citizen of→ Norway"
    assert [c.title for c in answer.citations] == ["Brand", "Henrik Ibsen"]
    assert "citizen of Norway" in answer.citations[1].evidence
    assert "Sweden" in answer.alternatives or "Stockholm" in answer.alternatives or answer.alternatives
    app.close()


def test_min_confidence_turns_a_weak_answer_into_an_abstention(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    from hippograph.core.models import NOT_FOUND
    from hippograph.runtime.app import Hippograph

    app = _app(tmp_path, embedder)
    strict = Hippograph(load_settings(store={"path": tmp_path / "store"}, answer={"min_confidence": 0.999}),
                        embedder=embedder, store=app.store)
    answer = strict.ask("What country was the author of Brand a citizen of?")
    assert answer.kind == "abstain" and answer.answer == NOT_FOUND
    assert answer.best_guess == "Norway" and answer.citations and answer.path is not None
    app.close()


def test_a_date_in_no_triple_is_read_off_the_text(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    # "Henrik Ibsen died in Kristiania in 1906.": the triples have Kristiania, not the year
    app = _app(tmp_path, embedder)
    answer = app.ask("When did Henrik Ibsen die?")
    assert answer.answer == "1906" and answer.kind == "extractive"
    assert "1906" in answer.citations[0].evidence and answer.citations[0].title == "Henrik Ibsen"
    app.close()


def test_question_view_names_entities_and_relation_phrases() -> None:
    names = {"e1": "journal of psychotherapy integration", "e2": "psychotherapy", "e3": "american psychological association"}
    view = question_view("Who was the first president of the association which published Journal of Psychotherapy Integration?", names)
    assert set(view.named) == {"e1"}  # "Psychotherapy" inside the longer name is not a start
    assert "first president" in view.chunks and "published" in view.chunks
    assert head_noun("What county shares a border with X?") == "county"
    assert asked_kind("When was Y founded?") == "date" and asked_kind("How many stores?") == "number"
    assert value_kind("6.8 inches") == "number" and value_kind("March 3, 1921") == "date" and value_kind("Oslo") == "name"
    assert surface_in("Ibsen lived in Kristiania.", "kristiania") == "Kristiania"
    assert surface_in("Aschenbrödel is a ballet.", "aschenbrodel") == "Aschenbrödel"


def test_the_question_says_what_it_asks_for() -> None:
    # the interrogative, not a relative pronoun inside the question
    q = "Who was the first mayor of the town which founded the festival?"
    assert (type_phrase(q), asked_kind(q), wh_kind(q)) == ("person", "name", "person")
    q = "Who was mayor when the stadium was built?"
    assert asked_kind(q) == "name" and wh_kind(q) == "person"
    q = "The bridge near the old mill was opened when?"
    assert asked_kind(q) == "date" and type_phrase(q) == "date"
    # the noun phrase, past "is the", framing nouns and modifiers
    assert asked_phrase("What is the name of the lake in the country where Lund is?") == ("lake",)
    assert type_phrase("What body of water borders the town of Lund?") == "body of water"
    assert type_phrase("In what county is the farm where she was born?") == "county"
    assert type_phrase("What kind of engine powered the car?") == "engine"
    assert type_phrase("What is the Golden Gate Bridge made of?") == "thing"  # a name is not the asked kind
    # quantities ask for numbers
    assert asked_kind("What is the average rainfall in the city where Lund is?") == "number"
    assert asked_kind("In the region, what percentage of voters chose the party?") == "number"
    assert asked_kind("The state where Lund died has how many counties?") == "number" and wh_kind("How many counties?") == "number"
    assert asked_kind("What is the area code for the city?") == "number"
    assert asked_kind("In which area of the city is the park?") == "name"
    # a question ending on a participle and its preposition asks the preposition's object
    assert asked_phrase("What is the country where Lund is located named after?") == ()
    assert asked_phrase("What was the novel that the film is based on?") == ("novel",)  # a relative clause's
    # a phrase that ends the question has no verb after it; one that does not may ("What film stars ...")
    assert asked_phrase("Mount Orme, in the state where Lund is, is part of what mountain range?") == ("mountain", "range")
    assert head_noun("Mount Orme is part of what mountain range?") == "rang"
    assert asked_phrase("What film stars Ada Brell?") == ("film",)
    # a part of a thing is not that thing ("Sunflower State" does not answer "What part of the state ..."),
    # a body of water is water
    assert asked_phrase("What part of the state where Lund is set are the badlands?") == ("part", "of", "state")
    assert head_noun("What part of the state where Lund is set are the badlands?") == "part"
    assert head_noun("What member of the band wrote the song?") == stem("member")
    assert head_noun("What body of water borders the town of Lund?") == "water"


def test_an_amount_or_a_count_does_not_restate_what_the_question_asks_for() -> None:
    from hippograph.retrieval.paths import without_restated

    assert without_restated("6.8 inches of snowfall", "What is the usual average snowfall in Lund?") == "6.8 inches"
    assert without_restated("about $1.18 trillion of the debt held by the public", "What is the debt load of the state?") == "about $1.18 trillion"
    assert without_restated("6.8 inches of rain", "What is the usual average snowfall in Lund?") == "6.8 inches of rain"
    assert without_restated("Treaty of Rome", "What is the treaty of the union?") == "Treaty of Rome"
    # a count without the things a "how many" question counts, and only those
    assert without_restated("4 congressional districts", "The state where Lund died has how many congressional districts?") == "4"
    assert without_restated("about 200 members", "How many members does the club have?") == "about 200"
    assert without_restated("4 congressional districts", "How many counties does Velmora have?") == "4 congressional districts"
    assert without_restated("4 congressional districts", "What divides the state?") == "4 congressional districts"


def test_dates_and_numbers_are_read_off_the_text() -> None:
    text = "It became independent on 4 February 1948, a republic in 1972 and joined on February 4, 1948 too; in April 1793."
    assert value_spans(text, "date") == ["4 February 1948", "1972", "February 4, 1948", "April 1793"]
    text = "In 2010 it had 2,913,123 people; 5.1% of edits; debts of $1.18 trillion; 6.8 inches of snow; the 12th largest."
    assert value_spans(text, "number") == ["2,913,123", "5.1%", "$1.18 trillion", "6.8 inches", "12th"]  # 2010 is a date


def test_render_path_shows_direction() -> None:
    from hippograph.core.models import PathHop

    hops = [PathHop(subject="Brand", predicate="written by", object="Henrik Ibsen", forward=True),
            PathHop(subject="Norway", predicate="home of", object="Henrik Ibsen", forward=False)]
    assert render_path(hops) == "Brand —written by→ Henrik Ibsen ←home of— Norway"


def test_comparisons_read_both_values_and_yes_no_questions_abstain(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    from hippograph.core.models import NOT_FOUND

    app = _app(tmp_path, embedder)
    first = app.ask("Who was born first, Henrik Ibsen or August Strindberg?")
    assert first.kind == "graph-path" and first.answer == "Henrik Ibsen"
    assert first.path is not None and "1828" in first.path.text and "1849" in first.path.text
    assert {c.title for c in first.citations} == {"Ibsen's birth", "Strindberg's birth"}
    assert app.ask("Who was born later, Henrik Ibsen or August Strindberg?").answer == "August Strindberg"
    unknown = app.ask("Who was born first, Henrik Ibsen or Edvard Grieg?")  # no date for Grieg
    assert unknown.kind == "abstain" and unknown.answer == NOT_FOUND and "Edvard Grieg" in unknown.alternatives[0]
    yes_no = app.ask("Was Henrik Ibsen a citizen of Norway?")
    assert yes_no.kind == "abstain" and yes_no.answer == NOT_FOUND and yes_no.citations
    app.close()


def test_question_forms() -> None:
    from hippograph.retrieval.forms import comparison, is_yes_no

    c = comparison("Which film came out first, Blind Shaft or The Mask Of Fu Manchu?")
    assert c is not None and c.options == ("Blind Shaft", "The Mask Of Fu Manchu") and c.kind == "date" and not c.larger_wins
    c = comparison("Which river is longer, the Nile or the Amazon?")
    assert c is not None and c.options == ("Nile", "Amazon") and c.kind == "number" and c.larger_wins
    assert comparison("Who was the first president of the association?") is None
    c = comparison("Which film was released more recently, Tombstone Rashomon or Duet for Four?")
    assert c is not None and c.kind == "date" and c.larger_wins and c.role is None  # "more recently", not "more"
    c = comparison("Which film has the director who died later, Blind Shaft or The Mask Of Fu Manchu?")
    assert c is not None and c.role == "director" and c.options == ("Blind Shaft", "The Mask Of Fu Manchu")
    c = comparison("Which film whose director was born first, Blind Shaft or Heat?")
    assert c is not None and c.role == "director"
    assert is_yes_no("Are both Ibsen and Strindberg playwrights?") and not is_yes_no("Who wrote Brand?")


PLACES = {
    "Kurram Garhi": "Kurram Garhi is a village in Pakistan. It lies in the Bannu District of Khyber Pakhtunkhwa.",
    "Bannu": "Bannu is a city in Pakistan and the capital of Bannu District.",
    "Skopje": "Skopje is a city in North Macedonia. It is the largest city of the country.",
    "Jacques Lacan": "Jacques Lacan was a French psychoanalyst and psychiatrist. He was born in Paris in 1901.",
    "Michel Foucault": "Michel Foucault was a French philosopher and historian of ideas. He was born in Poitiers.",
    "Halit Ramiz": "Halit Ramiz (5 March 1934 – 11 October 2009) was a Turkish film director.",
    "Vatro Milic": "Vatro Milic (born 25 June 1923) is a Croatian film director. Born in Omis, Milic studied medicine.",
    "Seminar of the Couch": "Seminar of the Couch is a 1971 French drama film directed by Jacques Lacan.",
    "The Order of Things": "The Order of Things is a 1974 French documentary film directed by Michel Foucault.",
    "Harbour Nights": "Harbour Nights is a 1967 drama film directed by Halit Ramiz.",
}


def test_same_property_questions_compare_both_facts(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """Real spaCy triples: "yes" when both entities' facts name the same thing, "no" only when both
    facts are clearly the compared property, else an abstention with "no" as the best guess."""
    from hippograph.core.models import NOT_FOUND
    from hippograph.runtime.app import Hippograph

    app = Hippograph(load_settings(store={"path": tmp_path / "store"}, answer={"min_confidence": 0.0}), embedder=embedder)
    report = app.ingest_documents([doc(title, text, title) for title, text in PLACES.items()])
    assert not report.failures
    yes = app.ask("Are Kurram Garhi and Bannu located in the same country?")
    assert yes.answer == "yes" and yes.kind == "graph-path"
    assert yes.path is not None and yes.path.text.count("Pakistan") == 2
    assert {c.title for c in yes.citations} == {"Kurram Garhi", "Bannu"}
    no = app.ask("Are Bannu and Skopje located in the same country?")
    assert no.answer == "no" and {"Pakistan", "North Macedonia"} <= set(no.alternatives[0].replace(";", ":").split(": "))
    # a birthplace is a place, "French philosopher" a nationality: the descriptions' nationalities
    # are compared, not the birthplaces
    french = app.ask("Are Jacques Lacan and Michel Foucault of the same nationality?")
    assert french.answer == "yes" and french.path is not None and french.path.text.count("French") == 2, french.path
    assert app.ask("Are Halit Ramiz and Vatro Milic of the same nationality?").answer == "no"
    # "both Turkish": a nationality of its own is a "no"; no fact at all is no answer
    both = app.ask("Are Halit Ramiz and Vatro Milic both Turkish?")
    assert both.answer == "no" and both.path is not None and "Croatian" in both.path.text, both.path
    unsure = app.ask("Are Halit Ramiz and Jacques Lacan both Turkish?")
    assert unsure.answer == "no"
    unknown = app.ask("Are Halit Ramiz and Bannu both Turkish?")
    assert unknown.answer == NOT_FOUND and unknown.kind == "abstain"
    # through a role: the films' directors are compared, and the path goes through them
    directors = app.ask("Are the directors of Seminar of the Couch and The Order of Things from the same country?")
    assert directors.answer == "yes" and directors.path is not None, directors
    assert "directed by" in directors.path.text and directors.path.text.count("French") == 2, directors.path
    other = app.ask("Are the directors of Harbour Nights and The Order of Things of the same nationality?")
    assert other.answer == "no" and other.path is not None and "Turkish" in other.path.text, other.path
    app.close()


def test_same_property_parsing() -> None:
    from hippograph.retrieval.forms import same_property

    assert same_property("Were Jacques Lacan and Michel Foucault born in the same country?") == "country"
    assert same_property("Do both films have the same director?") == "director"
    assert same_property("Are X and Y of the same nationality?") == "nationality"
    assert same_property("What is the same as X?") is None  # not a yes/no question
    assert same_property("Are X and Y both films?") is None
    from hippograph.retrieval.forms import same_role

    assert same_role("Are the directors of Beatrice and Je fais le mort from the same country?") == "director"
    assert same_role("Are the directors of films X and Y of the same nationality?") == "director"
    assert same_role("Are Jacques Lacan and Michel Foucault of the same nationality?") is None


def _triple(s: str, p: str, o: str, passage: str = "psg-1"):  # type: ignore[no-untyped-def]
    from hippograph.core.ids import entity_id, triple_id
    from hippograph.core.models import Triple

    return Triple(id=triple_id(s, p, o), subject=s, predicate=p, object=o, subject_id=entity_id(s),
                  object_id=entity_id(o), passage_id=passage)


def test_phrase_links_join_a_description_to_the_name_in_it() -> None:
    """A phrase node that describes a named one ("Djibouti's first president", "notable hotel in
    Windhoek", "Chief Minister of Maharashtra") is linked to it, its other words the relation; a
    list ("Hiroshima and Nagasaki") and a name's own longer form ("Des Moines, Iowa") are not."""
    from hippograph.retrieval.paths import PHRASE_LINK, phrase_links

    triples = [
        _triple("Hassan Gouled Aptidon", "wound up as", "Djibouti's first president", "psg-a"),
        _triple("Damerjog", "located near", "Djibouti"),
        _triple("Windhoek Country Club Resort", "is", "notable hotel in Windhoek"),
        _triple("Gisvi", "born in", "Windhoek"),
        _triple("Prithviraj Chavan", "was", "Chief Minister of Maharashtra"),
        _triple("Shringarpur", "located in", "Maharashtra"),
        _triple("Little Boy", "dropped on", "Hiroshima and Nagasaki"),
        _triple("Akinoshu Kenji", "from", "Hiroshima"),
        _triple("Great Big Mouth Records", "based in", "Des Moines, Iowa"),
        _triple("Corey Taylor", "born in", "Des Moines"),
    ]
    links = {(t.subject, t.predicate, t.object): (t, i) for t, i in phrase_links(triples)}
    assert set(links) == {
        ("Djibouti's first president", "first president", "Djibouti"),
        ("notable hotel in Windhoek", "notable hotel", "Windhoek"),
        ("Chief Minister of Maharashtra", "chief minister", "Maharashtra"),
    }, set(links)
    link, source = links[("Djibouti's first president", "first president", "Djibouti")]
    assert link.id.startswith(PHRASE_LINK) and source == 0 and link.passage_id == "psg-a"


def test_the_path_reader_walks_through_a_phrase_to_the_answer(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """Damerjog → Djibouti ⊂ "Djibouti's first president" ← Hassan Gouled Aptidon: without the
    link the chain is broken at the phrase node."""
    facts = {
        "Damerjog is": [("Damerjog", "is a town in", "Djibouti")],
        "Hassan Gouled": [("Hassan Gouled Aptidon", "became", "Djibouti's first president")],
        "Mahmoud Harbi": [("Mahmoud Harbi", "was vice president of", "Government Council")],
    }
    texts = {
        "Damerjog": "Damerjog is a town in Djibouti, near the border with Somalia.",
        "Djibouti": "In 1977 Hassan Gouled Aptidon became Djibouti's first president.",
        "Mahmoud Harbi": "Mahmoud Harbi was vice president of the Government Council.",
    }
    app = scripted_app(tmp_path, embedder, facts, texts)
    answer = app.ask("Who was the first president of the country Damerjog is in?")
    assert answer.answer == "Hassan Gouled Aptidon" and answer.path is not None, (answer.answer, answer.path)
    assert answer.path.text == "Damerjog —is a town in→ Djibouti ⊂ Djibouti's first president ←became— Hassan Gouled Aptidon"
    assert [c.title for c in answer.citations] == ["Damerjog", "Djibouti"]
    app.close()


def test_comparisons_through_a_role_and_on_the_option_s_own_page(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"Which play has the writer who was born first, A or B?" compares the writers' dates, each
    through the play's "written by" fact, and shows both hops of each."""
    facts = dict(FACTS)
    facts["Miss Julie is"] = [("Miss Julie", "is a play written by", "August Strindberg")]
    texts = dict(TEXTS)
    texts["Miss Julie"] = "Miss Julie is a play written by August Strindberg."
    app = scripted_app(tmp_path, embedder, facts, texts)
    answer = app.ask("Which play has the writer who was born first, Brand or Miss Julie?")
    assert answer.answer == "Brand" and answer.path is not None, (answer.answer, answer.path)
    assert answer.path.text == ("Brand —is a play written by→ Henrik Ibsen —was born in→ 1828; "
                                "Miss Julie —is a play written by→ August Strindberg —was born in→ 1849")
    assert {c.title for c in answer.citations} == {"Brand", "Miss Julie", "Ibsen's birth", "Strindberg's birth"}
    later = app.ask("Which play has the writer who was born later, Brand or Miss Julie?")
    assert later.answer == "Miss Julie"
    app.close()


def test_option_facts_prefer_the_option_s_own_page() -> None:
    from hippograph.retrieval.forms import comparison, option_facts

    comp = comparison("Which film came out first, The Goose Woman or The Last Coupon?")
    assert comp is not None
    triples = [_triple("The Goose Woman", "be in", "1933", "psg-other"), _triple("The Goose Woman", "is", "1925 silent film", "psg-gw"),
               _triple("The Last Coupon", "is", "1932 British comedy film", "psg-lc")]
    facts = option_facts(comp, "Which film came out first, The Goose Woman or The Last Coupon?", triples,
                         {"psg-other": "Pickford (film)", "psg-gw": "The Goose Woman", "psg-lc": "The Last Coupon"})
    assert [f.value if f else None for f in facts] == [1925.0, 1932.0]


def test_a_comparison_by_death_is_not_read_off_a_birth_date() -> None:
    from hippograph.retrieval.forms import comparison, option_facts

    q = "Who died first, Anna Berg or Per Lund?"
    comp = comparison(q)
    assert comp is not None
    triples = [_triple("Anna Berg", "born on", "5 May 1882", "psg-a"), _triple("Per Lund", "born on", "7 March 1889", "psg-p"),
               _triple("Per Lund", "died on", "7 March 1953", "psg-p")]
    facts = option_facts(comp, q, triples, {"psg-a": "Anna Berg", "psg-p": "Per Lund"})
    assert facts[0] is None and facts[1] is not None and int(facts[1].value) == 1953


def test_dates_of_one_year_compare_by_month_and_day() -> None:
    from hippograph.retrieval.forms import _value, same_value

    march, october, year = (_value(t, "date") for t in ("March 7, 1953", "25 October 1953", "1953"))
    assert march is not None and october is not None and year is not None
    assert march < october and not same_value(march, october)
    assert same_value(year, october)  # a year alone does not say which came first


def test_both_questions_answer_yes_from_a_fact_of_each_or_abstain(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    from hippograph.core.models import NOT_FOUND
    from hippograph.runtime.app import Hippograph

    app = Hippograph(load_settings(store={"path": tmp_path / "store"}, answer={"min_confidence": 0.0}), embedder=embedder)
    assert not app.ingest_documents([doc(title, text, title) for title, text in PLACES.items()]).failures
    yes = app.ask("Are Kurram Garhi and Bannu both in Pakistan?")
    assert yes.answer == "yes" and yes.path is not None and yes.path.text.count("Pakistan") == 2, (yes.answer, yes.path)
    unsure = app.ask("Are Bannu and Skopje both in Pakistan?")
    assert unsure.answer == NOT_FOUND and unsure.kind == "abstain" and "Skopje" in unsure.alternatives[0]
    app.close()


def test_a_bare_date_is_no_bridge_but_a_dated_name_is() -> None:
    from hippograph.retrieval.paths import bare_value

    assert bare_value("1865") and bare_value("24 March 1867") and bare_value("June 1989") and bare_value("7 games")
    assert not bare_value("2018 Kansas gubernatorial election") and not bare_value("2006 Ibsen Year")
    assert not bare_value("Norway") and not bare_value("Danish poet")


def test_a_path_through_a_shared_year_does_not_outrank_the_asked_chain(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"Velmora —written in→ 1865 ←allocated in— Land": two unrelated facts that share a year (the
    spaCy-triple musique store answered "Land" for Brand this way). The ranker holds a hop through a
    bare date against a candidate (and one through a dated name, an election or a festival, for
    it): the author's country read off his description answers."""
    facts = {
        "Velmora is": [("Velmora", "is play by", "Oskar Lindqvist"), ("Velmora", "written in", "1865")],
        "Oskar Lindqvist": [("Oskar Lindqvist", "is", "Danish poet")],
        "Land": [("Land", "allocated in", "1865")],
    }
    texts = {
        "Velmora": "Velmora is a play by the Danish poet Oskar Lindqvist. It was written in 1865.",
        "Oskar Lindqvist": "Oskar Lindqvist was a Danish poet.",
        "Land": "Land was allocated in 1865 to the settlers.",
    }
    app = scripted_app(tmp_path, embedder, facts, texts)
    answer = app.ask("What country was the author of Velmora a citizen of?")
    assert answer.given == "Denmark", (answer.given, answer.path)
    assert answer.path is not None and "1865" not in answer.path.text
    app.close()


def test_a_how_many_question_is_answered_by_the_count_a_fact_ends_on(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"... has how many congressional districts?" read through "Orlia —divided into→ 6 congressional
    districts": the count is the answer ("6", which the asked kind, a number, matches), and the end
    node's words cover the asked phrase. Before, the node read as a name ("6 congressional
    districts", no number), and only a number read off the text, with no path, could answer."""
    facts = {
        "Marek Lund": [("Marek Lund", "died in", "Orlia"), ("Marek Lund", "born in", "Tamsk")],
        "divided into": [("Orlia", "divided into", "6 congressional districts")],
        "Tamsk": [("Tamsk", "is city in", "Velmora")],
    }
    texts = {
        "Marek Lund": "Marek Lund (1825-1902) was a painter born in Tamsk who died in Orlia.",
        "Orlia's congressional districts": "Orlia is currently divided into 6 congressional districts, each "
                                           "represented by one of the 435 members of the House.",
        "Tamsk": "Tamsk is a city in Velmora.",
    }
    app = scripted_app(tmp_path, embedder, facts, texts)
    answer = app.ask("The state where Marek Lund died has how many congressional districts?")
    assert answer.given == "6", (answer.given, answer.path)
    assert answer.path is not None and "divided into" in answer.path.text
    app.close()


def test_a_date_one_fact_from_the_named_entity_does_not_answer_a_chained_question(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"When was the country premiering Harrow Nights taken by the British?" asks a date of the
    country, two facts away. The film's own premiere date is one fact away, the right kind (a
    date) and shares the question's verb: the musique stores answered "August 31, 2006" for
    "... the country premiering Prison Break ..." this way. A path of one stated fact counts
    against a question the router reads as multi-hop (with the feature's weight at 0 this
    answers "21 January 2000")."""
    facts = {
        "Harrow Nights is": [("Harrow Nights", "premiered in", "Kestria"), ("Harrow Nights", "premiered on", "21 January 2000")],
        "Kestria": [("Kestria", "annexed in", "1842")],
    }
    texts = {
        "Harrow Nights": "Harrow Nights is an action film. It premiered in Kestria, on 21 January 2000.",
        "Kestria": "Kestria was annexed in 1842.",
    }
    [answer] = scripted_answers(tmp_path, embedder, facts, texts,
                                "When was the country premiering Harrow Nights taken by the British?")
    assert answer.given == "1842", (answer.given, answer.path)
    assert answer.path is not None and "Kestria" in answer.path.text


def test_one_fact_from_one_of_two_names_may_answer(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"What is the area code for Brellport in the state where the Quillan Chapel is?" names two
    places: the second picks the state, and the answer is one fact from the first. The one-fact
    penalty is for a chained question's only name, not for this one (counted for any one-fact path,
    this answers "740", read off the list of the state's codes; musique-100 answered "740" for
    Cincinnati's "513" the same way)."""
    facts = {
        "Brellport": [("Brellport", "is city on", "Tarn River"), ("Brellport", "has area code", "614")],
        "Tarn River": [("Tarn River", "forms southern border of", "Ardenia")],
        "Quillan Chapel": [("Quillan Chapel", "is church in", "Ardenia")],
        "List of Ardenia area codes": [("740", "serves", "Central Ardenia"), ("Central Ardenia", "is region of", "Ardenia")],
    }
    texts = {
        "Brellport": "Brellport is a city on the Tarn River. Its area code is 614.",
        "Tarn River": "The Tarn River forms the southern border of Ardenia.",
        "Quillan Chapel": "The Quillan Chapel is a church in Ardenia.",
        "List of Ardenia area codes": "Area code 740 serves Central Ardenia, a region of the state of Ardenia.",
    }
    [answer] = scripted_answers(tmp_path, embedder, facts, texts,
                                "What is the area code for Brellport in the state where the Quillan Chapel is?")
    assert answer.given == "614", (answer.given, answer.path)
    assert answer.path is not None and answer.path.text == "Brellport —has area code→ 614"


def test_a_name_inside_another_is_not_a_second_name() -> None:
    """"Ghosts" inside "Ghosts of Abu Ghraib" is the same name, and "1976" in "the 1976 film
    Vortex" is no name: each question gives one, and a one-fact path from it is the one-fact path
    of a chained question."""
    def fact(s: str, p: str, o: str) -> Triple:
        return Triple(id=triple_id(s, p, o), subject=s, predicate=p, object=o, subject_id=entity_id(s),
                      object_id=entity_id(o), passage_id="psg-1")

    triples = [fact("Ghosts of Tallow Creek", "directed by", "Rian Dolore"), fact("Ghosts", "is", "1994 song"),
               fact("Brellport", "is city in", "Ardenia")]

    def view(*names: str) -> QuestionView:
        return QuestionView(text="", norm="", kind="name", head=None, rel=set(), named={entity_id(n): 1.0 for n in names})

    assert distinct_names(view("Ghosts of Tallow Creek", "Ghosts"), triples) == 1
    assert distinct_names(view("Ghosts of Tallow Creek", "Brellport"), triples) == 2
    assert distinct_names(view("Brellport"), triples) == 1
    assert distinct_names(view("Ghosts of Tallow Creek", "1976"), [*triples, fact("Ghosts of Tallow Creek", "released in", "1976")]) == 1


def test_an_end_reached_from_two_of_the_question_s_names_is_marked(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """``path_join`` counts the names the question spells, past the first, that the beam's paths to
    the candidate leave from: 1 for the film that stars Ada Brell (one fact) and the producer of
    Brell Saga (two facts); 0 for every candidate of a question with one name, and of one whose
    second "name" is a name inside the first ("Brellport" in "the Siege of Brellport")."""
    facts = {
        "Last Stand is": [("Last Stand", "stars", "Ada Brell"), ("Last Stand", "stars", "Tom Quill")],
        "Brell Saga was": [("Brell Saga", "was produced by", "Tom Quill")],
        "Ada Brell was": [("Ada Brell", "was born in", "Dunmore")],
        "Siege of Brellport was": [("Siege of Brellport", "was led by", "Hal Orme")],
        "Brellport is": [("Brellport", "is town in", "Ardenia")],
    }
    texts = {
        "Last Stand": "Last Stand is a film that stars Ada Brell and Tom Quill.",
        "Brell Saga": "Brell Saga was produced by Tom Quill.",
        "Ada Brell": "Ada Brell was born in Dunmore.",
        "Siege of Brellport": "The Siege of Brellport was led by Hal Orme. Brellport is a town in Ardenia.",
    }
    app = scripted_app(tmp_path, embedder, facts, texts)
    try:
        both, one, nested = ({c.text: c.features.get("path_join") for c in _candidates(app, q)} for q in (
            "What film stars Ada Brell and the producer of Brell Saga?", "Where was Ada Brell born?", "Who led the Siege of Brellport?"))
    finally:
        app.close()
    assert both["Last Stand"] == 1.0, both
    assert one["Dunmore"] == 0.0 and not any(one.values()), one
    assert nested["Hal Orme"] == 0.0 and not any(nested.values()), nested


def test_a_sibling_is_the_other_child_of_a_parent(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"Who is the sibling of the performer of Velmora Days?": the performer's father is the father
    of another child, and that child is the asked sibling. A step from a node to its sibling
    through a parent fact ("Orin Tass ←is father of— Bren Tass —is father of→ Ilse Tass") is what a
    sibling word asks, not a step away from the question (which a sibling step counts as)."""
    facts = {
        "Velmora Days is": [("Velmora Days", "is album by", "Orin Tass")],
        "Bren Tass": [("Bren Tass", "is father of", "Orin Tass"), ("Bren Tass", "is father of", "Ilse Tass")],
        "Orin Tass": [("Orin Tass", "born in", "Kestria")],
    }
    texts = {
        "Velmora Days": "Velmora Days is an album by the singer Orin Tass.",
        "Bren Tass": "Bren Tass was a journalist and the father of the musicians Orin Tass and Ilse Tass.",
        "Orin Tass": "Orin Tass is a singer born in Kestria.",
    }
    [answer] = scripted_answers(tmp_path, embedder, facts, texts,
                                "Who is the sibling of the performer of Velmora Days?")
    assert answer.given == "Ilse Tass", (answer.given, answer.path)
    assert answer.path is not None and "Bren Tass" in answer.path.text


def test_no_path_passes_from_a_kind_to_another_thing_of_that_kind(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"Edward Sloman —star as→ actor ←is— Herman C. Raymaker —die in→ Long Island" answered "Where
    did the director of The Marriage of William Ashe die?" on the 2Wiki spot check: a node that
    says what kind of thing something is ("actor") is shared by everything of that kind, and a
    step from it to another of them is no fact about the first. The director's own "died in" answers."""
    facts = {
        "Velmora": [("Velmora", "directed by", "Edwin Sole")],
        "Edwin Sole": [("Edwin Sole", "star as", "actor"), ("Edwin Sole", "died in", "Brackwood")],
        "Tomas Reyl": [("Tomas Reyl", "is", "actor"), ("Tomas Reyl", "die in", "Oceanport")],
    }
    texts = {
        "Velmora": "Velmora is a silent film directed by Edwin Sole.",
        "Edwin Sole": "Edwin Sole was a film director who also starred as an actor. He died in Brackwood.",
        "Tomas Reyl": "Tomas Reyl was an actor. He died in Oceanport.",
    }
    app = scripted_app(tmp_path, embedder, facts, texts)
    try:
        question = "Where did the director of Velmora die?"
        candidates = _candidates(app, question)
        answer = app.ask(question)
    finally:
        app.close()
    paths = [c.path.text for c in candidates if c.path is not None]
    assert any(p.endswith("—died in→ Brackwood") for p in paths), paths
    assert not [p for p in paths if "actor ←is—" in p], paths
    assert answer.answer == "Brackwood", (answer.answer, answer.path)


def test_a_nationality_and_a_country_compare_as_one(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"Are Umberto Lenzi and Fernando Di Leo of the same nationality?" read "Italian film director"
    for one and "born in ..., Italy" for the other, and answered "no": the nationality an adjective
    names is its country's (Italian → Italy)."""
    from hippograph.runtime.app import Hippograph

    texts = {
        "Ugo Renzi": "Ugo Renzi (6 August 1931 – 19 October 2017) was an Italian film director.",
        "Nando Leo": "Nando Leo (11 January 1932 – 2 December 2003) was a film director born in San Ferdinando, Italy.",
        "Halit Ramiz": "Halit Ramiz (5 March 1934 – 11 October 2009) was a Turkish film director.",
    }
    app = Hippograph(load_settings(store={"path": tmp_path / "store"}, answer={"min_confidence": 0.0}), embedder=embedder)
    try:
        assert not app.ingest_documents([doc(title, text, title) for title, text in texts.items()]).failures
        same = app.ask("Are Ugo Renzi and Nando Leo of the same nationality?")
        other = app.ask("Are Halit Ramiz and Nando Leo of the same nationality?")
    finally:
        app.close()
    assert same.answer == "yes" and same.path is not None and "Italy" in same.path.text, (same.answer, same.path)
    assert other.answer != "yes", (other.answer, other.path)


def test_only_the_name_a_title_gives_its_topic_stands_for_the_topic() -> None:
    """In the passage "Humboldt Peak (Colorado)", the subject "Colorado" had become the peak, in every
    passage the question read: "Silverton —is in→ Colorado —is summit in→ Sangre de Cristo Range".
    The words that tell a title apart, and the thing a title names an office of, are other things;
    the topic's own name, or a short form of it, is the topic."""
    def fact(s: str, p: str, o: str, passage: str) -> Triple:
        return Triple(id=triple_id(s, p, o), subject=s, predicate=p, object=o, subject_id=entity_id(s),
                      object_id=entity_id(o), passage_id=passage)

    titles = {"psg-peak": "Humboldt Pike (Veldra)", "psg-town": "Silvertown", "psg-city": "Brellport, Ardenia",
              "psg-office": "Envoy of the Norland Isles"}
    triples = [fact("Veldra", "is in", "Norland", "psg-peak"), fact("Pike", "is summit in", "Sangre Range", "psg-peak"),
               fact("Silvertown", "is in", "Veldra", "psg-town"), fact("Ardenia", "is in", "Norland", "psg-city"),
               fact("Norland Isles", "is in", "South Sea", "psg-office"), fact("Envoy", "is based in", "Brellport", "psg-office"),
               fact("Humboldt Pike", "is", "summit", "psg-peak")]
    _, ends, incident = _incidence(triples, titles)
    peak, envoy = entity_id("Humboldt Pike (Veldra)"), entity_id("Envoy of the Norland Isles")
    assert ends[0] == (entity_id("Veldra"), entity_id("Norland"))
    assert ends[1][0] == peak
    assert ends[2][1] == entity_id("Veldra")
    assert ends[3][0] == entity_id("Ardenia")
    assert ends[4][0] == entity_id("Norland Isles")
    assert ends[5][0] == envoy
    assert ends[6][0] == peak  # the title's name without its disambiguator is the titled topic
    assert sorted(incident[peak]) == [1, 6] and sorted(incident[envoy]) == [5]
    assert [title_head(t) for t in titles.values()] == ["Humboldt Pike", "Silvertown", "Brellport", "Envoy of the Norland Isles"]


def test_an_answer_that_only_names_the_kind_asked_for_is_no_answer(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"What character comes from the same book as Abraham Van Helsing?" answered "fictional
    character": common words ending on the question's noun name the kind it asks for, not a thing
    of that kind. "What kind of novel ...?" asks for the kind, and keeps it."""
    facts = {
        "Abel Varn": [("Abel Varn", "is", "fictional character"), ("Abel Varn", "is character from", "Nightmoor")],
        "Nightmoor": [("Nightmoor", "is", "gothic novel"), ("Nightmoor", "written by", "Ida Crane")],
        "Osric Pell": [("Osric Pell", "is character from", "Nightmoor")],
    }
    texts = {
        "Abel Varn": "Abel Varn is a fictional character from the novel Nightmoor.",
        "Nightmoor": "Nightmoor is a gothic novel written by Ida Crane.",
        "Osric Pell": "Osric Pell is a character from the novel Nightmoor.",
    }
    which, kind = _scripted_candidate_texts(tmp_path, embedder, facts, texts,
                                            "What character comes from the same book as Abel Varn?",
                                            "What kind of novel is Nightmoor?")
    assert "Osric Pell" in which and "fictional character" not in which, which
    assert "gothic novel" in kind, kind


def test_a_who_question_is_not_answered_with_a_description(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"Who did Barry Wesson's team play in the World Series last year?" answered "American former
    right-handed outfielder": a "who" question asks for someone, and a phrase that ends on a common
    word describes someone without naming them. "Who was X?" asks what X is, and keeps it."""
    facts = {
        "Vell Orin": [("Vell Orin", "is", "American former outfielder"), ("Vell Orin", "played for", "Harbor Stags")],
        "Harbor Stags": [("Harbor Stags", "played the final against", "Dune Hawks")],
    }
    texts = {
        "Vell Orin": "Vell Orin is an American former outfielder who played for the Harbor Stags.",
        "Harbor Stags": "The Harbor Stags played the final against the Dune Hawks.",
    }
    who_played, who_is = _scripted_candidate_texts(tmp_path, embedder, facts, texts,
                                                   "Who did Vell Orin's team play in the final?", "Who was Vell Orin?")
    assert "Dune Hawks" in who_played and "American former outfielder" not in who_played, who_played
    assert "American former outfielder" in who_is, who_is


# one person's world, a question whose answer the rule rewrites or drops, and one that keeps it:
# (facts, text, asking question, what it must answer, what it must not, keeping question)
_REWRITTEN_ANSWERS = {
    # "Who is the wife of Kim Jong-chul?" answered "North Korean": an adjective names no one; a
    # nationality question keeps it
    "nationality adjective": ([("Tae Min", "is", "North Korean"), ("Tae Min", "married", "Ri Sol")],
                              "Tae Min is North Korean. Tae Min married Ri Sol in 2009.",
                              "Who did Tae Min marry?", "Ri Sol", "North Korean", "What nationality is Tae Min?"),
    # "Which state is Dodge City Regional Airport located?" answered "Ford County, Kansas": a place
    # named with the places that hold it answers a country or state question by its last part; a
    # "where" question keeps the whole name
    "enclosing region": ([("Ava Lund", "was born in", "Dala-Järna, Sweden"), ("Ava Lund", "is", "explorer")],
                         "Ava Lund is an explorer. Ava Lund was born in Dala-Järna, Sweden, in 1962.",
                         "Of what country is Ava Lund a citizen?", "Sweden", "Dala-Järna, Sweden", "Where was Ava Lund born?"),
    # "Who is the wife of Kim Jong-chul?" answered "Kim Jong Chol": the question's own name in another
    # spelling restates the question; a question that does not name him keeps it
    "spelling variant": ([("Tae Min-chul", "is also spelled", "Tae Min Chol"), ("Tae Min-chul", "married", "Ri Sol")],
                         "Tae Min-chul (also spelled Tae Min Chol) married Ri Sol in 2009.",
                         "Who is the wife of Tae Min-chul?", "Ri Sol", "Tae Min Chol", "Who did Ri Sol marry?"),
}


@pytest.mark.parametrize("case", sorted(_REWRITTEN_ANSWERS))
def test_a_candidate_is_rewritten_or_dropped_only_for_the_question_it_does_not_answer(tmp_path: Path, embedder, case: str) -> None:  # type: ignore[no-untyped-def]
    facts, text, asking, wanted, unwanted, keeping = _REWRITTEN_ANSWERS[case]
    person = facts[0][0]
    asked, kept = _scripted_candidate_texts(tmp_path, embedder, {person: facts}, {person: text}, asking, keeping)
    assert wanted in asked and unwanted not in asked, asked
    assert unwanted in kept, kept


def test_a_nationality_adjective_is_told_from_a_people() -> None:
    """"North Korean" names no one; "the English" and "Americans" name a people."""
    from hippograph.retrieval.demonyms import is_nationality_adjective

    assert is_nationality_adjective("American") and is_nationality_adjective("the Israeli")
    assert not any(map(is_nationality_adjective, ["the English", "Dutch", "Americans", "New Zealand", "Ri Sol"]))


def test_the_enclosing_region_is_read_only_off_names_and_only_for_a_country_or_state() -> None:
    from hippograph.retrieval.demonyms import asks_region, enclosing_region

    assert enclosing_region("Ford County, Kansas") == "Kansas" and enclosing_region("Kansas") is None
    assert enclosing_region("born in 1962, Sweden") is None and enclosing_region("Paris, France, and elsewhere") is None
    assert asks_region("Which state is the airport located in?") and not asks_region("What is the population of the state?")


def test_who_is_a_name_is_told_from_who_did_something() -> None:
    """"Who was Garry Hoy?" asks what he was; "Who is the wife of X?" asks for someone. A long word
    in capitals that fails the "who is NAME" form is read in one pass (a form that let one word be
    split into several names took 0.34 s on 22 letters, four times as long for every two more)."""
    from hippograph.retrieval.reader import asks_for_someone

    assert not asks_for_someone("Who was Garry Hoy?") and not asks_for_someone("Who is the Duke of York?")
    assert asks_for_someone("Who is the wife of Kim Jong-chul?") and asks_for_someone("Whom did Anna Lee marry?")
    assert asks_for_someone("Who is " + "A" * 400 + " x?") and not asks_for_someone("When was " + "A" * 400 + "?")


def test_a_name_the_question_writes_in_another_form_restates_it() -> None:
    """A plural or a one-letter spelling of every word is the question's own name; a number is not
    another spelling of a number, nor a one-word name of a longer word."""
    from hippograph.core.ids import normalize_entity
    from hippograph.retrieval.reader import overlap_share

    def share(candidate: str, question: str) -> float:
        return overlap_share(candidate, normalize_entity(question))

    assert share("Monster Truck", "What part of the state where monster trucks is set are the badlands?") == 1.0
    assert share("Tae Min Chol", "Who is the wife of Tae Min-chul?") == 1.0
    assert share("1924 Summer Olympics", "Where were the 1920 Summer Olympics held?") == 2 / 3
    assert share("Staten Island", "Ellis Island is in New York state and which other?") == 0.5
    assert share("Chol", "Who is the wife of Tae Min-chul?") == 0.0
