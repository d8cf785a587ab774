from __future__ import annotations

import json
from pathlib import Path

import pytest

from hippograph.core.errors import ExtractionError
from hippograph.core.models import Passage
from hippograph.core.settings import ChunkSettings
from hippograph.ingest.chunking import Chunker
from hippograph.ingest.extractors.base import ExtractionBuilder
from hippograph.ingest.extractors.hipporag_json import HippoRAGJsonExtractor
from hippograph.ingest.extractors.spacy_ie import SpacyExtractor, mended, without_gloss
from tests.conftest import SHARED_DATA, doc, require_shared_data


def test_short_documents_stay_whole_long_ones_split() -> None:
    chunker = Chunker(ChunkSettings(chunk_size=64, chunk_overlap=8))
    short = doc("s", "Paris is the capital of France.")
    [p] = chunker.chunk(short)
    assert p.text == short.text and p.doc_id == short.id
    long = doc("l", " ".join(f"Sentence number {i} talks about topic {i}." for i in range(80)))
    parts = chunker.chunk(long)
    assert len(parts) > 3 and all(p.n_tokens <= 64 for p in parts)
    assert [p.position for p in parts] == list(range(len(parts)))
    assert len(chunker.chunk(long, whole=True)) == 1


def _passage(title: str, text: str) -> Passage:
    return Passage(id=f"p-{title}", doc_id="d", title=title, text=text, position=0, n_tokens=0)


def test_spacy_extractor_finds_entities_and_relations() -> None:
    p = _passage(
        "Journal of Mathematical Physics",
        "The Journal of Mathematical Physics is a peer-reviewed journal published monthly by the American "
        "Institute of Physics. The current editor is Jan Philip Solovej from University of Copenhagen. "
        "It was first published in January 1960.",
    )
    [ex] = SpacyExtractor().extract([p])
    triples = {(t.subject, t.predicate, t.object) for t in ex.triples}
    assert ("Journal of Mathematical Physics", "published by", "American Institute of Physics") in triples
    assert ("Journal of Mathematical Physics", "current editor", "Jan Philip Solovej") in triples
    assert ("Journal of Mathematical Physics", "published in", "January 1960") in triples  # "It" resolved to the topic
    names = {e.name for e in ex.entities}
    assert {"jan philip solovej", "university of copenhagen", "american institute of physics"} <= names
    assert "the american institute of physics" not in names  # determiners stripped
    subjects = {t.subject.lower() for t in ex.triples}
    assert not subjects & {"it", "he", "she", "they", "january 1960", "1960"}


