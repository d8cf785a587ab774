"""The graph-path reader: answers read off chains of triples, citing the passage of each hop.

From the entities the question names, a beam search walks the triples of the retrieved
passages (and the triples the clues linked), hop by hop, up to ``max_hops``. A hop is scored
by how its triple matches the question (cosine of the triple's stored embedding to the
question and to the clues' surrogate questions) and how its relation matches the question's
own relation words (the words left once the named entities and wh-words are taken out).
Every partial path ends in an entity; each such end entity that the question does not name is
an answer candidate, described by generic features (hop scores, relation match, answer type,
passage rank, support). :mod:`hippograph.retrieval.reader` ranks them together with the span
reader's candidates.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from hippograph.core.embedding import Embedder
from hippograph.core.ids import bare_title, entity_id, fold_letters, normalize_entity, sha256_id
from hippograph.core.models import Clue, PathHop, ReasoningPath, RetrievalResult, Triple
from hippograph.graph.store import GraphStore
from hippograph.retrieval.linking import RowLookup

logger = logging.getLogger(__name__)

STOP = frozenset(
    "a an the of in on at to for and or is was were are be been by with from as that which who whom whose what when "
    "where why how did does do has have had it its this these those there their his her he she they them than then "
    "into onto about also not no yes both either one any some many much most more same other".split()
)
WH = frozenset("who whom whose what which when where why how".split())
PHRASE_LINK = "phrase:"  # id prefix of the links between a phrase node and a name it contains
AUX = frozenset("is was were are be been did does do has have had can could would will shall should may might".split())


# short forms the suffix rule leaves apart: "died" and "death" are "die", "lived" is "live"; and
# kinship read both ways: "X is a granddaughter of Y" answers "Who is X's grandfather?", "X is the
# son of Y" "Who is X's father?", "X married Y" "Who is X's wife?"
_KIN = {
    "grandkin": "grandfather grandmother grandparent grandparents grandson grandsons granddaughter granddaughters "
                "grandchild grandchildren",
    "parentkin": "father mother parent parents son sons daughter daughters child children",
    "marri": "husband wife spouse married marries marry wed widow widower",
    "sibling": "brother brothers sister sisters sibling siblings",
}
_SHORT_STEMS = {"died": "die", "dies": "die", "dying": "die", "death": "die", "live": "live", "lived": "live", "lives": "live",
                "living": "live", "birth": "born", **{w: k for k, words in _KIN.items() for w in words.split()}}


@functools.lru_cache(maxsize=1 << 14)
def stem(token: str) -> str:
    """A crude, language-agnostic-enough suffix stripper for matching relation words; an agent noun
    in "-or" is its verb ("director" and "directed" are "direct"), a silent final e goes ("invade",
    "invaded": "invad"), and so does a noun of action's ending ("invasion", "production")."""
    if token in _SHORT_STEMS:
        return _SHORT_STEMS[token]
    for suffix in ("ations", "ation", "ings", "ing", "ers", "ors", "ed", "es", "er", "or", "ly", "s"):
        if len(token) > len(suffix) + 3 + (suffix in ("or", "ors")) and token.endswith(suffix):
            return token[: -len(suffix)]
    # a noun of action is its verb: "invasion" is "invad(e)", "production" is "produc(e)"
    if len(token) > 6 and token.endswith("sion") and token[-5] in "aeiou":
        return token[:-4] + "d"
    if len(token) > 7 and token.endswith("uction"):
        return token[:-4]
    # a silent final e goes as it does before "-ed" and "-es": "invade" is "invaded"'s stem, "place" is "places'"
    return token[:-1] if len(token) > 3 and token.endswith("e") else token


def content_stems(text: str) -> set[str]:
    return {stem(t) for t in normalize_entity(text).split() if t not in STOP and len(t) > 1}


_KIN_CLASS = {w: k for k, words in _KIN.items() for w in words.split()}
KIN_DISCOUNT = 0.4  # a kinship word matched by its class only (mother / father) counts 0.6 of the same word


def kin_words(text: str) -> dict[str, set[str]]:
    """The kinship words of a text by their class, singular ("sons" → son)."""
    out: dict[str, set[str]] = {}
    for t in normalize_entity(text).split():
        if t in _KIN_CLASS:
            out.setdefault(_KIN_CLASS[t], set()).add(t[:-1] if t.endswith("s") else t)
    return out


def kin_mismatch(predicate: str, phrase: str) -> int:
    """Kinship classes a relation and a question phrase share only by the class: "father was" for
    "mother" (the relation is read both ways, so it still matches, but the same word matches better)."""
    a, b = kin_words(predicate), kin_words(phrase)
    return sum(1 for k in a.keys() & b.keys() if not a[k] & b[k])


_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
_NUMBER = re.compile(r"^[\d,.\s]+(%|percent|million|billion|thousand)?[\w\s]{0,12}$")


@functools.lru_cache(maxsize=65536)
def value_kind(text: str) -> str:
    """'date', 'number' or 'name', from the surface form alone (cached: the reader asks it of both
    ends of every fact it reads, and of a relation's graph-wide sample)."""
    if _YEAR.search(text) or (_MONTH.search(text) and re.search(r"\d", text)):
        return "date"
    if _NUMBER.match(text.strip()) and re.search(r"\d", text):
        return "number"
    return "name"


@functools.lru_cache(maxsize=65536)
def bare_value(text: str) -> bool:
    """A date or number with no name in it ("1865", "24 March 1867", "7 games"): a hub that joins
    unrelated facts, unlike a dated name ("2018 Kansas gubernatorial election", "2006 Ibsen Year")."""
    return value_kind(text) != "name" and not any(w[:1].isupper() and not _MONTH.fullmatch(w) for w in text.split())


# nouns that name a quantity: "What is the population of ...", "what percentage ..." ask for a
# number (a general English list, as in answer-type classifiers; no question's wording)
QUANTITY_NOUNS = frozenset(
    "population percentage percent proportion share number amount total count size length height width depth "
    "elevation altitude distance temperature rainfall snowfall precipitation speed capacity attendance ranking rank "
    "score age price cost budget revenue salary income debt gdp density weight mass volume duration".split()
)


_PREPS = frozenset("in of to for from at on by with into during".split())


