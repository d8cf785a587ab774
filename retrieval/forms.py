"""Question forms beyond bridge chains: comparisons and yes/no questions.

- **Comparison** ("Who was born first, A or B?", "Which is longer, A or B?"): each option's
  date or number is read off the triples that state one for it, preferring relations that
  match the question's words; the answer is the option that wins the comparison, and both
  facts are the path and the citations. If either value is missing the reader abstains.
- **Same-property yes/no** ("Are A and B of the same nationality?", "Were A and B born in the
  same country?", "Do both films A and B have the same director?"): for each of the two
  entities the question names, the fact whose relation and value best match what is compared
  (the words around "same") is read off the triples; the answer is "yes" when both values are
  the same entity (or nearly the same vector), "no" when they differ, and both facts are the
  path and the citations. If either fact is missing or weak the reader abstains.
- **Other yes/no questions** ("Is A a B?", "Are both A and B ...?"): deciding truth needs
  entailment, which the offline reader does not do: it abstains with the evidence it has.
  An LLM reader answers them.

Nothing here is keyed to a data set: the forms are English question syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Sequence

from hippograph.core.ids import bare_title, normalize_entity
from hippograph.core.models import PathHop, Triple
from hippograph.retrieval.paths import content_stems, stem, surface_in, value_kind

_YES_NO = re.compile(r"^\s*(is|are|was|were|do|does|did|has|have|had|can|could|will|would)\b", re.I)
# comparative word → (kind of value compared, True when the larger value wins)
_COMPARATIVES: dict[str, tuple[str, bool]] = {
    "older": ("date", False), "elder": ("date", False), "earlier": ("date", False), "first": ("date", False),
    "sooner": ("date", False), "younger": ("date", True), "later": ("date", True), "last": ("date", True),
    "more recently": ("date", True), "most recently": ("date", True),
    "larger": ("number", True), "bigger": ("number", True), "longer": ("number", True), "taller": ("number", True),
    "higher": ("number", True), "more": ("number", True), "greater": ("number", True), "heavier": ("number", True),
    "smaller": ("number", False), "shorter": ("number", False), "lower": ("number", False), "fewer": ("number", False),
    "less": ("number", False), "lighter": ("number", False),
}
_OPTIONS = re.compile(r"(?:,|:)?\s*(?:the\s+)?(.+?)\s+or\s+(?:the\s+)?(.+?)\s*\?*\s*$")  # "the" lowercase: not a title's "The"
_SAME = re.compile(r"\bsame\s+([a-z][a-z-]*(?:\s+of\s+[a-z][a-z-]*)?)", re.I)
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


# "Which film has the director who was born first, A or B?", "Which film whose director died
# later, A or B?": the options are compared through someone they name (their director)
_ROLE = re.compile(r"\b(?:has|had|have|with)\s+the\s+([a-z]+)\s+(?:who|that|which|born|died)\b|\bwhose\s+([a-z]+)\b")


@dataclass(frozen=True)
class Comparison:
    options: tuple[str, str]
    kind: str  # "date" or "number"
    larger_wins: bool
    role: str | None = None  # compared through this relation of each option ("director")


def is_yes_no(question: str) -> bool:
    return bool(_YES_NO.match(question)) and " or " not in question.lower()


def comparison(question: str) -> Comparison | None:
    """The two options and the comparison a question asks for, if it is one."""
    q = question.strip()
    low = q.lower()
    found = [(low.find(w), w) for w in _COMPARATIVES if re.search(rf"\b{re.escape(w)}\b", low)]
    if not found or " or " not in low:
        return None
    _, word = min(found, key=lambda f: (f[0], -len(f[1])))  # "more recently" before "more"
    tail = q[q.lower().rfind(",") + 1:] if "," in q else q
    m = _OPTIONS.search(tail)
    if not m:
        return None
    a, b = (x.strip(" \"'") for x in m.groups())
    if not a or not b or len(a.split()) > 8 or len(b.split()) > 8:
        return None
    kind, larger = _COMPARATIVES[word]
    role = _ROLE.search(low[: low.find(word)])
    return Comparison((a, b), kind, larger, (role.group(1) or role.group(2)) if role else None)


_MONTH_NUMBERS = {m: k + 1 for k, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
_MONTH_DAY = re.compile(r"\b(?:(\d{1,2})\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+(\d{1,2})\b)?", re.I)


def _value(text: str, kind: str) -> float | None:
    """A date as its year, plus the month and day as a fraction of it when the text gives them
    ("March 7, 1953" before "October 25, 1953"); an amount as its number."""
    if kind == "date":
        m = _YEAR.search(text)
        if not m:
            return None
        year = float(m.group(1))
        md = _MONTH_DAY.search(text)
        if md is None:
            return year
        day = int(md.group(1) or md.group(3) or 1)
        return year + (_MONTH_NUMBERS[md.group(2).lower()] - 1) / 12 + (min(day, 31) - 1) / 372
    m = _NUM.search(text)
    return float(m.group(0).replace(",", "")) if m else None


def date_parts(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a date, None for the parts it does not give; None for no date or
    for text with more than one year ("1920 – 1989")."""
    years = _YEAR.findall(text)
    if len(years) != 1:
        return None
    md = _MONTH_DAY.search(text)
    if md is None:
        return int(years[0]), None, None
    day = md.group(1) or md.group(3)
    return int(years[0]), _MONTH_NUMBERS[md.group(2).lower()], int(day) if day else None


