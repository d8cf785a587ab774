"""What a reader candidate carries beyond its path score: the answer its surface gives (less a form
of address or a role the extractor appended; the nationality a description opens with, when the
question asks for one), and whether its path goes to a sibling."""

from __future__ import annotations

from pathlib import Path

from hippograph.retrieval.paths import answer_surface, asks_nationality, demonym_answer
from tests.conftest import scripted_app

FACTS = {
    "Buyende is": [("Buyende", "is located in", "Uganda")],
    "The Leader": [("Leader of Opposition", "in", "Uganda"), ("Leader of Opposition", "appointed", "Hon. Winnie Kiiza")],
    "Karel Purkyně was": [("Karel Purkyně", "died in", "Prague")],
    "Jana Šplíchalová was": [("Jana Šplíchalová", "died in", "Prague"), ("Jana Šplíchalová", "died on", "27 January 1996")],
    "45 Fathers is": [("45 Fathers", "directed by", "James Tinling")],
    "James Tinling was": [("James Tinling", "is", "American film director"), ("James Tinling", "born in", "Seattle")],
    "The Prague astronomical clock": [("Prague astronomical clock", "is in", "Prague"), ("Prague astronomical clock", "built in", "1410")],
}
TEXTS = {
    "Buyende": "Buyende is a town in Uganda.",
    "Leader of Opposition": "The Leader of Opposition in Uganda is Hon. Winnie Kiiza, appointed in 2016.",
    "Karel Purkyně": "Karel Purkyně was a Czech painter. He died in Prague.",
    "Jana Šplíchalová": "Jana Šplíchalová was a Czech actress. She died in Prague on 27 January 1996.",
    "45 Fathers": "45 Fathers is a 1937 comedy film directed by James Tinling.",
    "James Tinling": "James Tinling was an American film director. He was born in Seattle.",
    "Prague astronomical clock": "The Prague astronomical clock is in Prague. It was built in 1410.",
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
    assert answer_surface("Boulogne- Billancourt") == "Boulogne-Billancourt"  # a hyphen a line break left apart
    assert answer_surface("Pas-de-Calais") == "Pas-de-Calais" and answer_surface("1914- 1918") == "1914- 1918"
    for name in ("Dr. Who", "Mr Bean", "Sir Isaac Newton", "Known as the King", "Leader of Opposition"):
        assert answer_surface(name) == name


def test_a_path_to_a_sibling_is_marked(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """From the city where the painter died, the actress who also died there is a sibling, not a fact of the city."""
    app = scripted_app(tmp_path, embedder, FACTS, TEXTS)
    question = "When was the astronomical clock built in the city where Karel Purkyně died?"
    out = app.reader("graph").read(app.engine.retrieve(question, method="dense", k=3))
    by_text = {c.text: c for c in out.candidates if c.path is not None}
    assert {"1410", "27 January 1996"} <= set(by_text), list(by_text)
    sibling = by_text["27 January 1996"]
    assert sibling.path is not None and "—died in→ Prague ←died in— Jana Šplíchalová" in sibling.path.text
    assert sibling.features["path_sibling"] == 1.0
    assert by_text["1410"].features["path_sibling"] == 0.0
    app.close()


def test_a_nationality_question_is_answered_with_the_nationality_a_description_opens_with(
        tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    app = scripted_app(tmp_path, embedder, FACTS, TEXTS)
    answer = app.ask("What is the nationality of the director of 45 Fathers?")
    assert answer.answer == "American", (answer.answer, answer.path)
    assert answer.path is not None and answer.path.text == "45 Fathers —directed by→ James Tinling —is→ American film director"
    other = app.ask("Where was the director of 45 Fathers born?")  # other questions keep the description whole
    assert other.answer == "Seattle", (other.answer, other.path)
    app.close()


def test_nationality_words() -> None:
    assert asks_nationality("What is the nationality of the director of I'll Be Going Now?")
    assert asks_nationality("What nationality was the director of The Last Coupon?")
    assert not asks_nationality("What country was the author of Brand a citizen of?")
    assert demonym_answer("Italian film director") == "Italian" and demonym_answer("a British-born actor") == "British"
    assert demonym_answer("Italian") == "Italian" and demonym_answer("Pakistani cricketer") == "Pakistani"
    for not_one in ("Franco Rossetti", "Ryan was", "film director", "The Spanish Inquisition"):
        assert demonym_answer(not_one) is None, not_one


POLISH_FACTS = {
    "Pod banderą miłości is": [("Pod banderą miłości", "is", "1929 Polish romance film"),
                               ("Pod banderą miłości", "directed by", "Michał Waszyński")],
    "Michał Waszyński was": [("Michał Waszyński", "is director in", "Italy"), ("Michał Waszyński", "born in", "Kowel")],
}
POLISH_TEXTS = {
    "Pod banderą miłości": "Pod banderą miłości is a 1929 Polish romance film directed by Michał Waszyński.",
    "Michał Waszyński": "Michał Waszyński was a film director in Poland, then in Italy. He was born in Kowel.",
}


def test_a_name_with_letters_unicode_does_not_decompose_is_found_in_the_question(
        tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"ł" was dropped from entity names but kept in the question's folded text: the question
    named no entity, and "Who directed Pod banderą miłości?" was answered "Polish"."""
    app = scripted_app(tmp_path, embedder, POLISH_FACTS, POLISH_TEXTS)
    answer = app.ask("Who directed Pod banderą miłości?")
    assert answer.answer == "Michał Waszyński", (answer.answer, answer.path)
    assert answer.path is not None and answer.path.text == "Pod banderą miłości —directed by→ Michał Waszyński"
    app.close()


def test_a_country_question_is_answered_with_the_country_a_description_names(
        tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    app = scripted_app(tmp_path, embedder, POLISH_FACTS, POLISH_TEXTS)
    answer = app.ask("Which country is the film Pod banderą miłości from?")
    assert answer.answer == "Poland", (answer.answer, answer.path)
    assert answer.path is not None and answer.path.text == "Pod banderą miłości —is→ 1929 Polish romance film"
    app.close()


def test_country_words() -> None:
    from hippograph.retrieval.demonyms import asks_country, country_of_description

    assert asks_country("Which country is the film Holiday in Tyrol from?") and asks_country("What country is Buyende in?")
    assert not asks_country("What county shares a border with Avery County?")
    assert not asks_country("What is the nationality of the director of 45 Fathers?")
    assert country_of_description("1956 West German drama film") == "West Germany"
    assert country_of_description("an Australian-born American film director") == "United States"
    assert country_of_description("a 1988 Hong Kong action film") == "Hong Kong"
    for not_one in ("2012 English-language drama film", "Indiana University", "Germany", "film director", "Korean War",
                    "American Civil War", "French Revolution"):
        assert country_of_description(not_one) is None, not_one


def test_a_hop_that_matches_only_a_phrase_an_earlier_hop_used_is_trailing(
        tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"directed by" uses "director"; "is director in" after it matches "director" again and
    counts 0.4 (trailing), where "born in" matches the unused "born" in full."""
    from hippograph.retrieval.paths import REUSE_SHARE

    app = scripted_app(tmp_path, embedder, POLISH_FACTS, POLISH_TEXTS)
    question = "Where was the director of Pod banderą miłości born?"
    out = app.reader("graph").read(app.engine.retrieve(question, method="dense", k=2))
    by_text = {c.text: c.features for c in out.candidates if c.path is not None}
    italy, kowel = by_text["Italy"], by_text["Kowel"]
    assert kowel["path_trailing"] == 0.0 and kowel["path_precision"] == 1.0, kowel
    assert italy["path_trailing"] == 1.0 and italy["path_precision"] == (1.0 + REUSE_SHARE) / 2, italy
    assert kowel["path_score"] > italy["path_score"] + 0.5
    app.close()


def test_a_path_does_not_go_through_a_description_two_people_share(
        tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """"Seven Women —directed by→ Juan Oro —is→ Mexican film director ←is— Luis Mando —born in→
    Mexico City" is no evidence of where Juan Oro was born: both are Mexican film directors."""
    facts = {
        "Seven Women is": [("Seven Women", "directed by", "Juan Oro")],
        "Juan Oro was": [("Juan Oro", "is", "Mexican film director")],
        "Luis Mando was": [("Luis Mando", "is", "Mexican film director"), ("Luis Mando", "born in", "Mexico City")],
    }
    texts = {
        "Seven Women": "Seven Women is a 1944 drama film directed by Juan Oro.",
        "Juan Oro": "Juan Oro was a Mexican film director.",
        "Luis Mando": "Luis Mando was a Mexican film director. He was born in Mexico City.",
    }
    app = scripted_app(tmp_path, embedder, facts, texts)
    out = app.reader("graph").read(app.engine.retrieve("Where was the director of Seven Women born?", method="dense", k=3))
    through = [c.path.text for c in out.candidates if c.path is not None and "Mexican film director ←is—" in c.path.text]
    assert not through, through
    assert "Mexico City" not in {c.text for c in out.candidates if c.path is not None}
    app.close()


def test_a_short_question_that_asks_of_a_role_is_read_as_two_hops() -> None:
    """"Where was the director of La Boum born?" is as short as musique's one-hop sub-questions; the
    router's role feature sends it, and a role of a role, to the multi-hop ranker of the shipped
    model, and a one-hop question to the one-hop ranker."""
    from hippograph.retrieval.reader import ReaderModel, role_clause

    assert role_clause("Where was the director of La Boum born?")
    assert role_clause("Who is the father of the director of Atomised?")
    assert not role_clause("Who is the director of La Boum?") and not role_clause("Where was Claude Pinoteau born?")
    assert not role_clause("what is the name of the southern tip of Africa")  # a framing noun
    assert not role_clause("what is the population of the state of Kansas")  # a place named by its kind
    model = ReaderModel.load()
    assert model.one_hop is not None
    assert model.ranker_for("Where was the director of La Boum born?") is model
    assert model.ranker_for("Who is the father of the director of Atomised?") is model
    assert model.ranker_for("Where was Claude Pinoteau born?") is model.one_hop


def test_an_answer_gives_way_to_a_more_precise_one_from_the_same_node() -> None:
    """"Richard Quine —died in→ June 1989" and "—died on→ June 10, 1989" (the 2Wiki store read
    both; the vaguer one ranked first): the answer is as precise as the documents. A date read off
    another node, or by a relation that shares no word with the precise one's, is another event,
    and stays. For a "where" question, a place written right after another and a comma ("formed
    in Leyton, East London") is inside it; names of another kind in a list are not."""
    from hippograph.core.models import Citation, PathHop, ReasoningPath
    from hippograph.retrieval.forms import date_parts, refines
    from hippograph.retrieval.reader import ReaderCandidate, _most_precise

    def cand(*hops: tuple[str, str, str], evidence: str = "") -> ReaderCandidate:
        path = tuple(PathHop(subject=s, predicate=p, object=o, forward=True, passage_id="psg-1", triple_id=f"tr-{s}-{p}-{o}")
                     for s, p, o in hops)
        cites = [Citation(passage_id="psg-1", title="t", evidence=evidence)]
        return ReaderCandidate(hops[-1][2], hops[-1][2].lower(), {}, cites, ReasoningPath(hops=path, text="", score=0.0), "graph-path")

    film = ("Velmora Days", "directed by", "Ansel Marrick")
    vague, precise = cand(film, ("Marrick", "died in", "June 1989")), cand(film, ("Ansel Marrick", "died on", "June 10, 1989"))
    other = cand(("Velmora Days", "released in", "1989"))  # one fact from the film: another node
    year = cand(film, ("Ansel Marrick", "first exhibited in", "1989"))  # the same node, another event
    kept = _most_precise([vague, precise, other, year])
    assert [c.text for c in kept] == ["June 10, 1989", "1989", "1989"]
    assert date_parts("June 10, 1989") == (1989, 6, 10) and date_parts("1920 – 1989") is None
    assert refines((1989, 6, 10), (1989, None, None)) and not refines((1989, 6, None), (1989, 7, None))

    band = ("Velmora Days", "is album by", "Tarn Circle")
    said = "Tarn Circle is a band formed in Brellport, Ardenia, in 1975."
    town, region = cand(band, ("Tarn Circle", "formed in", "Brellport"), evidence=said), cand(
        band, ("Tarn Circle", "formed in", "Ardenia"), evidence=said)
    assert [c.text for c in _most_precise([region, town], {id(town), id(region)})] == ["Brellport"]
    assert len(_most_precise([region, town], {id(town)})) == 2  # "Ardenia" not read as a place
    cast = "Velmora Days stars Orin Tass, Ilse Tass and Bren Tass."
    stars = [cand(("Velmora Days", "stars", n), evidence=cast) for n in ("Orin Tass", "Ilse Tass")]
    assert len(_most_precise(stars)) == 2  # no "where": a list, not a place and its container


def test_the_reader_model_is_the_one_fitted_for_the_extractors_triples(tmp_path: Path) -> None:
    """spaCy's triples are read by the model fitted for them, a language model's (``llm``,
    ``hipporag-json``) by theirs; ``answer.model_path`` overrides both."""
    import pytest

    from hippograph.core.errors import ConfigError
    from hippograph.core.settings import load_settings
    from hippograph.retrieval.reader import GraphReader, ReaderModel, save_model, triples_family
    from hippograph.runtime.app import Hippograph

    spacy_model, llm_model = ReaderModel.load(), ReaderModel.load(triples="llm")
    assert spacy_model.weights != llm_model.weights and "spacy triples" in spacy_model.note and "llm triples" in llm_model.note
    assert [triples_family(e) for e in ("spacy", "llm", "hipporag-json")] == ["spacy", "llm", "llm"]
    with pytest.raises(ConfigError, match="no reader model for triples 'rebel'"):
        ReaderModel.load(triples="rebel")
    own = tmp_path / "mine.json"
    save_model(llm_model.model_copy(update={"note": "mine"}), own)
    for ingest, answer, note in (({}, {}, spacy_model.note), ({"extractor": "hipporag-json"}, {}, llm_model.note),
                                 ({"extractor": "hipporag-json"}, {"model_path": own}, "mine")):
        app = Hippograph(load_settings(store={"path": tmp_path / "store"}, ingest=ingest, answer=answer))
        reader = app.reader("graph")
        assert isinstance(reader, GraphReader) and reader.model.note == note