def asking_word(question: str) -> tuple[str, ...]:
    """The question's own wh-word and the words after it, lower-cased, a capitalised word as "|"
    (() when it has none).

    The interrogative is the first word ("Who ...", "In what county ..."), else the first "what",
    else a wh-word that ends the question ("... was started when?"), else "how". A "which",
    "where" or "who" inside the question is a relative pronoun ("the city where ...") and is skipped."""
    words = re.findall(r"[A-Za-z][A-Za-z'.-]*", question)
    low = [w.lower().rstrip(".") for w in words]
    first = 1 if low[:1] and low[0] in _PREPS else 0
    if len(low) > first and low[first] in WH:
        at = first
    elif "what" in low:
        at = low.index("what")
    elif any(w in WH and orig[0].isupper() for w, orig in zip(low, words)):  # "... . Who mothered ...?"
        at = next(k for k, (w, orig) in enumerate(zip(low, words)) if w in WH and orig[0].isupper())
    elif low and low[-1] in WH:
        at = len(low) - 1
    elif "how" in low:
        at = low.index("how")
    else:
        return ()
    return tuple(w if (k == 0 or not orig[:1].isupper()) else "|" for k, (w, orig) in enumerate(zip(low[at:], words[at:])))


def asked_kind(question: str) -> str:
    """'date', 'number' or 'name': what the question's own wh-word asks for."""
    words = asking_word(question)
    if not words:
        return "name"
    head = " ".join(words[:2])
    if words[0] == "when" or head in ("what year", "which year", "what date", "what decade", "what century") or (
            " ".join(words[:3]) == "how long ago"):
        return "date"
    if words[0] == "how" and words[1:2] and words[1] in ("many", "much", "old", "long", "tall", "high", "far", "big", "large"):
        return "number"
    if quantity_head(question):
        return "number"
    return "name"


# nouns that only frame the noun the question really asks for: "the name of the waterfall" asks
# for a waterfall, "what kind of university" for a university
KIND_FRAMES = frozenset("kind type sort form".split())  # "What kind of university ...?" asks for a kind
_FRAMES = KIND_FRAMES | {"name"}
# nouns whose "of ..." belongs to them: "body of water", "part of the state"
_WHOLES = frozenset("body part piece member unit branch".split())
# of those, the nouns whose thing is not of the kind after "of": a part of a state is no state, a
# member of a band no band; a body of water is water
_PARTS = frozenset("part member unit branch".split())
FRAME_NOUNS = _FRAMES | _WHOLES


@functools.lru_cache(maxsize=1024)
def asked_phrase(question: str) -> tuple[str, ...]:
    """The words of the noun phrase the question asks for ("What is the usual average snowfall
    in ..." → usual average snowfall; "What is the name of the southern tip ..." → southern tip;
    "What body of water ..." → body of water; "What county shares ..." → county); () when the
    question does not say ("Who ...", "When ...", "What is the Eiffel Tower ...").

    After "what/which is the", the phrase runs to the first function word (at most 3 words); after
    a bare "what/which" only its first word counts (the next may be the verb: "What movie stars ...")."""
    words = list(asking_word(question))
    if not words or words[0] not in ("what", "which", "whose"):
        return ()
    rest = words[1:]
    copula = bool(rest) and rest[0] in ("is", "was", "are", "were")
    if copula:
        rest = rest[1:]
        if rest[:1] in (["the"], ["a"], ["an"]):
            rest = rest[1:]

    def run(ws: list[str], limit: int) -> list[str]:
        out: list[str] = []
        for w in ws:
            if w in STOP or w in AUX or w in WH or w == "|" or len(out) >= limit:
                break
            out.append(w)
        return out

    if copula and _passive_stranded(question):
        return ()  # "What is the country where X is located named after?" asks what it is named after
    phrase = run(rest, 3 if copula else 1)
    whole = run(rest, 3)
    if not copula and rest and len(whole) == len(rest):
        phrase = whole  # the question ends on it, so no verb follows: "... is part of what mountain range?"
    after = rest[len(phrase):]
    if phrase and after[:1] in (["of"], ["for"]):
        inner = after[1:]
        if inner[:1] in (["the"], ["a"], ["an"]):
            inner = inner[1:]
        inner = run(inner, 3 if copula else 1)
        if inner and phrase[-1] in _FRAMES:
            return tuple(inner)
        if inner and phrase[-1] in _WHOLES:
            return (*phrase, "of", *inner)
    return tuple(phrase)


_STRANDED = re.compile(r"\b(?P<before>[a-z']+)\s+(?:[a-z]+(?:ed|en)|known|built|made|held|set|found)\s+"
                       r"(?:after|for|by|from|on|upon|in|at|with|of)\s*\?*\s*$")


def _passive_stranded(question: str) -> bool:
    """Whether a question ends on a participle and its preposition ("... named after?", "... based
    on?", "... known for?"): its wh-word is the preposition's object, so in "What is the N ..." the
    N is what the participle is said of, not what is asked. A participle right after an auxiliary
    ends a relative clause instead: "What is the novel the film is based on?" asks for the novel."""
    m = _STRANDED.search(question.lower())
    return m is not None and m.group("before") not in AUX


_WH_KINDS = {"who": "person", "whom": "person", "whose": "person", "where": "place", "when": "date"}


def wh_kind(question: str) -> str | None:
    """The kind of thing (:mod:`hippograph.retrieval.types`) a "who", "where", "when" or "how many"
    question asks for; None for "what ..." and "which ..." (their noun says it: :func:`type_phrase`)."""
    words = asking_word(question)
    if not words:
        return None
    if words[0] == "how" and words[1:2] in (("many",), ("much",)):
        return "number"
    return _WH_KINDS.get(words[0])


def quantity_head(question: str) -> bool:
    """Whether the noun phrase the question asks for names a quantity (:data:`QUANTITY_NOUNS`, or an
    "area code" / "zip code")."""
    words = asked_phrase(question)
    return any(w in QUANTITY_NOUNS for w in words) or " ".join(words[-2:]) in ("area code", "zip code", "postal code")


_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE_SPAN = re.compile(
    rf"\b(?:\d{{1,2}}\s+{_MONTHS}\s+\d{{3,4}}|{_MONTHS}\s+\d{{1,2}},?\s+\d{{3,4}}|{_MONTHS}\s+\d{{3,4}}"
    rf"|{_MONTHS}\s+\d{{1,2}}(?!\d)|\d{{1,2}}\s+{_MONTHS}(?!\w)|(?:1[0-9]{{3}}|20[0-9]{{2}})s?)(?!\w)", re.I)
# units of measure a number keeps ("6.8 inches", "1,200 square kilometres"); counts ("2,913,123
# people") keep none
_UNITS = (r"(?:square\s+|sq\.?\s+|cubic\s+)?(?:inch(?:es)?|feet|foot|ft|yards?|miles?|mi|km|kilomet(?:er|re)s?|met(?:er|re)s?|"
          r"cm|mm|centimet(?:er|re)s?|millimet(?:er|re)s?|kg|kilograms?|grams?|pounds?|lbs?|tons?|tonnes?|acres?|hectares?|"
          r"mph|km/h|knots|degrees(?:\s+(?:fahrenheit|celsius))?|°\s?[fc])")