def refines(a: tuple[int, int | None, int | None], b: tuple[int, int | None, int | None]) -> bool:
    """Whether date ``a`` says all ``b`` says and more ("June 10, 1989" refines "June 1989")."""
    return a != b and all(y is None or x == y for x, y in zip(a, b))


def same_value(a: float, b: float) -> bool:
    """Whether two compared values cannot be told apart: equal, or the same year where one of
    them gives only the year."""
    return a == b or (int(a) == int(b) and (a == int(a) or b == int(b)))


@dataclass
class Fact:
    option: str
    value: float
    hop: PathHop  # the fact that gives the value
    via: PathHop | None = None  # for a comparison through a role: the option's fact that names who has the value

    @property
    def hops(self) -> tuple[PathHop, ...]:
        return (self.via, self.hop) if self.via is not None else (self.hop,)


def _relates(predicate: str, role: str) -> bool:
    """Whether a relation says the role ("directed by" for "director", "written by" for "writer")."""
    r = stem(role)
    return any(len(w) >= 4 and (w.startswith(r[:5]) or r.startswith(w[:5])) for w in content_stems(predicate))


def option_facts(comp: Comparison, question: str, triples: Sequence[Triple],
                 titles: dict[str, str] | None = None, texts: dict[str, str] | None = None) -> list[Fact | None]:
    """For each option, the best fact giving it a value of the compared kind (or None): the one
    whose relation shares most words with the question, then one stated on the option's own page
    (``titles``: passage id → title; "The Goose Woman is a 1925 film" over another page's "... The
    Goose Woman in 1933"), then one read forwards, then one whose value the page writes earlier
    (``texts``: passage id → text; "is a 1925 silent film" before "was remade in 1933")."""
    if comp.role is not None:
        return [_via_role(comp, option, question, triples, titles, texts) for option in comp.options]
    return [_option_fact(comp, option, question, triples, titles, texts)[1] for option in comp.options]


def _role_facts(role: str | None, option: str, triples: Sequence[Triple]) -> Iterator[tuple[Triple, str, bool]]:
    """(triple, whoever it names, read forwards) for each fact of the option whose relation says
    the asked role (the film's "directed by")."""
    name = normalize_entity(option)
    for t in triples:
        if role is None or not _relates(t.predicate, role):
            continue
        for end, other, forward in ((t.subject, t.object, True), (t.object, t.subject, False)):
            if (normalize_entity(end) == name or surface_in(end, name) is not None) and value_kind(other) == "name":
                yield t, other, forward


# "Are the directors of A and B from the same country?": a plural role before the first option
_SAME_ROLE = re.compile(r"\bthe\s+([a-z]{3,})s\s+of\s+(?:the\s+)?(?:films?\s+|songs?\s+|novels?\s+)?[A-Z0-9]")


def same_role(question: str) -> str | None:
    """The role a same-property question compares its options through ("director" in "Are the
    directors of A and B from the same country?"); None when it asks of the options themselves."""
    m = _SAME_ROLE.search(question)
    return m.group(1).lower() if m and same_property(question) is not None else None


def role_fact(role: str, option: str, triples: Sequence[Triple]) -> tuple[str, PathHop] | None:
    """Whoever the option's first fact saying ``role`` names (the film's director), with that fact
    as a hop from the option; None when no fact of the option says the role."""
    for t, other, forward in _role_facts(role, option, triples):
        return other, PathHop(subject=t.subject, predicate=t.predicate, object=t.object, forward=forward,
                              passage_id=t.passage_id, triple_id=t.id)
    return None


def role_targets(comp: Comparison, triples: Sequence[Triple]) -> list[str]:
    """The names the options' facts give the asked role (the films' directors), for reading their pages."""
    return list(dict.fromkeys(other for option in comp.options for _, other, _ in _role_facts(comp.role, option, triples)))