def test_spacy_extractor_reaches_the_name_behind_a_title() -> None:
    """"a play by the Norwegian playwright Henrik Ibsen": spaCy heads the phrase with the title
    noun; the triple must reach the name, and the title is said of the name."""
    [brand, walsh] = SpacyExtractor().extract([
        _passage("Brand (play)", "Brand is a play by the Norwegian playwright Henrik Ibsen."),
        _passage("Raoul Walsh", "He married the actress Miriam Cooper in 1916."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in brand.triples}
    assert ("Brand", "is play by", "Henrik Ibsen") in triples
    assert ("Henrik Ibsen", "is", "Norwegian playwright") in triples
    assert not any(t.object == "Norwegian playwright" and t.subject == "Brand" for t in brand.triples)
    triples = {(t.subject, t.predicate, t.object) for t in walsh.triples}
    assert ("Raoul Walsh", "marry", "Miriam Cooper") in triples and ("Miriam Cooper", "is", "actress") in triples


def test_spacy_extractor_reads_the_topic_in_its_definite_description() -> None:
    """Once a passage says its topic is a film, "the film" is the topic; another noun is not."""
    [banks] = SpacyExtractor().extract([_passage(
        "Saving Mr. Banks",
        "Saving Mr. Banks is a 2013 period comedy-drama film directed by John Lee Hancock. Centered on the "
        "making of Mary Poppins, the film stars Emma Thompson. The studio hired Tom Hanks.",
    )])
    triples = {(t.subject, t.predicate, t.object) for t in banks.triples}
    assert ("Saving Mr. Banks", "star", "Emma Thompson") in triples
    assert not any(t.subject == "Saving Mr. Banks" and t.object == "Tom Hanks" for t in banks.triples)


def test_spacy_extractor_reads_a_second_participle_and_life_dates() -> None:
    """"a film directed by X and starring Y" says both of the film; the parenthesis after a
    person's name gives their dates (and places) of birth and death."""
    [film, appleyard, samuels] = SpacyExtractor().extract([
        _passage("The Countess of Parma", "The Countess of Parma is a 1936 Italian comedy film directed by "
                 "Alessandro Blasetti and starring Elisa Cegani, Antonio Centa and María Denis."),
        _passage("Peter Appleyard", "Peter Appleyard, (26 August 1928 – 17 July 2013) was a British–Canadian jazz vibraphonist."),
        _passage("Hyman Samuels", "Hyman Samuels (born March 12, 1909, St Louis, Missouri, died October 8, 1973, "
                 "Los Angeles, California) was a manufacturer."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in film.triples}
    assert {("The Countess of Parma", "star", n) for n in ("Elisa Cegani", "Antonio Centa", "María Denis")} <= triples
    assert ("The Countess of Parma", "directed by", "Alessandro Blasetti") in triples
    triples = {(t.predicate, t.object) for t in appleyard.triples if t.subject == "Peter Appleyard"}
    assert {("born on", "26 August 1928"), ("died on", "17 July 2013")} <= triples
    triples = {(t.predicate, t.object) for t in samuels.triples}
    assert {("born on", "March 12, 1909"), ("born in", "St Louis"), ("died on", "October 8, 1973"),
            ("died in", "Los Angeles")} <= triples


def test_spacy_extractor_reads_life_dates_after_the_topic_when_it_says_born() -> None:
    """A name spaCy does not label a person still gets its dates when it is the passage's topic
    and the parenthesis says "born"; without such a word the topic gets none."""
    [piker, kassel] = SpacyExtractor().extract([
        _passage("Yosmani Piker", "Yosmani Piker (born April 26, 1987 in Havana) is a male judoka from Cuba."),
        _passage("Kassel", "Kassel (spelled Cassel until 1928) is a city in northern Hesse, Germany."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in piker.triples}
    assert {("Yosmani Piker", "born on", "April 26, 1987"), ("Yosmani Piker", "born in", "Havana")} <= triples
    assert not [t for t in kassel.triples if t.predicate.startswith(("born", "died"))]


def test_spacy_extractor_reads_the_names_a_plural_noun_lists() -> None:
    """"bordered by the cities and towns of A, B and C" is bordered by each; "the works of
    Shakespeare" (one name) stays an object of its own."""
    [boston, oxford] = SpacyExtractor().extract([
        _passage("Boston", "Boston is contiguously bordered by the cities and towns of Winthrop, Revere, Chelsea and Newton."),
        _passage("Hamlet", "He studied the works of Shakespeare at Oxford."),
    ])
    bordered = {t.object for t in boston.triples if t.subject == "Boston" and t.predicate == "bordered by"}
    assert bordered == {"Winthrop", "Revere", "Chelsea", "Newton"}
    assert ("Hamlet", "study", "works") in {(t.subject, t.predicate, t.object) for t in oxford.triples}


def test_spacy_extractor_reads_the_town_of_a_name_as_the_name() -> None:
    """"the state of Florida" is Florida (and a state); "a township of Delta County" is a part of
    the county, not the county."""
    [yulee, bark] = SpacyExtractor().extract([
        _passage("Yulee", "Yulee was elected in the state of Florida."),
        _passage("Bark River", "Bark River is a civil township of Delta County in Michigan."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in yulee.triples}
    assert {("Yulee", "elected in", "Florida"), ("Florida", "is", "state")} <= triples
    assert not [t for t in bark.triples if t.subject == "Delta County" and t.predicate == "is"]


def test_spacy_extractor_reads_a_noun_and_of_as_one_preposition() -> None:
    """"on behalf of the Society", "in front of the Pool": the bare noun is part of the
    preposition, the name after "of" is the object; "at the University of Oslo" (a determiner)
    is not folded."""
    [journal, memorial, oslo] = SpacyExtractor().extract([
        _passage("Journal of Psychotherapy Integration",
                 "The journal is published by the American Psychological Association on behalf of the Society "
                 "for the Exploration of Psychotherapy Integration."),
        _passage("Lincoln Memorial", "The Lincoln Memorial was built in honor of Abraham Lincoln. It stands in front of the Reflecting Pool."),
        _passage("Ola Nordmann", "Ola Nordmann studied at the University of Oslo."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in journal.triples + memorial.triples}
    assert ("Journal of Psychotherapy Integration", "published on behalf of",
            "Society for the Exploration of Psychotherapy Integration") in triples
    assert {("Lincoln Memorial", "built in honor of", "Abraham Lincoln"),
            ("Lincoln Memorial", "stand in front of", "Reflecting Pool")} <= triples
    assert not [t for t in journal.triples + memorial.triples if t.object in ("behalf", "honor", "front")]
    assert ("Ola Nordmann", "study at", "University of Oslo") in {(t.subject, t.predicate, t.object) for t in oslo.triples}


def test_spacy_extractor_reads_a_participle_before_the_subject_and_one_of_the() -> None:
    """"Born in Chongqing, Xu grew up in Beijing": the fronted participle says it of Xu (passive
    "born in", but "Having won the title" stays active); "one of the nine townships of Logan
    County" is a township of the county."""
    [xu, glendale] = SpacyExtractor().extract([
        _passage("Xu Bing", "Born in Chongqing in 1955, Xu grew up in Beijing. Having won the prize, Xu retired."),
        _passage("Glendale Township", "Glendale Township is one of the nine townships of Logan County."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in xu.triples + glendale.triples}
    assert {("Xu", "born in", "Chongqing"), ("Xu", "grow up in", "Beijing"), ("Xu", "win", "prize"),
            ("Glendale Township", "is township of", "Logan County")} <= triples


def test_spacy_extractor_reads_an_apposition_of_the_predicate_noun() -> None:
    """"X was a Norwegian playwright, a citizen of Norway": X is a citizen of Norway too."""
    [ibsen] = SpacyExtractor().extract([_passage("Henrik Ibsen", "Henrik Ibsen was a Norwegian playwright, a citizen of Norway.")])
    triples = {(t.subject, t.predicate, t.object) for t in ibsen.triples}
    assert {("Henrik Ibsen", "is", "Norwegian playwright"), ("Henrik Ibsen", "is citizen of", "Norway")} <= triples


def test_spacy_extractor_drops_unresolvable_pronoun_subjects() -> None:
    [ex] = SpacyExtractor().extract([_passage("", "She founded the company in Berlin.")])
    assert all(t.subject.lower() != "she" for t in ex.triples)


def test_spacy_extractor_reads_the_place_that_contains_a_place() -> None:
    """"in McDowell County, West Virginia, United States": each place is in the next one; a list
    of places is not a chain, and a person's apposition is not a place."""
    [johnny, tour, rogers] = SpacyExtractor().extract([
        _passage("Johnnycake", "Johnnycake is an unincorporated community in McDowell County, West Virginia, United States."),
        _passage("Tour", "He toured France, Germany and Italy."),
        _passage("Carl Rogers", "The therapy was developed by Carl Rogers, an American psychologist, in Chicago, Illinois."),
    ])
    contains = {(t.subject, t.object) for t in johnny.triples if t.predicate == "is in"}
    assert {("McDowell County", "West Virginia"), ("West Virginia", "United States")} <= contains
    assert ("Johnnycake", "is community in", "McDowell County") in {(t.subject, t.predicate, t.object) for t in johnny.triples}
    assert not [t for t in tour.triples if t.predicate == "is in"]
    assert {(t.subject, t.object) for t in rogers.triples if t.predicate == "is in"} == {("Chicago", "Illinois")}


def test_hipporag_json_imports_precomputed_openie() -> None:
    require_shared_data()
    ext = HippoRAGJsonExtractor(SHARED_DATA / "musique-100" / "openie-gpt-3.5-turbo-1106.json")
    first = json.loads((SHARED_DATA / "musique-100" / "corpus.json").read_text())[0]
    [ex] = ext.extract([_passage(first["title"], first["text"])])
    triples = {(t.subject, t.predicate, t.object) for t in ex.triples}
    assert ("Journal of Mathematical Physics", "published by", "American Institute of Physics") in triples
    assert ext.whole_documents
    with pytest.raises(ExtractionError, match="no entry"):
        ext.extract([_passage("Nowhere", "Text that is not in the file.")])


def test_hipporag_json_missing_file(tmp_path: Path) -> None:
    from hippograph.core.errors import ConfigError

    with pytest.raises(ConfigError, match="not found"):
        HippoRAGJsonExtractor(tmp_path / "none.json").extract([_passage("a", "b")])


def test_spacy_extractor_reads_the_full_name_a_passage_opens_with_as_its_topic() -> None:
    """A passage titled "Mara Lind" that opens "Mara Elise Lind (...)" is about Mara Lind: her dates
    and facts are the title's, and the place after each date of a lifespan is where she was born
    and died. A passage that opens with someone else's name keeps that name."""
    [lind, other] = SpacyExtractor().extract([
        _passage("Mara Lind", "Mara Elise Lind (May 8, 1889 in Seattle – May 14, 1967 in Los Angeles) was an American painter."),
        Passage(id="p-2", doc_id="d2", title="Mara Lind", text="Peter Holm (3 June 1900 – 4 July 1950) was a Danish sculptor.",
                position=0, n_tokens=0),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in lind.triples}
    assert {("Mara Lind", "born on", "May 8, 1889"), ("Mara Lind", "born in", "Seattle"),
            ("Mara Lind", "died on", "May 14, 1967"), ("Mara Lind", "died in", "Los Angeles")} <= triples, triples
    assert ("Mara Lind", "is", "American painter") in triples
    assert not [t for t in other.triples if t.subject == "Mara Lind"]
    assert ("Peter Holm", "born on", "3 June 1900") in {(t.subject, t.predicate, t.object) for t in other.triples}


def test_spacy_extractor_reads_a_born_in_place_chain_as_the_town_and_what_contains_it() -> None:
    """"born in Hitchin, Hertfordshire, England" (spaCy parses the places as conjuncts): born in
    Hitchin, which is in Hertfordshire, which is in England (and so born in both, carried up the
    passage's own containment); "Born as Robert Fuchs in Paris" is born in Paris. A list with "and"
    stays a list."""
    [launder, florey, tour] = SpacyExtractor().extract([
        _passage("Frank Launder", "Frank Launder was a British writer. He was born in Hitchin, Hertfordshire, England and began work as a clerk."),
        _passage("Robert Florey", "Robert Florey was a French director. Born as Robert Fuchs in Paris, he became an orphan at an early age."),
        _passage("Tour", "The band played in France, Germany and Italy."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in launder.triples}
    assert ("Frank Launder", "born in", "Hitchin") in triples
    assert {("Hitchin", "is in", "Hertfordshire"), ("Hertfordshire", "is in", "England")} <= triples
    assert {("Frank Launder", "born in", "Hertfordshire"), ("Frank Launder", "born in", "England")} <= triples
    assert not [t for t in launder.triples if t.subject == "Frank Launder" and t.predicate.startswith("begin")
                and t.object in ("Hertfordshire", "England")]
    assert ("Robert Florey", "born in", "Paris") in {(t.subject, t.predicate, t.object) for t in florey.triples}
    played = {t.object for t in tour.triples if t.subject == "band" and t.predicate.endswith(" in")}
    assert played == {"France", "Germany", "Italy"}, tour.triples
    assert not [t for t in tour.triples if t.predicate == "is in"]


def test_spacy_extractor_gives_the_opening_film_its_credits_however_the_title_parses() -> None:
    """A film passage: "directed by X, written by Y, and starring Z" are all the film's, not X's;
    a title spaCy parses as a clause ("Dangerously They Live") is still the subject of the opening
    "is a ... film" and of what hangs on it."""
    [fathers, live] = SpacyExtractor().extract([
        _passage("45 Fathers", "45 Fathers is a 1937 American comedy film directed by James Tinling, written by Frances Hyland "
                 "and Albert Ray, and starring Jane Withers, Thomas Beck."),
        _passage("Dangerously They Live", "Dangerously They Live is a 1941 American World War II spy film directed by Robert "
                 "Florey, and starring John Garfield, Nancy Coleman and Raymond Massey."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in fathers.triples}
    assert {("45 Fathers", "directed by", "James Tinling"), ("45 Fathers", "written by", "Frances Hyland"),
            ("45 Fathers", "written by", "Albert Ray"), ("45 Fathers", "star", "Jane Withers")} <= triples, triples
    assert not [t for t in fathers.triples if t.subject == "James Tinling"]
    triples = {(t.subject, t.predicate, t.object) for t in live.triples}
    assert {("Dangerously They Live", "is", "1941 American World War II spy film"),
            ("Dangerously They Live", "directed by", "Robert Florey"),
            ("Dangerously They Live", "star", "John Garfield")} <= triples, triples


def test_spacy_extractor_names_people_and_works_in_full() -> None:
    """A last name alone is the full name the passage wrote ("Hall, who was the first president"
    is G. Stanley Hall's); a person's named work is the work, by the person; a title's
    disambiguator is not part of the name ("Kassel (; spelled Cassel until 1928) is a city"); a film
    whose passage opens with its original title has its facts under the title."""
    [hall, music, kassel, going] = SpacyExtractor().extract([
        _passage("Adolescence", "The study began with the publication of G. Stanley Hall's Adolescence in 1904. Hall, who was "
                 "the first president of the American Psychological Association, viewed it as a time of turmoil."),
        _passage("Classical music", "Heard pieces include Mozart's Eine kleine Nachtmusik, Vivaldi's Four Seasons and Mao's China."),
        _passage("Kassel (city)", "Kassel (; spelled Cassel until 1928) is a city located on the Fulda River in northern Hesse."),
        _passage("I'll Be Going Now", "Tolgo il disturbo, internationally released as I'll Be Going Now, is a 1990 Italian "
                 "comedy-drama film directed by Dino Risi."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in hall.triples}
    assert ("G. Stanley Hall", "is president of", "American Psychological Association") in triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in music.triples}
    assert ("Eine kleine Nachtmusik", "by", "Mozart") in triples, triples
    assert not [t for t in music.triples if "Mozart's" in t.subject + t.object or t.subject == "China"]
    triples = {(t.subject, t.predicate, t.object) for t in kassel.triples}
    assert {("Kassel", "is", "city"), ("Kassel", "located on", "Fulda River")} <= triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in going.triples}  # the title written as its other name
    assert {("I'll Be Going Now", "also known as", "Tolgo il disturbo"),
            ("I'll Be Going Now", "directed by", "Dino Risi")} <= triples, triples


def test_spacy_extractor_reads_past_a_gloss_of_the_title() -> None:
    """A translation after the title is no subject ("dandelions" was the film's subject); a
    lifespan, a birthplace or another name in that place stays, for the facts in it."""
    [salad, castle] = SpacyExtractor().extract([
        _passage("Salad by the Roots", 'Salad by the Roots( literally"( Eating) dandelions by the roots" which is the French idiom '
                 'for" Pushing up the daisies") is a Franco- Italian comedy directed by Georges Lautner and released in 1964.'),
        _passage("The Girl Who Kicked the Hornets' Nest (film)", "The Girl Who Kicked the Hornets' Nest ( = English: \"The castle "
                 "in the sky that blew up\") is a 2009 Swedish drama thriller film directed by Daniel Alfredson."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in salad.triples}
    assert {("Salad by the Roots", "directed by", "Georges Lautner"), ("Salad by the Roots", "released in", "1964")} <= triples, triples
    assert not [t for t in salad.triples if "dandelions" in t.subject]
    triples = {(t.subject, t.predicate, t.object) for t in castle.triples}
    assert ("The Girl Who Kicked the Hornets' Nest", "directed by", "Daniel Alfredson") in triples, triples
    assert without_gloss("Mayombe", "Mayombe (or Mayumbe) is an area.") == "Mayombe (or Mayumbe) is an area."
    assert without_gloss("Roberto Savio", "Roberto Savio( born in Rome, Italy) is a journalist.").startswith("Roberto Savio( born")
    assert without_gloss("Dino Risi", "Dino Risi (23 December 1916 – 7 June 2008) was a director.").startswith("Dino Risi (23")
    assert without_gloss("Edith Carlmar", "Edith Carlmar (Edith Mary Johanne Mathiesen) (15 November 1911 – 17 May 2003) was an "
                         "actress.") == "Edith Carlmar (15 November 1911 – 17 May 2003) was an actress."


def test_spacy_extractor_reads_kin_and_roles_spacy_hangs_elsewhere() -> None:
    """"his wife, actress X" and "her husband, the composer X" name the topic's spouse; "the son of
    A and the painter B" has two parents (spaCy joins "painter" to "son"), as has "born ... as the
    son of A and B"; "studied law at a university" studied at it (spaCy hangs it on "law"); a
    lifespan after an opening name with a nickname in quotes is the topic's; "a film about cadets
    in Bergen, Norway, directed by X" (spaCy hangs "directed" on the place) was directed by X."""
    [anna, per, jan, bob, film] = SpacyExtractor().extract([
        _passage("Anna Berg", "Anna Berg (1 May 1900 – 2 June 1980) was a Swedish painter. She had three children by her "
                 "husband, the composer Nils Holm. She studied drawing and history at the University of Bergen."),
        _passage("Per Lund", "Per Lund is a Danish actor. He is the son of Karin Lund and the painter Ole Lund."),
        _passage("Jan Kowal", "Jan Kowal is a Polish poet. He was born in Lublin as the son of the writer Ewa Nowak and "
                 "the actor Adam Nowak. His wife, the singer Maria Kowal, wrote the songs."),
        _passage("Bob Miller", 'Robert" Bob" Miller( March 3, 1910 – April 4, 1990) was an American film director.'),
        _passage("Cadet Days", "Cadet Days is a 1938 American drama film about cadets at the Royal Academy in Bergen, "
                 "Norway, directed by Per Lund, and starring Anna Berg."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in anna.triples}
    assert {("Anna Berg", "husband", "Nils Holm"), ("Anna Berg", "study at", "University of Bergen")} <= triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in per.triples}
    assert {("Per Lund", "is son of", "Karin Lund"), ("Per Lund", "is son of", "Ole Lund")} <= triples, triples
    assert ("Per Lund", "is", "Ole Lund") not in triples
    triples = {(t.subject, t.predicate, t.object) for t in jan.triples}
    assert {("Jan Kowal", "born as son of", "Ewa Nowak"), ("Jan Kowal", "born as son of", "Adam Nowak"),
            ("Jan Kowal", "wife", "Maria Kowal")} <= triples, triples
    assert ("Jan Kowal", "born as", "Adam Nowak") not in triples
    triples = {(t.subject, t.predicate, t.object) for t in bob.triples}
    assert {("Bob Miller", "born on", "March 3, 1910"), ("Bob Miller", "died on", "April 4, 1990")} <= triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in film.triples}  # a place is not directed: the film is
    assert ("Cadet Days", "directed by", "Per Lund") in triples and ("Bergen", "directed by", "Per Lund") not in triples, triples


def test_spacy_extractor_reads_openings_and_lifespans_of_wiki_pages() -> None:
    """A sentence "Born in X, ..." is the topic's birthplace; "(born <birth name>, D1 – D2)" is a
    lifespan; "a filmmaker and youngest child of A and B" has two parents; a passage titled by its
    other name ('East Wind (In French "Vent d'est") is ...') and one whose opening parenthesis ends
    in a comma ("(originally titled ...), is a film directed by X") say their facts of the title;
    the title's first word opens the full name however spaCy tags it ("Rory ... Kennedy"); a
    lifespan may write the place before each date."""
    [born, life, kin, alias, retitled, places] = SpacyExtractor().extract([
        _passage("Claude Morel", "Claude Morel( 25 May 1925 – 5 October 2012) was a French film director. Born in "
                 "Boulogne- Billancourt, Hauts de Seine, France. He died in Neuilly- sur- Seine."),
        _passage("Paul Rossi", "Paul Rossi( born Paolo Giuseppe Rossi, August 5, 1882 – October 25, 1953) was an "
                 "American actor."),
        _passage("Rory Dale", "Rory Elizabeth Katherine Dale( born December 12, 1968) is an American documentary "
                 "filmmaker and youngest child of U.S. Senator Robert Dale and Ethel Skov."),
        _passage("Vent du nord", 'North Wind( In French" Vent du nord") is a Franco-Swiss film directed by Paul Rossi, '
                 "released in 1993."),
        _passage("Into the Cold Lake", "Into the Cold Lake( originally titled Red Water, then changed to Frozen), is an "
                 "American thriller film directed by Claude Morel and written by Paul Rossi."),
        _passage("Benito Rojo", "Benito Rojo (Toledo, 14 June 1894 – Madrid, 11 November 1974) was a Spanish film director."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in born.triples}
    assert ("Claude Morel", "born in", "Boulogne- Billancourt") in triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in life.triples}
    assert {("Paul Rossi", "born on", "August 5, 1882"), ("Paul Rossi", "died on", "October 25, 1953")} <= triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in kin.triples}
    assert {("Rory Dale", "is child of", "Robert Dale"), ("Rory Dale", "is child of", "Ethel Skov")} <= triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in alias.triples}
    assert {("Vent du nord", "directed by", "Paul Rossi"), ("Vent du nord", "also known as", "North Wind")} <= triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in retitled.triples}
    assert ("Into the Cold Lake", "directed by", "Claude Morel") in triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in places.triples}  # a place before each date
    assert {("Benito Rojo", "born in", "Toledo"), ("Benito Rojo", "died in", "Madrid")} <= triples, triples


def test_spacy_extractor_reads_broken_words_glued_dashes_and_quoted_titles() -> None:
    """A word broken after its prefix ("co- directed by") and a dash glued to a place
    ("London- 29 September 1972") are mended before parsing; a day spaCy cut from its month
    ("– 28" + "August 1967") is the whole date; "who was married to X" is a marriage, not
    (_, is, married); "born <birth name> in <place>" is a birthplace; a title in quotes opens its
    passage ('"By the Quiet Sea" is a popular song'), and "with music written by X" is the song's."""
    [film, spouse, born, life, cut, song] = SpacyExtractor().extract([
        _passage("The Red Doctor of Crow Island", "The Red Doctor of Crow Island is a 1969 Filipino horror film, "
                 "co- directed by Eddie Morales and Gerardo de Lima, and starring John Ashby."),
        _passage("Sergio Gallo", "Sergio Gallo (born 13 May 1938 in Milan, Italy) is an Italian filmmaker, who was "
                 "married to Jocelyn Wilder."),
        _passage("Marcel Verneuil", "Marcel Verneuil (16 October 1892 – 13 July 1947) was a film director. He was born "
                 "Marcel Hyacinthe le Bosquet in Paris, France."),
        _passage("Edward Slade", "Edward Slade( 19 July 1886, London- 29 September 1972, Woodland Hills, California) was "
                 "an English film director."),
        _passage("Maurice Elton", "Maurice Elton( 11 November 1887 – 28 August 1967) was a prolific film director."),
        _passage("By the Quiet Sea (song)", '"By the Quiet Sea" is a popular song published in 1914, with music written '
                 "by Harry Carlton and lyrics written by Harold R. Atwood."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in film.triples}
    assert {("The Red Doctor of Crow Island", "directed by", "Eddie Morales"),
            ("The Red Doctor of Crow Island", "star", "John Ashby")} <= triples, triples
    assert not any(o == "starring" for _, _, o in triples), triples
    triples = {(t.subject, t.predicate, t.object) for t in spouse.triples}
    assert ("Sergio Gallo", "married to", "Jocelyn Wilder") in triples, triples
    assert ("Sergio Gallo", "is", "married") not in triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in born.triples}
    assert {("Marcel Verneuil", "born in", "Paris"), ("Marcel Verneuil", "born as", "Marcel Hyacinthe le Bosquet")} <= triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in life.triples}
    assert {("Edward Slade", "born on", "19 July 1886"), ("Edward Slade", "died on", "29 September 1972"),
            ("Edward Slade", "died in", "Woodland Hills")} <= triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in cut.triples}
    assert ("Maurice Elton", "died on", "28 August 1967") in triples, triples
    triples = {(t.subject, t.predicate, t.object) for t in song.triples}
    assert {("By the Quiet Sea", "is", "popular song"), ("By the Quiet Sea", "music written by", "Harry Carlton")} <= triples, triples
    assert ("Harry Carlton", "written by", "Harold R. Atwood") not in triples, triples


def test_mended_closes_prefix_breaks_and_sets_a_glued_dash_apart() -> None:
    assert mended("co- directed by X, London- 29 September") == "co-directed by X, London – 29 September"
    assert mended("Czech- American director, films- his own") == "Czech- American director, films- his own"


def test_spacy_extractor_reads_a_lifespan_place_of_any_label_and_an_opening_is_after_born() -> None:
    """A lifespan's place written after a comma is read whatever spaCy labelled it, and whole when
    hyphens join it ("Rostov-on-Don"); a bare "in Lille" beside "born in Lille" is dropped; a
    parenthesis's "born" that spaCy made the subject of the opening "is" gives way to the topic."""
    [life, opening] = SpacyExtractor().extract([
        _passage("Ivan Petrovsky", "Ivan Yakovlevich Petrovsky (June 28, 1923, Rostov-on-Don – March 1, 1980, Moscow) "
                 "was a Soviet scriptwriter."),
        _passage("Aki Vartiainen", "Aki Olavi Vartiainen( born 4 April 1957) is a Finnish screenwriter and film director."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in life.triples}
    assert {("Ivan Petrovsky", "born in", "Rostov-on-Don"), ("Ivan Petrovsky", "died in", "Moscow")} <= triples, triples
    [grasse] = SpacyExtractor().extract([_passage("Jean Stellan", "Jean Stellan (6 December 1894 in Lille – 2 February "
                                                  "1975 in Grasse) was a French screenwriter and film director.")])
    triples = {(t.subject, t.predicate, t.object) for t in grasse.triples}
    assert {("Jean Stellan", "born in", "Lille"), ("Jean Stellan", "died in", "Grasse")} <= triples, triples
    assert ("Jean Stellan", "in", "Lille") not in triples, triples  # subsumed by "born in"
    triples = {(t.subject, t.predicate, t.object) for t in opening.triples}
    assert ("Aki Vartiainen", "is", "Finnish screenwriter and film director") in triples, triples
    assert not any(s == "born" for s, _, _ in triples), triples


def test_spacy_extractor_reads_a_passage_that_opens_with_its_topic_s_other_name() -> None:
    """A passage titled "Rain Dance (film)" that opens with its original title ("Ples v vetru is a
    1961 Slovene film directed by ...") is about the film its title names: its facts are the
    topic's, and the other name is an alias. Only when the opening "is" leads to the title's
    disambiguator: under an album's title the film's passage keeps its own name, and the topic with
    an article ("The Noose") is no alias."""
    [film, noose, album] = SpacyExtractor().extract([
        _passage("Rain Dance (film)", "Ples v vetru is a 1961 Slovene film directed by Bojan Hrastnik."),
        _passage("Noose (1958 film)", "The Noose is a Polish film released in 1958, directed by Wojciech Jerzy Has."),
        _passage("Rain Dance (album)", "Ples v vetru is a 1961 Slovene film directed by Bojan Hrastnik."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in film.triples}
    assert {("Rain Dance", "directed by", "Bojan Hrastnik"), ("Rain Dance", "is", "1961 Slovene film"),
            ("Rain Dance", "also known as", "Ples v vetru")} <= triples, triples
    assert not any(s.startswith("Ples") and p != "also known as" for s, p, _ in triples), triples
    triples = {(t.subject, t.predicate, t.object) for t in noose.triples}
    assert ("Noose", "is", "Polish film") in triples, triples
    assert not any(p == "also known as" for _, p, _ in triples), triples
    triples = {(t.subject, t.predicate, t.object) for t in album.triples}
    assert not any(s == "Rain Dance" for s, _, _ in triples), triples  # a film is not the title's album


def test_spacy_extractor_reads_a_participle_after_a_name_as_said_of_the_described_thing() -> None:
    """"X is a film from Studio directed by Y": a name takes no restrictive participle, so the film
    was directed, not the studio; a participle on a common noun keeps its noun ("a film based on a
    novel published by ..." leaves the novel published)."""
    [film, novel] = SpacyExtractor().extract([
        _passage("Jungle Pact", "Jungle Pact is a 1957 black-and-white film from Orbis Pictures directed by "
                                "Harold K. Venner and starring Milo Drask."),
        _passage("Glass Harbour", "Glass Harbour is a 1962 film based on a novel published by Lantern House."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in film.triples}
    assert ("Jungle Pact", "directed by", "Harold K. Venner") in triples, triples
    assert not any(s == "Orbis Pictures" and p == "directed by" for s, p, _ in triples), triples
    triples = {(t.subject, t.predicate, t.object) for t in novel.triples}
    assert not any(s == "Glass Harbour" and p.startswith("published") for s, p, _ in triples), triples


def test_spacy_extractor_reads_a_titled_role_a_name_cut_at_of_and_a_quantity_of_a_place() -> None:
    """"the President of Tarsia" is a role with its "of" object, though spaCy tags the title a
    proper noun; a name spaCy's NER cuts at "of" ("the Art Students League of" + "New York") stays
    one name; "Most of the Tarsian coast was ruled by ..." is said of the coast, not of "Most"; the role
    "parliament elected Marek Lund as" gives is Lund's."""
    [velm] = SpacyExtractor().extract([
        _passage("John Velm", "John Velm was the President of Tarsia from 1990 to 1994. Most of the Tarsian coast "
                              "was ruled by the Velmish Empire from 1700. Part of the city of Tamsk is in the "
                              "Province of Orlia, Tarsia. Karl Senn studied at the Art Students League of New York. "
                              "Anne Velm is the eldest child of King Abdullah of Saudi Arabia. In 1996 parliament "
                              "elected Marek Lund as the new President of Tarsia."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in velm.triples}
    assert ("John Velm", "is president of", "Tarsia") in triples, triples
    assert ("Tarsian coast", "ruled by", "Velmish Empire") in triples, triples
    assert ("Tamsk", "be in", "Province of Orlia") in triples, triples
    assert ("Karl Senn", "study at", "Art Students League of New York") in triples, triples
    assert ("Anne Velm", "is child of", "King Abdullah of Saudi Arabia") in triples, triples
    assert ("Marek Lund", "elected as president of", "Tarsia") in triples, triples  # the role is the elected one's
    assert not any(s in {"Most", "Part"} or s.endswith(" of") or o.endswith(" of") for s, _, o in triples), triples
    assert not any(s == "parliament" and "president" in p for s, p, _ in triples), triples


def test_spacy_extractor_reads_a_birthplace_after_a_date_a_part_of_a_place_and_a_single_by() -> None:
    """"(born 31 May 1955 in Mouscron)" gives the place however spaCy labels the name, and not the
    day cut from its month ("born 31"); "in the northern part of the English Lake District" is in
    the district, not in a node "northern part"; "a town in the central Hiran region of Somalia" links that region to Somalia; "is
    a 1974 single by Hank Snow" is a single by him (spaCy tags "single" an adjective); and a verb
    spaCy parsed as the subject ("(died ...) was a poet": "died") is no node. A title is found in
    the text as whole words only ("KVEL" is not the start of "Kvelton")."""
    velm, song, radio = SpacyExtractor().extract([
        _passage("Jean-Luc Velm", "Jean-Luc Velm (born 31 May 1955 in Mouscron) is a Belgian former road bicycle "
                                  "racer. Knott is a mountain in the northern part of the English Lake District. "
                                  "Ceelmakoile is a town in the central Hiran region of Somalia. Carl Berg (died 4 "
                                  "June 1990 in Santa Fe) was a poet."),
        _passage("Hello Velmora", '"Hello Velmora" is a 1974 single by Hank Snow.'),
        _passage("KVEL (AM)", "KVEL (1450 AM) is a talk radio station broadcasting in Kvelton, Delaware, United States."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in velm.triples}
    assert ("Jean-Luc Velm", "born in", "Mouscron") in triples, triples
    assert ("Jean-Luc Velm", "born on", "31 May 1955") in triples, triples
    assert not any(o == "31" for _, _, o in triples), triples
    assert ("Knott", "is mountain in", "English Lake District") in triples, triples
    assert not any(o == "northern part" for _, _, o in triples), triples  # a node every "northern part" would share
    assert ("central Hiran region", "is in", "Somalia") in triples, triples
    assert not any(s == "died" for s, _, _ in triples), triples
    assert ("Hello Velmora", "is single by", "Hank Snow") in {(t.subject, t.predicate, t.object) for t in song.triples}
    # the title "KVEL" is not written inside "Kvelton": Kvelton is a place of its own, in Delaware
    radio_triples = {(t.subject, t.predicate, t.object) for t in radio.triples}
    assert ("Kvelton", "is in", "Delaware") in radio_triples, radio_triples
    assert ("KVEL", "is broadcasting in", "Kvelton") in radio_triples, radio_triples


def test_spacy_extractor_reads_a_last_name_as_the_topic_and_an_infinitive_of_the_subject() -> None:
    """A passage that opens with its topic's full name calls it by its last name after; a verb
    completed by "to" and an infinitive says the infinitive of its own subject, not of its object,
    and not of a subject it lacks ("Although often thought to be a hymn, Tindley ..."); "one of
    its stars, X" is X; "who" after a name spaCy labels no person, in a phrase on a noun, is the
    noun ("an outfielder in Major League Baseball who played for ...")."""
    dane, firm, film, player = SpacyExtractor().extract([
        _passage("Harlan Ormsby Dane", "Harlan Ormsby Dane (July 10, 1898 – September 11, 1986) was an American "
                                       "educator. The son of a banker, Dane was born in Abilene, Kansas and went on "
                                       "to study at the University of Kansas."),
        _passage("Wendell Works", "The Wendell Works hired Carla Voss to design the tower. Although often thought "
                                  "to be a hymn, the tune was written by Voss."),
        _passage("The Gem of the Delta", "The Gem of the Delta is a 1985 comedy film, directed by Lewis Teague and "
                                         "produced by one of its stars, Michael Douglas."),
        _passage("Barry Wesson", "Barry Jarvis Wesson (born April 6, 1977 in Tupelo, Mississippi) is an American "
                                 "former right-handed outfielder in Major League Baseball who played for the Houston "
                                 "Astros."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in dane.triples}
    assert ("Harlan Ormsby Dane", "born in", "Abilene") in triples, triples
    assert ("Harlan Ormsby Dane", "study at", "University of Kansas") in triples, triples
    assert not any(s == "Dane" for s, _, _ in triples), triples
    firm_triples = {(t.subject, t.predicate, t.object) for t in firm.triples}
    assert not any(p.startswith("design") and s in ("Wendell Works", "Carla Voss") for s, p, _ in firm_triples), (
        firm_triples)
    assert not any(p == "is" and o == "hymn" for _, p, o in firm_triples), firm_triples
    film_triples = {(t.subject, t.predicate, t.object) for t in film.triples}
    assert ("The Gem of the Delta", "produced by", "Michael Douglas") in film_triples, film_triples
    player_triples = {(t.subject, t.predicate, t.object) for t in player.triples}
    assert ("Barry Wesson", "play for", "Houston Astros") in player_triples, player_triples
    assert not any(s == "Major League Baseball" and p == "play for" for s, p, _ in player_triples), player_triples


def test_a_place_fact_is_said_of_the_places_containing_the_place() -> None:
    """"a town in the central Varn region of Kestria": the town is in Kestria too, so the question
    "Who governs the country Ostrel is in?" is one fact from it; so is a town in "the Eastern
    Region of Uganda", a division of a place named by a name of its own; "born in Tilbury, Essex"
    is born in Essex. A fact that does not place its subject ("wrote about Tilbury") is not
    carried up, and "the Federated States of Micronesia" names no division."""
    town, other, writer, states = SpacyExtractor().extract([
        _passage("Ostrel", "Ostrel is a town in the central Varn region of Kestria."),
        _passage("Buyende", "Buyende is a town in the Eastern Region of Uganda."),
        _passage("Maren Holt", "Maren Holt (born 1950) is a British writer. She was born in Tilbury, Essex. "
                               "She wrote about Tilbury."),
        _passage("Guam", "Guam is near the Federated States of Micronesia."),
    ])
    area, mountain = SpacyExtractor().extract([
        _passage("Dankara", "Dankara is a Local Government Area in Katsina State, Nigeria."),
        _passage("Mount Vell", "Mount Vell is a mountain on West Falkland, Falkland Islands."),
    ])
    # a kind written with capitals after "a" is a kind ("is area in"), and "on" places too
    assert {("Dankara", "is area in", "Katsina State"), ("Dankara", "is area in", "Nigeria")} <= {
        (t.subject, t.predicate, t.object) for t in area.triples}, area.triples
    assert ("Mount Vell", "is mountain on", "Falkland Islands") in {
        (t.subject, t.predicate, t.object) for t in mountain.triples}, mountain.triples
    triples = {(t.subject, t.predicate, t.object) for t in town.triples}
    assert ("central Varn region", "is in", "Kestria") in triples, triples
    assert ("Ostrel", "is town in", "Kestria") in triples, triples
    other_triples = {(t.subject, t.predicate, t.object) for t in other.triples}
    assert ("Eastern Region", "is in", "Uganda") in other_triples, other_triples
    assert ("Buyende", "is town in", "Uganda") in other_triples, other_triples
    assert not any(p == "is in" for _, p, _ in (
        (t.subject, t.predicate, t.object) for t in states.triples)), states.triples
    writer_triples = {(t.subject, t.predicate, t.object) for t in writer.triples}
    assert ("Maren Holt", "born in", "Tilbury") in writer_triples, writer_triples
    assert ("Maren Holt", "born in", "Essex") in writer_triples, writer_triples
    assert not any(p.startswith("write") and o == "Essex" for _, p, o in writer_triples), writer_triples


def test_containment_is_carried_up_only_along_the_passage_s_own_is_in_facts() -> None:
    b = ExtractionBuilder("p")
    b.triple("Ostrel", "is town in", "Varn")
    b.triple("Varn", "is in", "Kestria")
    b.triple("Kestria", "is in", "Varn")  # a contradiction: no loop back to the subject
    b.triple("Ostrel", "known for", "Varn")
    b.close_containment()
    got = {(t.subject, t.predicate, t.object) for t in b.build().triples}
    assert ("Ostrel", "is town in", "Kestria") in got
    assert not any(p == "known for" and o == "Kestria" for _, p, o in got)
    assert ("Varn", "is in", "Varn") not in got


def test_a_named_thing_s_place_is_where_the_verb_took_place_and_an_infinitive_completes_the_copula() -> None:
    """spaCy hangs "in London" on the name before it: "competed at the 1948 Summer Olympics in
    London" competed in London (and, London being in England, in England), "died at St Anne's
    Hospital in Uppsala" died in Uppsala. "X is a radio station licensed to serve Marlow": X serves
    Marlow, as the station is X. Not when the verb is denied ("not to be confused with the Holm
    Gallery in Uppsala"), nor from inside a parenthesis ("in Kowel (now in Ukraine)"), nor when the
    participle has an agent ("an act initiated by Amrit Das to produce salt": Das produces it, not
    the act)."""
    games, death, station, museum, walk, aside = SpacyExtractor().extract([
        _passage("Vesta at the 1948 Summer Olympics", "Vesta competed at the 1948 Summer Olympics in London, England."),
        _passage("Tomas Rehn", "Tomas Rehn was a Swedish painter. He died on 3 May 1911 at St Anne's Hospital in Uppsala."),
        _passage("KQRV-FM", "KQRV-FM (98.1 FM) is a radio station licensed to serve Marlow, Oklahoma, United States."),
        _passage("Holm Museum", "The Holm Museum (not to be confused with the Holm Gallery in Uppsala) is an art "
                                "museum in Lund, Sweden."),
        _passage("Salt Walk", "The Salt Walk was an act of protest initiated by Amrit Das to produce salt from the sea."),
        _passage("Jan Tarek", "Jan Tarek was a Polish director. He was born in 1904 in Kowel, a small town in "
                              "Volhynia (now in Ukraine)."),
    ])
    got = {(t.subject, t.predicate, t.object) for e in (games, death, station, museum, walk, aside) for t in e.triples}
    assert {("Vesta", "compete in", "London"), ("Vesta", "compete in", "England")} <= got, games.triples
    assert ("Tomas Rehn", "die in", "Uppsala") in got, death.triples
    assert ("KQRV-FM", "serve", "Marlow") in got, station.triples
    assert not any(s == "Holm Museum" and o == "Uppsala" for s, _, o in got), museum.triples
    assert not any(s == "Salt Walk" and p.startswith("produce") for s, p, _ in got), walk.triples
    # an aside in parentheses is no place of the verb's: born in Kowel, not in Ukraine
    assert ("Jan Tarek", "born in", "Kowel") in got and ("Jan Tarek", "born in", "Ukraine") not in got, aside.triples


def test_a_page_that_opens_with_its_topic_s_last_name_means_the_topic() -> None:
    """A passage cut from inside a biography opens with the last name ("Fawell is a graduate of West
    Chicago High School" on the page "Harris W. Fawell"): that name is the topic, initials and all,
    so its facts join the topic's node and not a node "Fawell" of their own."""
    (page,) = SpacyExtractor().extract([
        _passage("Edith M. Carlow", "Carlow is a graduate of Kestrel High School. Carlow practiced law in Marlow from 1954."),
    ])
    triples = {(t.subject, t.predicate, t.object) for t in page.triples}
    assert ("Edith M. Carlow", "is graduate of", "Kestrel High School") in triples, triples
    assert not any(s == "Carlow" for s, _, _ in triples), triples