_NUMBER_SPAN = re.compile(
    rf"(?<![\w.])(?:[$€£]\s?)?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?:\s*(?:%|percent|million|billion|trillion)|\s+{_UNITS}(?!\w))?"
    rf"|(?<![\w.])(?:[$€£]\s?)?\d+(?:\.\d+)?(?:\s*(?:%|percent|million|billion|trillion)|\s+{_UNITS}(?!\w)|(?:st|nd|rd|th)\b)?"
    rf"(?![\w,]\d)", re.I)


def value_spans(sentence: str, kind: str) -> list[str]:
    """Dates (``kind="date"``) or numbers (``"number"``) written in a sentence, each in its longest
    form ("4 February 1948", not also "1948" inside it); a year is a date, never a number."""
    pattern = _DATE_SPAN if kind == "date" else _NUMBER_SPAN
    out: list[str] = []
    taken: list[tuple[int, int]] = []
    for m in pattern.finditer(sentence):
        a, b = m.span()
        if any(a < y and x < b for x, y in taken):
            continue
        span = m.group(0).strip()
        if kind == "number" and (_DATE_SPAN.fullmatch(span) or not re.search(r"\d", span)):
            continue  # a year is a date, not a count
        taken.append((a, b))
        out.append(span)
    return out


def head_noun(question: str) -> str | None:
    """The noun the question asks for ("What county ..." → county), if it says."""
    words = asked_phrase(question)
    if len(words) > 2 and words[-2] == "of" and words[-3] in _PARTS:
        return stem(words[-3])  # "What part of the state ...": a part, which is not a state
    return stem(words[-1]) if words else None


# "whom"/"whose" before "who": the asking word is matched by prefix
_WH_TYPES = (("whom", "person"), ("whose", "person"), ("who", "person"), ("where", "place"), ("when", "date"),
             ("how many", "number"), ("how much", "amount"))


def type_phrase(question: str) -> str:
    """What kind of thing the question asks for, as a phrase to embed ("county", "body of water",
    "person", "date")."""
    words = asked_phrase(question)
    if words:
        return " ".join(words)
    said = " ".join(asking_word(question)[:2])
    for wh, phrase in _WH_TYPES:
        if said.startswith(wh):
            return phrase
    return "thing"


def surface_in(text: str, name: str, normalized: str | None = None) -> str | None:
    """The span of ``text`` that spells the normalised ``name`` (case, accents and punctuation aside);
    ``normalized``: ``normalize_entity(text)`` when the caller has it."""
    toks = name.split()
    if not toks:
        return None
    folded = normalized if normalized is not None else normalize_entity(text)
    if f" {name} " not in f" {folded} ":
        return None
    words, want = _word_index(text), tuple(toks)
    for start in words.at.get(toks[0], ()):
        end = start + len(toks)
        if words.words[start:end] == want:
            i, j = words.spans[start][0], words.spans[end - 1][1]
            if not (_in_word(text, i - 1) or _in_word(text, j)):  # not inside a longer word ("ɡaɪˈænə")
                return text[i:j]
    return None


def _in_word(text: str, at: int) -> bool:
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class _Words:
    """A text's ASCII words after folding (as ``normalize_entity`` splits it), their spans in the
    text, and where each word occurs."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    at: dict[str, list[int]]


@functools.lru_cache(maxsize=4096)
def _word_index(text: str) -> _Words:
    """``text`` split once into its folded words (cached: a sentence is searched for many names;
    a regex per name cost more than the search, compiled anew for every name not seen before)."""
    found = list(_WORD.finditer(_fold(text)))
    words = tuple(m.group().lower() for m in found)
    at: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        at.setdefault(w, []).append(i)
    return _Words(words, tuple(m.span() for m in found), at)


@functools.lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """Accents folded, lengths kept (so spans found in the folded text index the original);
    cached: a passage's text is folded once for every name looked up in it."""
    return "".join((unicodedata.normalize("NFKD", ch)[:1] or ch) for ch in fold_letters(text))


def is_named(span: str) -> bool:
    """A proper name or a number rather than a common noun: some capital letter or digit."""
    return any(ch.isupper() or ch.isdigit() for ch in span)


# forms of address that are not part of a name's answer ("Hon. Winnie Kiiza" is Winnie Kiiza);
# "Sir" and titles of rank are kept (they are often part of how a name is given)
_HONORIFIC = re.compile(r"^(?:(?:the\s+)?hon(?:ourable|orable)?\.?|dr\.|mr\.?|mrs\.?|ms\.?|prof\.|rev\.)\s+(?=[A-Z])", re.I)
# a name with the role it held appended by the extractor: "Hassan Sheikh Mohamud as President"
_AS_ROLE = re.compile(r"^(?P<name>(?:[A-Z][\w.'-]*\s+){1,5}[A-Z][\w.'-]*)"
                      r"\s+as\s+(?:the\s+|a\s+|an\s+|its\s+|his\s+|her\s+)?\w+(?:\s+\w+)?$")


# a hyphen with the space a text's line breaks or scraping left after it: "Boulogne- Billancourt"
_BROKEN_HYPHEN = re.compile(r"(?<=[^\W\d_])- (?=[^\W\d_])")


def answer_surface(text: str) -> str:
    """The answer a candidate's surface gives: without a form of address before a person's names, or
    a role the extractor appended with "as", and with a hyphen joined to the word after it
    ("Boulogne- Billancourt" is Boulogne-Billancourt)."""
    out = _BROKEN_HYPHEN.sub("-", text.strip())
    bare = _HONORIFIC.sub("", out)
    if len(bare.split()) >= 2:  # a person's names ("Dr. Who", "Mr Bean" are names themselves)
        out = bare
    m = _AS_ROLE.match(out)
    return m.group("name") if m else out


# an amount and what it is an amount of: "6.8 inches of snowfall", "about $1.18 trillion of the debt"
_AMOUNT_OF = re.compile(r"^(?P<amount>(?:(?:about|around|some|nearly|almost|over|approximately)\s+)?[$€£]?\d[\d,.]*%?"
                        r"(?:\s+[a-z%]+){0,2}?)\s+of\s+(?P<rest>.+)$")


# a count and the things counted: "4 congressional districts", "about 200 members"
_COUNT_OF = re.compile(r"^(?P<count>(?:(?:about|around|some|nearly|almost|over|approximately)\s+)?\d[\d,.]*)"
                       r"\s+(?P<things>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})$")
_HOW_MANY = re.compile(r"\bhow\s+many\b", re.I)