def _via_role(comp: Comparison, option: str, question: str, triples: Sequence[Triple],
              titles: dict[str, str] | None, texts: dict[str, str] | None) -> Fact | None:
    """The value of whoever the option names in the asked role: its best-scored fact among the
    people the option's facts give that role."""
    best: tuple[float, Fact] | None = None
    for t, other, forward in _role_facts(comp.role, option, triples):
        score, fact = _option_fact(comp, other, question, triples, titles, texts)
        if fact is not None and (best is None or score > best[0]):
            via = PathHop(subject=t.subject, predicate=t.predicate, object=t.object, forward=forward,
                          passage_id=t.passage_id, triple_id=t.id)
            best = (score, Fact(option, fact.value, fact.hop, via))
    return best[1] if best else None


# the stems of a life's two events (:func:`~hippograph.retrieval.paths.stem` joins "born" / "birth"
# and "die" / "died" / "death")
_EVENTS = frozenset({stem("born"), stem("died")})


def _life_events(text: str) -> set[str]:
    """The life events (their stems) a question or a relation names."""
    return {stem(w) for w in re.findall(r"[a-z]+", text.lower())} & _EVENTS


def _option_fact(comp: Comparison, option: str, question: str, triples: Sequence[Triple],
                 titles: dict[str, str] | None, texts: dict[str, str] | None = None) -> tuple[float, Fact | None]:
    """The option's best fact of the compared kind, with its score (see :func:`option_facts`)."""
    q_stems = content_stems(question)
    asked_events = _life_events(question)
    own = {pid: normalize_entity(bare_title(t)) for pid, t in (titles or {}).items()}
    name = normalize_entity(option)
    best: tuple[float, Fact] | None = None
    for t in triples:
        events = _life_events(t.predicate)
        if asked_events and events and not events & asked_events:
            continue  # "Who died first?" is not answered by a birth date
        for end, other, forward in ((t.subject, t.object, True), (t.object, t.subject, False)):
            if normalize_entity(end) != name and surface_in(end, name) is None:
                continue
            if value_kind(other) != ("date" if comp.kind == "date" else "number") and not (
                    comp.kind == "number" and value_kind(other) == "name" and _NUM.search(other)):
                continue
            v = _value(other, comp.kind)
            if v is None:
                continue
            text = (texts or {}).get(t.passage_id, "")
            at = text.find(other)
            score = (len(content_stems(t.predicate) & q_stems) + (0.7 if own.get(t.passage_id) == name else 0.0)
                     + (0.2 if forward else 0.0) + (0.1 * (1 - at / len(text)) if at >= 0 else 0.0))
            hop = PathHop(subject=t.subject, predicate=t.predicate, object=t.object, forward=forward,
                          passage_id=t.passage_id, triple_id=t.id)
            if best is None or score > best[0]:
                best = (score, Fact(option, v, hop))
    return (best[0], best[1]) if best else (0.0, None)


def same_property(question: str) -> str | None:
    """What a yes/no question asks to be the same ("country" in "... born in the same country?")."""
    if not is_yes_no(question):
        return None
    m = _SAME.search(question)
    return m.group(1).lower() if m else None


@dataclass
class SameFact:
    option_id: str
    option: str
    value_id: str
    value: str
    score: float  # relation match + value kind match
    value_kind: float  # how clearly the value is the kind of thing compared (cosine to it)
    hop: PathHop


def same_facts(
    options: Sequence[tuple[str, str]], triples: Sequence[Triple], relation_sim: dict[str, float],
    value_sim: dict[str, float], question: str = "",
) -> list[SameFact | None]:
    """For each option (entity id, name): its best fact by how well the relation matches what the
    question compares (``relation_sim``, per predicate) and the value the asked kind of thing
    (``value_sim``, per entity id); None when it has no fact at all. A value all of whose words
    the question uses ("country" for "... the same country?") restates the question: skipped."""
    asked = set(normalize_entity(question).split())
    out: list[SameFact | None] = []
    for oid, name in options:
        best: SameFact | None = None
        for t in triples:
            for end_id, other_id, other, forward in ((t.subject_id, t.object_id, t.object, True),
                                                     (t.object_id, t.subject_id, t.subject, False)):
                words = normalize_entity(other).split()
                if end_id != oid or other_id == oid or not words or all(w in asked for w in words):
                    continue
                score = relation_sim.get(t.predicate, 0.0) + value_sim.get(other_id, 0.0)
                if best is None or score > best.score:
                    hop = PathHop(subject=t.subject, predicate=t.predicate, object=t.object, forward=forward,
                                  passage_id=t.passage_id, triple_id=t.id)
                    best = SameFact(oid, name, other_id, other, score, value_sim.get(other_id, 0.0), hop)
        out.append(best)
    return out