def restated(text: str, question: str) -> tuple[str, str] | None:
    """(the answer, the words that restate what the question asks) when a candidate is an amount
    or a count with what it measures: "6.8 inches of snowfall" for "What is the usual average
    snowfall ...?" is ("6.8 inches", "snowfall"); "4 congressional districts" for "... has how many
    congressional districts?" is ("4", "congressional districts"). None otherwise."""
    m = _AMOUNT_OF.match(text.strip())
    if m and content_stems(m.group("rest")) & content_stems(question):
        return m.group("amount"), m.group("rest")
    c = _COUNT_OF.match(text.strip())
    if c and _HOW_MANY.search(question) and content_stems(c.group("things")) <= content_stems(question):
        return c.group("count"), c.group("things")
    return None


def without_restated(text: str, question: str) -> str:
    """A candidate without what it restates of the question (:func:`restated`)."""
    cut = restated(text, question)
    return cut[0] if cut is not None else text


# a nationality written as the adjective that opens a description: "Italian film director",
# "a British-born actor" (English demonym endings; a name such as "Ryan" opens no description)
_DEMONYM = re.compile(r"^(?:an?\s+|the\s+)?"
                      r"(?P<adj>[A-Z][a-z]+(?:an|ese|ish|ch|i))"
                      r"(?![\s-]+(?:is|was|are|were|has|had|and)\b)(?:[\s-]+[a-z][\w-]*)*$")
NATIONALITY_WORDS = frozenset({"nationality", "ethnicity"})


def asks_nationality(question: str) -> bool:
    """Whether the question asks for a nationality ("What is the nationality of ...", "What
    nationality was ...")."""
    return bool(NATIONALITY_WORDS & set(asked_phrase(question)))


def demonym_answer(text: str) -> str | None:
    """The nationality a description opens with ("Italian film director" → Italian) or that a word
    is ("Italian"), by its English demonym ending; None otherwise. Read only where the question asks
    for a nationality (a name such as "Jordan" ends the same way)."""
    m = _DEMONYM.match(text.strip())
    return m.group("adj") if m else None


@dataclass
class QuestionView:
    """What the readers need to know about the question, computed once."""

    text: str
    norm: str
    kind: str
    head: str | None
    rel: set[str]  # the question's relation words (stems): its content words minus its named entities
    named: dict[str, float]  # entity id -> how fully the question names it (0..1)
    chunks: list[str] = field(default_factory=list)  # the relation words as phrases ("first president", "published")


@dataclass
class _Partial:
    hops: tuple[tuple[Triple, bool], ...]  # (triple, traversed subject→object)
    entity: str  # current end entity id
    visited: frozenset[str]
    hop_scores: tuple[float, ...]
    cover: np.ndarray  # per question relation phrase: its best match by a hop of the path (0..1)
    rel_sum: float  # sum over hops of how well the hop's relation matches the question

    trailing: int = 0  # hops after the last one whose relation the question uses
    via_value: int = 0  # intermediate nodes that are dates or numbers ("2018 Kansas gubernatorial election", "1865")
    links: int = 0  # phrase links among the hops (:func:`phrase_links`): not facts of their own
    pending: float = 0.0  # a phrase link's relation match, which the fact stated on the phrase shares
    # hops to a sibling: into a node and out to another with the same relation in the same role. Not
    # in the path score: a penalty there lost spaCy-triple questions (musique-100, five splits, EM
    # 7.2 → 5.8) whose answers sit beside a shared node; the ranker weighs it as a feature
    siblings: int = 0
    # of the via_value nodes, the bare values ("1865", "7 games"): hubs that join unrelated facts, where a
    # dated name is a bridge. Both counts are ranker features; fitted, a hop through a bare value counts against
    via_bare: int = 0
    origin: str = ""  # the start entity the path left from

    @property
    def coverage(self) -> float:
        return float(self.cover.mean()) if self.cover.size else 0.0

    def score(self) -> float:
        unmatched = len(self.hops) - self.links - self.rel_sum
        return (float(np.mean(self.hop_scores)) + 0.8 * self.coverage - 0.25 * unmatched
                - 0.3 * self.trailing - 0.4 * self.via_value)


# how much a hop's match counts when it matches only question phrases earlier hops already matched
REUSE_SHARE = 0.4


def _fresh_match(p: "_Partial", t: Triple, match: np.ndarray, best: float) -> float:
    """How well a hop's relation matches a question phrase the path has not matched yet. In "Where
    was the director of X born?", "X —directed by→ Y" uses "director"; a next hop "Y —is director
    in→ Italy" matches only "director" again and counts ``REUSE_SHARE`` of its match (under the
    0.5 that counts a hop as matched), where "Y —born in→ Kowel" counts in full. A hop under the
    same relation as the one before ("located in", "located in") continues a chain of one
    relation and counts in full."""
    if not p.hops or not match.size:
        return best
    last = p.hops[-1][0]
    if not last.id.startswith(PHRASE_LINK) and relation_key(last.predicate) == relation_key(t.predicate):
        return best
    return max(float((match * (1.0 - p.cover)).max()), REUSE_SHARE * best)


def _sibling(before: tuple[Triple, bool], after: tuple[Triple, bool]) -> bool:
    """Whether two consecutive hops go from a node to its sibling: the node they share has the
    same role in both facts, under the same relation ("Karel Purkyně —died in→ Prague ←died in—
    Šplíchalová": another person who died in Prague, not a fact about Prague)."""
    (t0, fwd0), (t1, fwd1) = before, after
    if fwd0 == fwd1 or t0.id.startswith(PHRASE_LINK) or t1.id.startswith(PHRASE_LINK):
        return False
    return relation_key(t0.predicate) == relation_key(t1.predicate)


def describes(node: str) -> bool:
    """A node that describes rather than names: it ends on a lower-case word ("Mexican film director")."""
    words = node.split()
    return bool(words) and words[-1][:1].islower()


_AUX_WORDS = frozenset("is was are were be been being has had have a an the".split())


# a place's containing place: a path that reached a place by the asked relation does not go on by one
CONTAINMENT = {("in",), ("located", "in"), ("part", "of"), ("situated", "in")}


@functools.lru_cache(maxsize=8192)
def relation_key(predicate: str) -> tuple[str, ...]:
    """A relation's words without auxiliaries and articles: "was located in" and "located in" are
    one relation, "died in" and "died on" (a place, a date) two."""
    return tuple(w for w in normalize_entity(predicate).split() if w not in _AUX_WORDS) or ("is",)


@dataclass
class PathCandidate:
    entity_id: str
    surface: str
    path: ReasoningPath
    features: dict[str, float] = field(default_factory=dict)


def render_path(hops: Sequence[PathHop]) -> str:
    """``Brand —written by→ Henrik Ibsen —citizen of→ Norway`` (``←…—`` where a hop is walked backwards)."""
    if not hops:
        return ""
    first = hops[0]
    out = first.subject if first.forward else first.object
    for h in hops:
        if h.triple_id.startswith(PHRASE_LINK):  # a phrase and a name in it: "Djibouti ⊂ Djibouti's first president"
            out += f" ⊃ {h.object}" if h.forward else f" ⊂ {h.subject}"
        else:
            out += f" —{h.predicate}→ {h.object}" if h.forward else f" ←{h.predicate}— {h.subject}"
    return out


def question_view(question: str, names: dict[str, str], seeds: Sequence[Any] = ()) -> QuestionView:
    """Which of ``names`` (entity id → name) the question names, and its relation words."""
    q_norm = normalize_entity(question)
    named: dict[str, float] = {}
    spans: dict[str, tuple[int, int]] = {}
    folded = _fold(question)
    for eid, name in names.items():
        n = normalize_entity(name)
        if not n or n in STOP:
            continue
        span = surface_in(question, n)
        if span is not None and is_named(span):
            start = folded.lower().find(_fold(span).lower())
            spans[eid] = (start, start + len(span))
    # keep maximal names: "Psychotherapy" inside "Journal of Psychotherapy Integration" is not a start
    for eid, (a, b) in spans.items():
        if not any((a2 <= a and b <= b2) and (b2 - a2) > (b - a) for e2, (a2, b2) in spans.items() if e2 != eid):
            named[eid] = 1.0
    for s in seeds:  # entities linked to a named mention of the question (spelling variants)
        if getattr(s, "via", "") == "ner" and s.score >= 0.8 and s.entity_id in names:
            named[s.entity_id] = max(named.get(s.entity_id, 0.0), 0.9)
    named_stems = set().union(*(content_stems(names[e]) for e in named)) if named else set()
    head = head_noun(question)
    rel = content_stems(question) - named_stems - {stem(w) for w in WH} - ({head} if head else set())
    # relation phrases: runs of content words once the named spans are cut out
    cut = folded
    merged: list[list[int]] = []  # a seed's span inside a kept one ("last coupon" in "the last coupon") is cut once
    for a, b in sorted(spans[e] for e in named if e in spans):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    for a, b in reversed(merged):
        cut = cut[:a] + " | " + cut[b:]
    chunks: list[str] = []
    run: list[str] = []
    for tok in re.findall(r"[\w'-]+|[^\w\s]", cut):
        low = tok.lower()
        if low in STOP or low in WH or not tok[0].isalnum() or low in AUX or (head and stem(low) == head and not chunks and not run):
            if run:
                chunks.append(" ".join(run))
            run = []
        else:
            run.append(low)
    if run:
        chunks.append(" ".join(run))
    return QuestionView(question, q_norm, asked_kind(question), head, rel, named, list(dict.fromkeys(chunks)))


class PathReader:
    """Beam search over triples from the question's named entities (see module docstring)."""

    def __init__(self, store: GraphStore, embedder: Embedder, beam: int = 24, max_hops: int = 4,
                 max_candidates: int = 60) -> None:
        self._store = store
        self._embedder = embedder
        self._lock = threading.Lock()
        self._pred_cache: dict[str, np.ndarray] = {}
        self._rows = RowLookup()
        self._beam = beam
        self._max_hops = max_hops
        self._max_candidates = max_candidates

    def local_triples(self, passage_ids: Sequence[str], clues: Sequence[Clue] = ()) -> list[Triple]:
        """The triples of the given passages and the clues' triples stated there, one per (fact,
        passage), no self-loops, none superseded: every hop cites a passage the user was shown."""
        triples = self._store.triples_of_passages(list(passage_ids))
        clue_tids = [t for c in clues for t in c.source_triple_ids]
        if clue_tids:
            given = set(passage_ids)
            triples += [t for t in self._store.get_triples(clue_tids) if t.passage_id in given]
        uniq: dict[tuple[str, str], Triple] = {}
        for t in triples:
            if t.subject_id != t.object_id and not t.superseded_by:
                uniq.setdefault((t.id, t.passage_id), t)
        return list(uniq.values())

    def rows_of(self, ids: list[str], wanted: Sequence[str]) -> np.ndarray:
        """Row of each wanted id in the store's ``ids`` list (-1 when absent)."""
        return self._rows(ids, wanted)

    def predicate_vectors(self, predicates: Sequence[str]) -> np.ndarray:
        """Embeddings of relation phrases, cached for the life of the reader (they repeat across questions)."""
        with self._lock:
            todo = [p for p in dict.fromkeys(predicates) if p not in self._pred_cache]
        if todo:
            self.remember_relations(todo, self._embedder.embed(todo))
        with self._lock:
            return np.vstack([self._pred_cache[p] for p in predicates]) if predicates else np.zeros((0, 1), np.float32)

    def uncached_relations(self, view: QuestionView, triples: Sequence[Triple], titles: dict[str, str] | None = None,
                           limit: int = 96) -> list[str]:
        """The relation phrases of the triples within ``max_hops`` of the question's entities that
        have no cached vector yet (at most ``limit``): the caller encodes them in one call and hands
        them to :meth:`remember_relations`, instead of the beam search encoding each level's in a
        call of its own (each call costs about 10 ms before its strings)."""
        triples = [*triples, *(link for link, _ in phrase_links(triples))]
        canon, ends, incident = _incidence(triples, titles or {})
        frontier = {canon.get(e, e) for e in view.named}
        seen: set[str] = set(frontier)
        reached: set[int] = set()
        for _ in range(self._max_hops):
            nxt: set[str] = set()
            for node in frontier:
                for i in incident.get(node, ()):
                    reached.add(i)
                    nxt.update(end for end in ends[i] if end not in seen)
            seen |= nxt
            frontier = nxt
        with self._lock:
            todo = [p for p in dict.fromkeys(triples[i].predicate for i in sorted(reached)) if p not in self._pred_cache]
        return todo[:limit]

    def remember_relations(self, predicates: Sequence[str], vectors: np.ndarray) -> None:
        """Cache relation-phrase vectors (cleared wholesale past 200,000 phrases)."""
        with self._lock:
            if len(self._pred_cache) > 200_000:
                self._pred_cache.clear()
            self._pred_cache.update(zip(predicates, vectors))

    def candidates(
        self, view: QuestionView, triples: Sequence[Triple], rank_of: dict[str, int], query_vecs: np.ndarray,
        chunk_vecs: np.ndarray, titles: dict[str, str] | None = None,
    ) -> list[PathCandidate]:
        """Answer candidates with their best path. ``query_vecs``: row 0 the question, the rest the clues'
        queries; ``chunk_vecs``: the question's relation phrases (``view.chunks``)."""
        if not triples:
            return []
        links = phrase_links(triples)
        n_stated = len(triples)
        triples = [*triples, *(link for link, _ in links)]
        ids, mat = self._store.vectors("triple")
        tvec_rows = self.rows_of(ids, [t.id for t in triples])
        known = tvec_rows >= 0
        vecs = np.zeros((len(triples), query_vecs.shape[1]), dtype=np.float32)
        if known.any():
            vecs[known] = mat[tvec_rows[known]]
        sims = vecs @ query_vecs.T  # (triples, queries)
        q_sim = sims[:, 0]
        clue_sim = sims[:, 1:].max(axis=1) if sims.shape[1] > 1 else q_sim
        hop_score = q_sim + 0.5 * np.maximum(clue_sim - q_sim, 0.0)
        for k, (_, source) in enumerate(links):  # a link has no vector of its own: its phrase's fact's score
            hop_score[n_stated + k] = hop_score[source]
        # how each hop's relation matches each relation phrase of the question: lexical (shared stems)
        # or by meaning (cosine of the relation phrase to the question phrase). Computed only for the
        # triples the beam reaches, a level at a time (one encoder call per level for new relations).
        n_chunks = len(view.chunks)
        chunk_stems = [content_stems(c) for c in view.chunks]
        pred_rows: dict[str, np.ndarray] = {}
        hop_match: dict[int, np.ndarray] = {}
        hop_rel: dict[int, float] = {}

        def ensure(indices: set[int]) -> None:
            todo = [i for i in indices if i not in hop_match]
            new_preds = sorted({triples[i].predicate for i in todo} - set(pred_rows))
            if new_preds and n_chunks:
                soft = np.clip((self.predicate_vectors(new_preds) @ chunk_vecs.T - 0.3) / 0.4, 0.0, 1.0)
                for k, pred in enumerate(new_preds):
                    ps = content_stems(pred)
                    for j, cs in enumerate(chunk_stems):
                        if ps & cs:
                            shared = len(ps & cs) - KIN_DISCOUNT * kin_mismatch(pred, view.chunks[j])
                            soft[k, j] = max(soft[k, j], shared / len(cs))
                    pred_rows[pred] = soft[k]
            for i in todo:
                row = pred_rows.get(triples[i].predicate) if n_chunks else None
                hop_match[i] = row if row is not None else np.zeros(n_chunks)
                hop_rel[i] = float(hop_match[i].max()) if n_chunks else 0.0

        canon, ends, incident = _incidence(triples, titles or {})

        starts = {canon.get(e, e) for e in view.named}
        # a bare "where" asks for the place the facts name; "in which county" names the kind to reach
        bare_where = asking_word(view.text)[:1] == ("where",) and view.head is None
        # "Who is the sibling of X?": X's parent's other child is the asked kin, so a step to a sibling
        # through a parent fact ("X ←father of— Y —father of→ Z") matches the question's sibling word
        sibling_chunks = [j for j, c in enumerate(view.chunks) if "sibling" in kin_words(c)]
        beam = [_Partial((), e, frozenset({e}), (), np.zeros(n_chunks), 0.0, origin=e) for e in starts if e in incident]
        finished: list[_Partial] = []
        last_rel: dict[int, float] = {}
        reach: dict[str, set[str]] = {}  # entity -> the starts a path to it left from
        for _ in range(self._max_hops):
            nxt: list[_Partial] = []
            ensure({i for p in beam for i in incident.get(p.entity, ())})
            for p in beam:
                for i in incident.get(p.entity, ()):
                    t = triples[i]
                    forward = ends[i][0] == p.entity
                    other = ends[i][1] if forward else ends[i][0]
                    if other in p.visited:
                        continue
                    here = t.subject if forward else t.object  # the node being passed through
                    via = p.via_value + (1 if p.hops and value_kind(here) != "name" else 0)
                    bare = p.via_bare + (1 if p.hops and bare_value(here) else 0)
                    to_sibling = bool(p.hops) and _sibling(p.hops[-1], (t, forward))
                    if p.hops and not forward and relation_key(t.predicate) == ("is",) and describes(here):
                        # "X —is→ Mexican film director ←is— Y", "Edward Sloman —star as→ actor ←is— Herman
                        # C. Raymaker": Y is of a kind X is or has, no fact about X
                        continue
                    kin_step = to_sibling and bool(sibling_chunks) and "parentkin" in kin_words(t.predicate)
                    sib = p.siblings + (1 if to_sibling and not kin_step else 0)
                    cover = np.maximum(p.cover, hop_match[i])
                    if kin_step:
                        cover[sibling_chunks] = 1.0
                    if i >= n_stated:  # a phrase link: "Djibouti" into "Djibouti's first president"
                        if p.links and p.hops[-1][0].id.startswith(PHRASE_LINK):
                            continue
                        r = hop_rel[i]
                        q = _Partial(p.hops + ((t, forward),), other, p.visited | {other},
                                     p.hop_scores + (float(hop_score[i]),), cover, p.rel_sum, p.trailing, via,
                                     p.links + 1, r, siblings=p.siblings, via_bare=bare, origin=p.origin)
                    else:  # the fact stated on a phrase shares the phrase's words ("wound up as" + "first president")
                        r = 1.0 if kin_step else max(_fresh_match(p, t, hop_match[i], hop_rel[i]), p.pending)
                        if bare_where and r < 0.5 and p.hops and (
                                p.coverage >= 0.99 or (p.trailing == 0 and relation_key(t.predicate) in CONTAINMENT)):
                            # "born in Hitchin" answers "where ... born?", not "Hitchin is in Hertfordshire"
                            continue
                        q = _Partial(p.hops + ((t, forward),), other, p.visited | {other},
                                     p.hop_scores + (float(hop_score[i]),), cover,
                                     p.rel_sum + r, 0 if r >= 0.5 else p.trailing + 1, via, p.links, siblings=sib, via_bare=bare,
                                     origin=p.origin)
                    last_rel[id(q)] = r
                    nxt.append(q)
            if not nxt:
                break
            best: dict[str, _Partial] = {}  # one partial path per end entity and length: the best
            for q in nxt:
                if q.entity not in best or q.score() > best[q.entity].score():
                    best[q.entity] = q
            nxt = sorted(best.values(), key=lambda q: -q.score())
            finished += nxt[: self._beam * 2]
            beam = nxt[: self._beam]

        support: dict[str, int] = {}
        for p in finished:
            support[p.entity] = support.get(p.entity, 0) + 1
            reach.setdefault(p.entity, set()).add(p.origin)
        # the names the question spells (not a spelling variant linked beside one: "Cassel" of "Siege of Cassel")
        spelled = {canon.get(e, e) for e, v in view.named.items() if v >= 1.0}
        by_entity: dict[str, _Partial] = {}
        for p in finished:
            if p.entity in view.named or p.entity in starts:
                continue  # the question names it: not an answer
            if p.entity not in by_entity or p.score() > by_entity[p.entity].score():
                by_entity[p.entity] = p
        # one fact from the only name a chained question gives does not answer it ("When did the
        # government of the country premiering Prison Break start?": not Prison Break's premiere);
        # with a second name, one fact from either may ("the area code for Cincinnati in the state
        # where X is": the second name picks the state, the first's one fact is the answer)
        lone = distinct_names(view, triples) == 1
        out: list[PathCandidate] = []
        for eid, p in sorted(by_entity.items(), key=lambda kv: -kv[1].score())[: self._max_candidates]:
            last, fwd = p.hops[-1]
            surface = last.object if fwd else last.subject
            score, coverage = p.score(), p.coverage
            cut = restated(surface, view.text) if n_chunks else None
            if cut is not None:  # the end node says what it counts: "4 congressional districts" covers that phrase
                words = content_stems(cut[1])
                coverage = float(np.mean([max(c, len(cs & words) / len(cs) if cs else 0.0)
                                          for c, cs in zip(p.cover, chunk_stems)]))
                score += 0.8 * (coverage - p.coverage)
            hops = tuple(PathHop(subject=t.subject, predicate=t.predicate, object=t.object, forward=f,
                                 passage_id=t.passage_id, triple_id=t.id) for t, f in p.hops)
            ranks = [rank_of.get(t.passage_id, 50) for t, _ in p.hops]
            feats = {
                "path_score": score,
                "path_hop_mean": float(np.mean(p.hop_scores)),
                "path_hop_min": min(p.hop_scores),
                "path_hop_last": p.hop_scores[-1],
                "path_cover": coverage,
                "path_precision": p.rel_sum / max(1, len(p.hops) - p.links),
                "path_last_matched": last_rel.get(id(p), 0.0),
                "path_hops": float(len(p.hops)),
                "path_trailing": float(p.trailing),
                "path_via_value": float(p.via_value),
                "path_via_bare": float(p.via_bare),
                "path_one_fact": 1.0 if lone and len(p.hops) - p.links == 1 else 0.0,
                "path_sibling": float(p.siblings),
                "path_rank": 1.0 / min(ranks),
                "path_support": float(np.log1p(support.get(eid, 1))),
                # the spelled names, past the first, that kept paths to this end leave from; fitted, it
                # counts against the end: a node two names reach is more often the bridge between them
                "path_join": float(min(2, max(0, len(reach.get(eid, set()) & spelled) - 1))),
            }
            out.append(PathCandidate(eid, surface, ReasoningPath(hops=hops, text=render_path(hops), score=round(score, 4)), feats))
        return out


def end_surfaces(triples: Sequence[Triple]) -> dict[str, str]:
    """Each triple end's entity id → its surface form where the triples first write it."""
    surface: dict[str, str] = {}
    for t in triples:
        surface.setdefault(t.subject_id, t.subject)
        surface.setdefault(t.object_id, t.object)
    return surface


def distinct_names(view: QuestionView, triples: Sequence[Triple]) -> int:
    """How many names the question gives: a name inside another is the same name ("Ghosts" in
    "Ghosts of Abu Ghraib"), and a date or a number is none ("the 1976 film Vortex")."""
    surface = end_surfaces(triples)
    names = {normalize_entity(surface.get(e, e)) for e in view.named if not bare_value(surface.get(e, "name"))}
    return sum(1 for n in names if not any(o != n and f" {n} " in f" {o} " for o in names))


def phrase_links(triples: Sequence[Triple], max_words: int = 8) -> list[tuple[Triple, int]]:
    """Links from a phrase node to the named nodes it contains, each with the index of a triple
    that states the phrase (its passage is the link's citation).

    Extractors often end a fact on a phrase rather than a name: (Hassan Gouled Aptidon, wound up
    as, Djibouti's first president), (Windhoek Country Club Resort, is, notable hotel in
    Windhoek). The phrase node is not the node "Djibouti" a path from the question reaches, so no
    chain passes through it. A link joins the two; its relation is the rest of the phrase ("first
    president", "notable hotel"), which the path search matches against the question's words like
    any other relation. Only names (:func:`is_named`) are linked, only to phrases of at most
    ``max_words`` words whose rest describes (holds a lowercase word, or the name follows "of":
    "Chief Minister of Maharashtra"), and not to one of a list ("Hiroshima and Nagasaki").
    """
    surface: dict[str, tuple[str, int]] = {}
    for i, t in enumerate(triples):
        surface.setdefault(t.subject_id, (t.subject, i))
        surface.setdefault(t.object_id, (t.object, i))
    by_name: dict[str, list[str]] = {}
    norm: dict[str, str] = {}
    for eid, (text, _) in surface.items():
        n = normalize_entity(text)
        norm[eid] = n
        if n and n not in STOP and is_named(text) and value_kind(text) == "name":
            by_name.setdefault(n, []).append(eid)
    out: list[tuple[Triple, int]] = []
    for eid, (text, i) in surface.items():
        words = norm[eid].split()
        if not 2 <= len(words) <= max_words:
            continue
        described = {w for w in re.findall(r"[\w'-]+", text) if w.islower()}  # "first president", not "University of"
        for length in range(len(words) - 1, 0, -1):
            for start in range(len(words) - length + 1):
                name = " ".join(words[start: start + length])
                rest = [w for w in words[:start] + words[start + length:] if w not in STOP and w != "s"]
                if not described.intersection(rest) and not (start and words[start - 1] == "of"):
                    continue  # a name's own longer form ("New York City", "Des Moines, Iowa")
                if {*words[max(0, start - 1): start], *words[start + length: start + length + 1]} & {"and", "or"}:
                    continue  # one of a list ("bombings of Hiroshima and Nagasaki"): a sibling, not what it is about
                for other in by_name.get(name, ()):
                    if other == eid:
                        continue
                    link_id = sha256_id(eid, other, prefix=PHRASE_LINK)
                    out.append((Triple(id=link_id, subject=text, predicate=" ".join(rest), object=surface[other][0],
                                       subject_id=eid, object_id=other, passage_id=triples[i].passage_id), i))
    return out


def _incidence(
    triples: Sequence[Triple], titles: dict[str, str],
) -> tuple[dict[str, str], list[tuple[str, str]], dict[str, list[int]]]:
    """(alias map, each triple's two ends as canonical ids, canonical id → its triples' indices)."""
    canon = alias_map(triples, titles)
    ends = [(canon.get(t.subject_id, t.subject_id), canon.get(t.object_id, t.object_id)) for t in triples]
    incident: dict[str, list[int]] = {}
    for i, (a, b) in enumerate(ends):
        if a != b:
            incident.setdefault(a, []).append(i)
            incident.setdefault(b, []).append(i)
    return canon, ends, incident


_OF_PHRASE = re.compile(r"\s(?:of|in|at|for|on)\s")


def title_head(title: str) -> str:
    """The name a title gives its topic, without what tells it apart from others of that name:
    "Humboldt Peak (Colorado)" → "Humboldt Peak", "Rochester, New York" → "Rochester"."""
    return bare_title(title).split(",")[0].strip() or title.strip()


def alias_map(triples: Sequence[Triple], titles: dict[str, str]) -> dict[str, str]:
    """Entity id → the id it stands for: in the passage about "Johann Strauss II", a subject
    "Strauss" (its words a part of the title's name) is the title entity, as is "Palo Alto" in the
    passage "Palo Alto (2013 film)". The title entity's id is the one an extractor gives the title
    (``entity_id``). Only the title's name counts (:func:`title_head`), and a word of it outside an
    "of" / "in" phrase must be among the subject's: the words that tell a title apart ("Decade (Neil
    Young album)", "Baure, Nigeria") and the thing a title names a part or an office of
    ("Representative of the Falkland Islands", "Siege of Cassel") are other things."""
    out: dict[str, str] = {}
    named: dict[str, tuple[str, set[str], set[str], set[str]]] = {}  # passage id -> (title id, name, core, all words)
    for t in triples:
        title = titles.get(t.passage_id)
        if not title:
            continue
        if t.passage_id not in named:
            head = normalize_entity(title_head(title))
            named[t.passage_id] = (entity_id(title), set(head.split()) - STOP,
                                   set(_OF_PHRASE.split(head, maxsplit=1)[0].split()) - STOP,
                                   set(normalize_entity(title).split()) - STOP)
        title_id, head_words, core, title_words = named[t.passage_id]
        words = set(normalize_entity(t.subject).split()) - STOP
        if words and words <= head_words and words & core and words != title_words and value_kind(t.subject) == "name":
            out.setdefault(t.subject_id, title_id)
    return out


def mention_candidates(
    view: QuestionView, passages: Sequence[Any], mentions: dict[str, list[str]], names: dict[str, str],
) -> dict[str, dict[str, Any]]:
    """Entities the top passages mention, each with where it is best evidenced.

    ``passages``: retrieved passages, best first; ``mentions``: passage id → entity ids;
    ``names``: entity id → normalised name. Returns entity id → {surface, passage, sentence, features}.
    """
    out: dict[str, dict[str, Any]] = {}
    n_rel = len(view.rel)
    for pos, p in enumerate(passages):
        sentences = [x for x in re.split(r"(?<=[.!?])\s+", p.text) if x.strip()]
        sent_stems = [content_stems(x) for x in sentences]
        sent_norms = [normalize_entity(x) for x in sentences]
        title_norm = normalize_entity(p.title)
        for eid in mentions.get(p.passage_id, ()):
            if eid in view.named:
                continue
            name = names.get(eid, "")
            if not name:
                continue
            surface, cover, where = None, 0.0, ""
            for sent, st, norm in zip(sentences, sent_stems, sent_norms):
                span = surface_in(sent, name, norm)
                if span is None:
                    continue
                c = len(st & view.rel) / n_rel if n_rel else 0.0
                if surface is None or c > cover:
                    surface, cover, where = span, c, sent
            is_title = name == title_norm
            if surface is None:
                if not is_title:
                    continue
                surface, where = p.title, sentences[0] if sentences else p.text[:200]
            _record(out, eid, surface, p, p.rank or pos + 1, cover, where, is_title)
    for v in out.values():
        v["features"]["mention_count"] = float(np.log1p(v["features"]["mention_count"]))
    return out


def value_candidates(view: QuestionView, passages: Sequence[Any]) -> dict[str, dict[str, Any]]:
    """For a question that asks for a date or a number: every date / number the top passages
    write (:func:`value_spans`), keyed ``value:<normalised text>``, in the same shape and with
    the same features as :func:`mention_candidates` (dates and amounts are often in no triple)."""
    out: dict[str, dict[str, Any]] = {}
    if view.kind not in ("date", "number"):
        return out
    n_rel = len(view.rel)
    for pos, p in enumerate(passages):
        for sent in (x for x in re.split(r"(?<=[.!?])\s+", p.text) if x.strip()):
            spans = value_spans(sent, view.kind)
            if not spans:
                continue
            cover = len(content_stems(sent) & view.rel) / n_rel if n_rel else 0.0
            for span in spans:
                norm = normalize_entity(span)
                if norm and f" {norm} " not in f" {view.norm} ":  # the question's own year is not its answer
                    _record(out, f"value:{norm}", span, p, p.rank or pos + 1, cover, sent, False)
    for v in out.values():
        v["features"]["mention_count"] = float(np.log1p(v["features"]["mention_count"]))
    return out


def window_cover(sentence: str, surface: str, rel: set[str], width: int = 6) -> float:
    """Share of the question's relation words within ``width`` words of ``surface`` in ``sentence``
    (which of several dates in one sentence goes with the asked relation)."""
    if not rel:
        return 0.0
    at = sentence.find(surface)
    if at < 0:
        return 0.0
    before = re.findall(r"[\w'-]+", sentence[:at])[-width:]
    after = re.findall(r"[\w'-]+", sentence[at + len(surface):])[:width]
    near = {stem(w.lower()) for w in before + after}
    return len(near & rel) / len(rel)


def _record(out: dict[str, dict[str, Any]], key: str, surface: str, p: Any, rank: int, cover: float, where: str,
            is_title: bool) -> None:
    """Add one sighting of a candidate in a passage: its best-covering sentence is kept."""
    prev = out.get(key)
    if prev is None:
        out[key] = {"surface": surface, "passage": p, "sentence": where, "features": {
            "mention_rank": 1.0 / rank, "mention_count": 1.0, "mention_cover": cover,
            "mention_title": 1.0 if is_title else 0.0, "mention_dense": float(p.dense_score or 0.0)}}
        return
    f = prev["features"]
    f["mention_count"] += 1.0
    f["mention_dense"] = max(f["mention_dense"], float(p.dense_score or 0.0))
    if cover > f["mention_cover"]:
        f["mention_cover"] = cover
        prev.update(surface=surface, passage=p, sentence=where)
