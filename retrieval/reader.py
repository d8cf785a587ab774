"""The offline answer stage: graph-path and span candidates ranked together, calibrated, with abstention.

Candidates come from two readers:

- :class:`~hippograph.retrieval.paths.PathReader`: end entities of chains of triples from the
  entities the question names (the answer is the end entity's surface form; it cites the
  passage that states each hop and shows the path);
- :class:`~hippograph.retrieval.answer.ExtractiveAnswerer`: spans of the best-matching
  sentences of the top passages.

Candidates with the same normalised text are merged. Each is described by the same generic
features (no rule keyed to any question's wording); a logistic model (:class:`ReaderModel`)
scores them, and the best one's score and margin over the runner-up are mapped to a
calibrated probability of being right (Platt scaling). Below ``min_confidence`` the answer is
"not found in the documents", with the best guess and its evidence kept. The models' weights
ship beside this module, one per kind of triples (:data:`MODEL_FILES`: spaCy's and those a
language model writes read differently), with how and on what they were fitted.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection, Iterable, Sequence

import numpy as np
from pydantic import BaseModel

from hippograph.core.embedding import Embedder
from hippograph.core.errors import ConfigError
from hippograph.core.ids import bare_title, entity_id, normalize_entity
from hippograph.core.models import (
    NOT_FOUND, Answer, Citation, Clue, PathHop, ReasoningPath, RetrievalResult, RetrievedPassage, SelectionResult, Triple,
)
from hippograph.core.nlp import PLACE_KINDS
from hippograph.graph.projection import ProjectionCache
from hippograph.graph.store import GraphStore
from hippograph.retrieval.clues import clue_queries
from hippograph.retrieval.demonyms import (
    COUNTRY_OF, asks_country, asks_region, country_of_description, enclosing_region, is_nationality_adjective,
)
from hippograph.retrieval.forms import (
    comparison, date_parts, is_yes_no, option_facts, refines, role_fact, role_targets, same_facts, same_property,
    same_role, same_value,
)
from hippograph.retrieval.gender import (
    AXIS_WORDS, LEAN_MARGIN, Gender, asked_gender, described_gender, page_gender, relation_gender)
from hippograph.retrieval.paths import (
    FRAME_NOUNS, KIND_FRAMES, NATIONALITY_WORDS, PathReader, QuestionView, answer_surface, asking_word, asks_nationality, content_stems,
    demonym_answer, describes, end_surfaces, is_named, kin_words, mention_candidates, question_view, relation_key, render_path, stem, type_phrase,
    value_candidates, value_kind, wh_kind, window_cover, without_restated,
)
from hippograph.retrieval.types import TypeModel, load_fitted

logger = logging.getLogger(__name__)

# A deliberately small set: with more (hop minima, support, gaps) the fitted ranker did worse on
# held-out folds of musique-100 (EM 8 vs 10), a sign of fitting noise.
# comparisons are not covered by the fitted model (musique-100 has none to fit on): a fixed,
# unfitted confidence, stated as such in the README
COMPARISON_CONFIDENCE = 0.6
# same-property yes/no questions: a fact counts when its relation's cosine to the question's
# relation words plus its value's cosine to the compared kind ("country") reaches this, and two
# values whose vectors are this close are the same thing (spelling variants)
SAME_MIN_SCORE = 0.6
SAME_VALUE_COSINE = 0.9
# "no" needs both values to be clearly the kind of thing compared (cosine to it: "Pakistan" to
# "country" 0.64, "Paris" or "French psychoanalyst" to "nationality" under 0.3); otherwise
# different values give an abstention whose best guess is "no"
SAME_VALUE_KIND = 0.4

# a comparison also reads the passages that mention each option (its own page first), at most this many each
OPTION_PASSAGES = 3

# the path search also reads the own pages (the passage titled with its name) of the entities one
# fact away from the question's named entities: at most this many entities, each with at most
# BRIDGE_MENTIONS passages that mention it (a hub such as a country is not a bridge worth a page)
BRIDGE_PAGES = 6
BRIDGE_MENTIONS = 30
GENDER_PAGES = 20  # a candidate's own page is looked for among the first this many passages that mention it

_ASKS_A_KIND = re.compile(rf"\b(?:{'|'.join(sorted(KIND_FRAMES))})s? of\b", re.IGNORECASE)


def names_the_kind(text: str, head: str) -> bool:
    """Whether an answer is only the question's noun with words that describe it: common words
    (no capital, no digit) ending on that noun ("fictional character" for "What character ...")."""
    words = re.findall(r"[A-Za-z'-]+", text)
    return bool(words) and not re.search(r"[A-Z0-9]", text) and stem(words[-1].lower()) == head


# "Who is/was" and a name only; each capitalised word ends at a space, so a failed match cannot
# try every split of one long word (the regex stays linear in the question's length)
_WHO_IS_NAME = re.compile(r"^\s*[Ww]ho\s+(?:is|was|are|were)\s+(?:the\s+)?[A-Z0-9]\S*(?:\s+(?:(?:of|the|and)\s+)*[A-Z0-9]\S*)*\s*\??\s*$")


def asks_for_someone(question: str) -> bool:
    """A "who"/"whom" question that asks for someone, not what someone is ("Who was Garry Hoy?")."""
    return asking_word(question)[:1] in (("who",), ("whom",)) and not _WHO_IS_NAME.match(question)


# weight of the kind probe's probability in ``type_sim`` for who/where/when/how-many questions
WH_KIND_WEIGHT = 0.7

PATH_FEATURES = ("path_score", "path_cover", "path_precision", "path_trailing", "path_via_value", "path_sibling",
                 "path_via_bare", "path_one_fact", "path_join")
MENTION_FEATURES = ("mention_cover", "mention_rank", "mention_bridge", "mention_window")
COMMON_FEATURES = (
    "has_path", "has_mention", "kind_match", "kind_mismatch", "head_match", "named", "first_hop_bridge", "in_question",
    "type_sim",
)
FEATURES = PATH_FEATURES + MENTION_FEATURES + COMMON_FEATURES


class Ranker(BaseModel):
    """Logistic weights over :data:`FEATURES` and a Platt map from (best score, margin) to confidence."""

    weights: list[float]
    bias: float
    conf_weights: list[float]  # over (z_best, z_best - z_second)
    conf_bias: float

    def scores(self, x: np.ndarray) -> np.ndarray:
        return x @ np.asarray(self.weights) + self.bias

    def confidence(self, z: np.ndarray) -> float:
        """Calibrated probability that the best-scored candidate is right."""
        if z.size == 0:
            return 0.0
        order = np.sort(z)[::-1]
        margin = float(order[0] - order[1]) if z.size > 1 else 5.0
        t = self.conf_weights[0] * float(order[0]) + self.conf_weights[1] * margin + self.conf_bias
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t))))


# what the router reads off a question: how nested it is ("of", "where", "which", "'s", ...), its
# content words, its length ("Who directed Brand?" against "Who was the spouse of the director
# of the film that ...") and whether it asks of a role through a name (:func:`role_clause`)
ROUTER_FEATURES = ("nesting", "content_words", "words", "role_clause")
# the router's bar for the one-hop ranker, chosen on musique-100 (five fold splits, gpt-3.5 triples;
# multi-hop F1 / one-hop EM): without a router 23.6 / 9.6; bar 0.7 21.7 / 29.9, 0.8 22.3 / 29.4,
# 0.9 23.0 / 27.1, 0.95 23.5 / 21.9 (a misrouted multi-hop question is answered with its first bridge)
ROUTER_THRESHOLD = 0.9
_NESTING = re.compile(r"\b(?:of|where|which|that|whose|who|when|in|by)\b|'s\b")


# a question that asks something of a role it names through a name ("Where was the director of
# Brother Rat born?": the role, then a relation of its own after the name) or of a role of a role
# ("Who is the father of the director of Atomised?"): two hops however short the question is
_ROLE_CLAUSE = re.compile(r"^\s*(?i:in\s+)?(?i:where|when|who|whom|what|which|how)\b[^?]*?\bthe\s+(?:[a-z]+\s+){1,3}?of\s+"
                          r"(?:the\s+)?[A-Z0-9][^?]*?\s[a-z][a-z'-]*\s*\??\s*$")
_ROLE_OF_ROLE = re.compile(r"\bthe\s+(?P<outer>[a-z]+)(?:\s+[a-z]+)?\s+of\s+the\s+(?:[a-z]+\s+)?(?P<inner>[a-z]+)\s+of\s+[A-Z0-9]")


def role_clause(question: str) -> bool:
    """Whether the question asks a relation of a role it names by a name (:data:`_ROLE_CLAUSE`,
    :data:`_ROLE_OF_ROLE`). "the name of the tip of Africa" frames a noun and "the population of
    the state of Kansas" names a place: neither is a role of a role."""
    m = _ROLE_OF_ROLE.search(question)
    if m and m.group("outer") not in FRAME_NOUNS and m.group("inner") not in PLACE_KINDS:
        return True
    return bool(_ROLE_CLAUSE.match(question))


def question_shape(question: str) -> np.ndarray:
    """The router's features of a question (:data:`ROUTER_FEATURES`)."""
    low = question.lower()
    return np.array([len(_NESTING.findall(low)), len(content_stems(question)), len(question.split()),
                     float(role_clause(question))], dtype=np.float64)


class Router(BaseModel):
    """Logistic weights over :data:`ROUTER_FEATURES`: the chance that a question asks one hop. A
    question is read by the one-hop ranker only above ``threshold`` (a multi-hop question sent there
    is answered with its first bridge, so the bar is high)."""

    weights: list[float]
    bias: float
    threshold: float

    def one_hop(self, shape: np.ndarray) -> bool:
        """Whether a question of this :func:`question_shape` is read as asking one hop."""
        t = float(shape @ np.asarray(self.weights)) + self.bias
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t)))) > self.threshold


# the shipped reader model for each kind of triples (:func:`triples_family`)
MODEL_FILES = {"spacy": "reader_model.json", "llm": "reader_model_llm.json"}


def triples_family(extractor: str) -> str:
    """The kind of triples an extractor writes: ``spacy`` (dependency-parse triples) or ``llm``
    (OpenIE by a language model: the ``llm`` extractor, and ``hipporag-json``'s pre-extracted
    files). An extractor registered by a plugin counts as ``llm``: its triples are not spaCy's."""
    return "spacy" if extractor == "spacy" else "llm"


class ReaderModel(Ranker):
    """The multi-hop ranker (this model's own weights), and optionally a one-hop ranker with the
    router that chooses between them per question."""

    features: list[str]
    one_hop: Ranker | None = None
    router: Router | None = None
    note: str = ""

    def ranker_for(self, question: str) -> Ranker:
        """The one-hop ranker when the router says the question asks one hop, else this model."""
        return self.ranker_for_shape(question_shape(question))

    def ranker_for_shape(self, shape: np.ndarray) -> Ranker:
        if self.one_hop is not None and self.router is not None and self.router.one_hop(shape):
            return self.one_hop
        return self

    @classmethod
    def load(cls, path: Path | None = None, triples: str = "spacy") -> "ReaderModel":
        """The model at ``path``, or the shipped one for ``triples`` (a key of :data:`MODEL_FILES`)."""
        if triples not in MODEL_FILES:
            raise ConfigError(f"no reader model for triples {triples!r}; known: {', '.join(MODEL_FILES)}")
        packaged = MODEL_FILES[triples]
        model = load_fitted(cls, packaged, path, "reader model")
        if (model.features != list(FEATURES) or len(model.weights) != len(FEATURES)
                or (model.one_hop is not None and len(model.one_hop.weights) != len(FEATURES))
                or (model.router is not None and len(model.router.weights) != len(ROUTER_FEATURES))):
            raise ConfigError(f"reader model {path or packaged} was fitted on other features; refit it (bench.fit_reader)")
        return model


@dataclass
class ReaderCandidate:
    text: str
    norm: str
    features: dict[str, float]
    citations: list[Citation]
    path: ReasoningPath | None = None
    source: str = "extractive"
    score: float = 0.0

    def vector(self) -> np.ndarray:
        return np.array([self.features.get(f, 0.0) for f in FEATURES], dtype=np.float64)


@dataclass
class ReaderOutput:
    candidates: list[ReaderCandidate]
    timings_ms: dict[str, float] = field(default_factory=dict)


def overlap_share(text: str, question_norm: str) -> float:
    """Share of the candidate's words that the question already uses; 1.0 also for a name of two
    or more words that the question writes in another form, each word the question's up to an
    inflection or one letter ("Kim Jong Chol" for "Who is the wife of Kim Jong-chul?", "Monster
    Truck" for "... where monster trucks is set"): it restates the question."""
    words = normalize_entity(text).split()
    if not words:
        return 0.0
    q = _question_forms(question_norm)[0]
    share = sum(w in q for w in words) / len(words)
    if share < 1.0 and len(words) > 1 and all(w in q or _a_form_of(w, question_norm) for w in words):
        return 1.0
    return share


@functools.lru_cache(maxsize=256)
def _question_forms(question_norm: str) -> tuple[frozenset[str], frozenset[str], dict[int, tuple[str, ...]]]:
    """The question's words, their stems, and its words of four letters or more by length."""
    words = frozenset(question_norm.split())
    by_len: dict[int, list[str]] = {}
    for w in words:
        if len(w) >= 4 and w.isalpha():
            by_len.setdefault(len(w), []).append(w)
    return words, frozenset(stem(w) for w in words), {n: tuple(ws) for n, ws in by_len.items()}


def _a_form_of(word: str, question_norm: str) -> bool:
    """Whether a word is one of the question's in another inflection ("trucks" / "truck") or with one
    letter changed in a word of four letters or more ("chol" / "chul"); numbers never ("1920" and
    "1924" are two years), nor a word with letters added ("staten" is not "state")."""
    _, stems, by_len = _question_forms(question_norm)
    if stem(word) in stems:
        return True
    if len(word) < 4 or not word.isalpha():
        return False
    return any(v[0] == word[0] and sum(x != y for x, y in zip(v, word)) == 1 for v in by_len.get(len(word), ()))


def _sentence_with(text: str, *needles: str) -> str:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    for needle in needles:
        low = needle.lower()
        for s in sentences:
            if low and low in s.lower():
                return s.strip()
    return sentences[0].strip() if sentences else text[:200]


class GraphReader:
    """The offline answerer (the default): see the module docstring."""

    def __init__(
        self, store: GraphStore, embedder: Embedder, model: ReaderModel | None = None,
        min_confidence: float = 0.0, path_passages: int = 15, mention_passages: int = 8, max_hops: int = 4,
        projections: ProjectionCache | None = None, triples: str = "spacy",
    ) -> None:
        self._store = store
        self._embedder = embedder
        self._paths = PathReader(store, embedder, max_hops=max_hops)
        self._projections = projections or ProjectionCache(store)
        self._mention_passages = mention_passages
        self._model = model
        self._triples = triples  # whose shipped model to load when ``model`` is None
        self._types: TypeModel | None = None
        self._min_confidence = min_confidence
        self._path_passages = path_passages
        self._sample_lock = threading.Lock()
        self._sample_version = ""
        self._samples: OrderedDict[str, list[RangeEnd]] = OrderedDict()  # relation -> its sample's ends
        self._gender_axis: np.ndarray | None = None  # :meth:`_gender_lean`'s axis, embedded on first use

    @property
    def types(self) -> TypeModel:
        if self._types is None:
            self._types = TypeModel.load()
        return self._types

    @property
    def model(self) -> ReaderModel:
        if self._model is None:
            self._model = ReaderModel.load(triples=self._triples)
        return self._model

    def _relation_sample(self, predicates: Sequence[str], version: str) -> list[RangeEnd]:
        """The ends of a graph-wide sample of each relation's facts (``RANGE_SAMPLE`` per
        relation), kept for the ``RANGE_CACHE`` relations used last until the graph changes
        (``version``: the graph version the question's projection was built from)."""
        with self._sample_lock:
            if self._sample_version != version:
                self._sample_version, self._samples = version, OrderedDict()
            samples = self._samples  # this version's: a newer graph version starts a new one
            todo = [p for p in predicates if p not in samples]
        fetched: dict[str, list[RangeEnd]] = {p: [] for p in todo}
        if todo:
            for t in self._store.triples_with_predicates(todo, RANGE_SAMPLE):
                fetched.setdefault(t.predicate, []).extend(range_ends([t]))
        with self._sample_lock:
            samples.update(fetched)
            out = [e for p in predicates for e in samples.get(p, ())]
            for p in predicates:
                if p in samples:
                    samples.move_to_end(p)
            while len(samples) > RANGE_CACHE:
                samples.popitem(last=False)
        return out

    def read(self, retrieval: RetrievalResult, selection: SelectionResult | None = None, clues: Sequence[Clue] = (),
             own_pages: bool = True) -> ReaderOutput:
        """Every candidate answer (an entity of the graph), with its features and evidence.
        ``own_pages``: the path search also reads the pages of the entities one fact from the
        question's (False: only the given passages, as the dense-RAG baseline reads)."""
        question = retrieval.question
        passages = self._passages(retrieval, selection)
        if not passages:
            return ReaderOutput([])
        timings: dict[str, float] = {}
        t = time.perf_counter()
        proj = self._projections.get()
        triples = self._paths.local_triples([p.passage_id for p in passages], clues)
        mentions = {p.passage_id: [proj.entity_ids[v] for v in proj.passage_mentions.get(p.passage_id, ())] for p in passages}
        names = {eid: proj.entity_names[proj.entity_index[eid]] for ms in mentions.values() for eid in ms}
        _name_ends(names, triples)
        view = question_view(question, names, retrieval.seeds)
        titles = {p.passage_id: p.title for p in passages}
        if own_pages:
            page_triples, page_titles = self._bridge_pages(view, triples, set(titles))
            triples += page_triples
            titles.update(page_titles)  # "Mimica" on the page titled "Vatroslav Mimica" is its topic there too
            _name_ends(names, triples)
        timings["view"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        queries = [question, *clue_queries(clues)]
        kept = retrieval.query_vectors(queries)  # retrieval embedded these already
        relations = self._paths.uncached_relations(view, triples, titles) if view.chunks else []
        own = [*view.chunks, type_phrase(question)]
        # the question's phrases (and the question and clues when retrieval did not keep them) in one
        # call whose strings depend on the question alone, so its vectors do too (an encoder batch's
        # make-up moves vectors in the last digits: a warm cache must not change an answer)
        vecs = self._embedder.embed([*(queries if kept is None else ()), *own])
        if kept is None:
            kept, vecs = vecs[: len(queries)], vecs[len(queries):]
        qvecs, chunk_vecs, type_vec = kept, vecs[:-1], vecs[-1]
        if relations:  # the relations the path search may meet, in one call (not one per beam level)
            self._paths.remember_relations(relations, self._embedder.embed(relations))
        timings["embed"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        rank_of = {p.passage_id: p.rank for p in retrieval.passages}
        paths = self._paths.candidates(view, triples, rank_of, qvecs, chunk_vecs, titles)
        timings["paths"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        top = passages[: self._mention_passages]
        mentioned = mention_candidates(view, top, mentions, names)
        known_norms = {names.get(eid, "") for eid in mentioned} | {
            normalize_entity(without_restated(answer_surface(pc.surface), question)) for pc in paths}
        values = {k: v for k, v in value_candidates(view, top).items() if k[len("value:"):] not in known_norms}
        mentioned.update(values)
        # a passage that mentions an entity the paths reached well is evidence for its other entities (the next hop)
        reach = {pc.entity_id: pc.features["path_score"] for pc in paths}
        near_words = view.rel | ({view.head} if view.head else set())  # "population" of "What is the population ..."
        for eid, m in mentioned.items():
            others = [reach[e] for e in mentions.get(m["passage"].passage_id, ()) if e != eid and e in reach]
            m["features"]["mention_bridge"] = max(others, default=-1.0)
            m["features"]["mention_window"] = window_cover(m["sentence"], m["surface"], near_words)
        timings["mentions"] = (time.perf_counter() - t) * 1000
        by_pid = {p.passage_id: p for p in passages}
        draft = {normalize_entity(c.text) for c in clues if c.kind == "draft_answer"}
        first_hop = {c.bridge_entity_id for c in clues if c.kind == "span" and c.hop == 1 and c.bridge_entity_id}

        merged: dict[str, ReaderCandidate] = {}
        nationality = asks_nationality(question)
        country = asks_country(question)
        region = asks_region(question)
        demonyms: set[str] = set()  # candidates read as the nationality their description opens with
        # candidates read as a country or state: the one their description's adjective names, or the
        # region their place's name ends with (each takes that name's own vector)
        countries: set[str] = set()
        cut: set[str] = set()  # amounts and counts without what they restate of the question ("4", not "4 congressional districts")
        for pc in paths:
            cites: list[Citation] = []
            for hop in pc.path.hops:
                if any(c.passage_id == hop.passage_id for c in cites):
                    continue
                rp = by_pid.get(hop.passage_id)
                if rp is None:
                    rec = self._store.get_passages([hop.passage_id])
                    title, text, locator = (rec[0].title, rec[0].text, rec[0].locator) if rec else ("", "", "")
                else:
                    title, text, locator = rp.title, rp.text, rp.locator
                cites.append(Citation(passage_id=hop.passage_id, title=title, locator=locator,
                                      evidence=_sentence_with(text, hop.object if hop.forward else hop.subject, hop.predicate)))
            text = without_restated(answer_surface(pc.surface), question)
            if text != answer_surface(pc.surface):
                cut.add(pc.entity_id)
            demonym = demonym_answer(text) if nationality else None
            if demonym:  # "What is the nationality of ...": Italian, not "Italian film director"
                text = demonym
                demonyms.add(pc.entity_id)
            elif country and (of := country_of_description(text)):  # "Which country ... from?": West Germany,
                text = of  # not "1956 West German drama film"
                countries.add(pc.entity_id)
            elif region and (held_by := enclosing_region(text)):  # "Which state ...": Kansas, not "Ford County, Kansas"
                text = held_by
                countries.add(pc.entity_id)
            merged[pc.entity_id] = ReaderCandidate(text, normalize_entity(text), dict(pc.features, has_path=1.0),
                                                   cites, pc.path, "graph-path")
        for eid, m in mentioned.items():
            cite = Citation.of(m["passage"], m["sentence"])
            if eid in merged:
                merged[eid].features.update(m["features"], has_mention=1.0)
            else:
                text = without_restated(answer_surface(m["surface"]), question)
                if text != answer_surface(m["surface"]):
                    cut.add(eid)
                merged[eid] = ReaderCandidate(text, normalize_entity(text), dict(m["features"], has_mention=1.0),
                                              [cite], None, "extractive")
        cands = list(merged.values())
        best_path = max((c.features["path_score"] for c in cands if "path_score" in c.features), default=0.0)
        ent_ids, ent_mat = self._store.vectors("entity")
        rows = self._paths.rows_of(ent_ids, list(merged))
        cand_vecs = np.zeros((len(merged), type_vec.shape[0]), dtype=np.float32)
        known = rows >= 0
        if known.any():
            cand_vecs[known] = ent_mat[rows[known]]
        probed = wh_kind(question) is not None
        fresh = [i for i, eid in enumerate(merged) if eid.startswith("value:") or eid in countries
                 or (probed and eid in cut)]
        if fresh:  # dates and amounts read off the text are in no triple, a country read off a description
            # is not the description's node: their own vectors. So is a count cut from what it counts
            # when the kind probe reads it ("how many ...": "4" is a number, "4 congressional districts"
            # is not); an amount asked by its noun ("What is the usual average snowfall") keeps the
            # node's vector, which the noun's phrase matches (its own moved two right amounts on
            # musique-100 to wrong ones)
            cand_vecs[fresh] = self._embedder.embed([cands[i].text for i in fresh])
            known[fresh] = True
        type_sims = cand_vecs @ type_vec
        kind = wh_kind(question)
        places: set[int] = set()
        if kind is not None and kind in self.types.kinds and known.any():
            # "who" / "where" / "when" name no noun to compare with: the kind probe's probability
            # that the candidate is a person / place / date counts most (musique-100, cross-fitted:
            # F1 +1.4 / +2.4 with gpt-3.5 / spaCy triples over the cosine to "person" alone)
            col = self.types.kinds.index(kind)
            probs = self.types.probabilities(cand_vecs[known])[:, col]
            # what the fact says of it counts too: the place of "born in Hitchin" is the kind of
            # thing "born in" leads to in the facts read (New York City, Seattle: places), however
            # little the encoder knows the name "Hitchin" (its own vector: place 0.21)
            # "died in" read once among the facts is judged by what it leads to across the graph
            # (only the last hops' relations are looked up: only their ends are counted)
            lasts = sorted({c.path.hops[-1].predicate for c in cands if c.path is not None})
            wanted = set(lasts)
            range_facts = [*range_ends(t for t in triples if t.predicate in wanted),
                           *self._relation_sample(lasts, proj.version)]
            # a "where" is answered by a place or an organisation a relation leads to ("educated at"
            # leads to colleges: "Where was he educated?"); a candidate's own vector still counts as a
            # place only (counting it as either lost an answer on musique-100: organisations absorb
            # descriptions such as "American film director")
            cols = [col] + [self.types.kinds.index(k) for k in RANGE_ALSO.get(kind, ()) if k in self.types.kinds]
            ranges = _range_kinds(range_facts, ent_ids, ent_mat, self._paths,
                                  lambda v: self.types.probabilities(v)[:, cols].sum(axis=1))
            pos = {int(i): k for k, i in enumerate(np.flatnonzero(known))}
            for i, c in enumerate(cands):
                if c.path is not None and known[i]:
                    last = c.path.hops[-1]
                    end = last.object if last.forward else last.subject
                    p_range = ranges.get((last.predicate, last.forward, value_kind(end)))
                    if p_range is not None:
                        probs[pos[i]] = max(probs[pos[i]], p_range)
            type_sims[known] = WH_KIND_WEIGHT * probs + (1 - WH_KIND_WEIGHT) * type_sims[known]
            if kind == "place":  # "Where ...?": the candidates read as places (:func:`_most_precise`)
                places = {id(c) for i, c in enumerate(cands) if known[i] and probs[pos[i]] >= 0.5}
        for c, tsim in zip(cands, type_sims):
            c.features["type_sim"] = float(tsim)
        for eid, c in merged.items():
            f = c.features
            kind = value_kind(c.text)
            f["kind_match"] = 1.0 if kind == view.kind else 0.0
            f["kind_mismatch"] = 1.0 if kind != view.kind and view.kind != "name" else 0.0
            f["head_match"] = 1.0 if (view.head and view.head in content_stems(c.text)) or eid in demonyms or eid in countries else 0.0
            f["in_question"] = overlap_share(c.text, view.norm)
            f["named"] = 1.0 if is_named(c.text) else 0.0
            f["draft_match"] = 1.0 if c.norm in draft else 0.0
            f["first_hop_bridge"] = 1.0 if eid in first_hop else 0.0
            f["path_score_gap"] = best_path - f["path_score"] if "path_score" in f else 2.0
        # an answer does not restate the question: a candidate all of whose words the question
        # uses ("country" for "What country ...") is dropped (comparisons are read in forms.py)
        cands = [c for c in cands if c.features["in_question"] < 1.0]
        if view.head and not _ASKS_A_KIND.search(question):
            # "What character comes from the same book as X?": "fictional character" names the kind
            # asked for, not a thing of that kind ("What kind of university ...?" asks for a kind)
            cands = [c for c in cands if not names_the_kind(c.text, view.head)]
        if asks_for_someone(question):
            # "Who did Barry Wesson's team play ...?": not "American former right-handed outfielder"
            # "Who is the wife of Kim Jong-chul?": not "North Korean" (an adjective names no one)
            cands = [c for c in cands if not describes(c.text) and not is_nationality_adjective(c.text)]
        if demonyms:  # a nationality question with nationalities among the facts read: the answer is one of them
            nationalities = {merged[e].text for e in demonyms}
            cands = [c for c in cands if c.text in nationalities]
        if (asked := asked_gender(question)) is not None:  # "Who is the father of ...": not a "she"
            cands = self._of_gender(asked, merged, cands, triples)
        cands = _most_precise(cands, places)
        timings["merge"] = 0.0
        return ReaderOutput(cands, timings)

    def _of_gender(self, asked: Gender, merged: dict[str, ReaderCandidate], cands: list[ReaderCandidate],
                   triples: Sequence[Triple]) -> list[ReaderCandidate]:
        """``cands`` without the path candidates the evidence gives the other gender (see
        :mod:`hippograph.retrieval.gender`): their own page's pronouns or their description; and,
        of two or more reached by the same kinship relation from the same node ("son of Gisela
        Elsner and Klaus Roehler"), those whose names lie clearly further from the asked gender on
        the encoder's woman–man axis. All of them when that would leave none."""
        live = {id(c) for c in cands}
        pathed = {eid: c for eid, c in merged.items() if id(c) in live and c.path is not None and is_named(c.text)}
        last_hop = {eid: c.path.hops[-1] for eid, c in pathed.items() if c.path is not None}
        if not pathed:
            return cands
        pages: dict[str, str] = {}  # entity id -> its own page's text
        wanted: dict[str, list[str]] = {}  # passage id -> the candidates it may be the page of
        proj = self._projections.get()
        for eid in pathed:
            for pid in proj.passages_mentioning(eid)[:GENDER_PAGES]:
                wanted.setdefault(pid, []).append(eid)
        for rec in self._store.get_passages(list(wanted)) if wanted else []:
            pages.update((eid, rec.text) for eid in wanted[rec.id] if _is_page_of(rec.title, pathed[eid].text))
        known: dict[str, Gender] = {}
        for eid, c in pathed.items():
            g = page_gender(pages[eid]) if eid in pages else None
            if g is None:
                g = described_gender(c.text, [t.object for t in triples if t.subject_id == eid
                                              and relation_key(t.predicate) == ("is",)])
            if g is None:
                g = relation_gender(last_hop[eid].predicate, last_hop[eid].forward)
            if g is not None:
                known[eid] = g
        drop = {eid for eid, g in known.items() if g != asked}
        twins: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        for eid, last in last_hop.items():
            if eid not in drop and kin_words(last.predicate):
                here = last.subject if last.forward else last.object
                twins.setdefault((normalize_entity(here), relation_key(last.predicate)), []).append(eid)
        groups = [g for g in twins.values() if len(g) > 1]
        if groups:
            lean = self._gender_lean([e for g in groups for e in g], asked)
            for group in groups:
                signed = {e: 1.0 if e in known else lean[e] for e in group}
                top = max(signed.values())
                drop.update(e for e, v in signed.items() if top - v >= LEAN_MARGIN)
        gone = {id(pathed[e]) for e in drop}
        return [c for c in cands if id(c) not in gone] or cands

    def _gender_lean(self, eids: Sequence[str], asked: Gender) -> dict[str, float]:
        """Where each entity's name lies on the encoder's woman–man axis, signed toward ``asked``."""
        if self._gender_axis is None:
            v = self._embedder.embed([w for pair in AXIS_WORDS for w in pair])
            self._gender_axis = (v[0::2] - v[1::2]).sum(axis=0)
        ids, mat = self._store.vectors("entity")
        rows = self._paths.rows_of(ids, list(eids))
        sign = 1.0 if asked == "f" else -1.0
        return {e: sign * float(mat[r] @ self._gender_axis) if r >= 0 else 0.0 for e, r in zip(eids, rows)}

    def _passages(self, retrieval: RetrievalResult, selection: SelectionResult | None) -> list[RetrievedPassage]:
        """The selection (the answer prompt's passages) and the top retrieved ones: on musique-100 the
        selection alone gave the offline reader EM 6 against 10 with both (cross-fitted)."""
        selected = list(selection.passages) if selection is not None else []
        return list({p.passage_id: p for p in [*selected, *retrieval.passages[: self._path_passages]]}.values())

    def answer(self, retrieval: RetrievalResult, selection: SelectionResult | None = None, clues: Sequence[Clue] = ()) -> Answer:
        t0 = time.perf_counter()
        special = self.other_form(retrieval, selection)
        if special is not None:
            return special
        out = self.read(retrieval, selection, clues)
        return self.decide(retrieval, selection, out, time.perf_counter() - t0)

    def other_form(self, retrieval: RetrievalResult, selection: SelectionResult | None,
                   own_pages: bool = True) -> Answer | None:
        """Comparisons and yes/no questions (``retrieval/forms.py``); None for every other question.
        ``own_pages``: a comparison (and a same-property question through a role) also reads the
        passages the graph has on each option (False: only the given passages, as the dense-RAG
        baseline reads)."""
        question = retrieval.question
        passages = {p.passage_id: p for p in self._passages(retrieval, selection)}
        prop = same_property(question)
        if prop is not None:
            same = self._same(retrieval, selection, passages, prop, own_pages)
            if same is not None:
                return same
        if is_yes_no(question):
            both = self._both(retrieval, selection, passages, own_pages)
            if both is not None:
                return both
            evidence = tuple(Citation.of(p, _sentence_with(p.text))
                             for p in list(passages.values())[:2])
            return Answer(question=question, answer=NOT_FOUND, kind="abstain", citations=evidence, confidence=0.0,
                          retrieval=retrieval, selection=selection,
                          alternatives=("a yes/no question: the offline reader does not decide entailment; use an LLM reader",))
        comp = comparison(question)
        if comp is None:
            return None
        shown: dict[str, tuple[str, str, str]] = {pid: (p.title, p.text, p.locator) for pid, p in passages.items()}
        triples = self._paths.local_triples(list(passages))
        if own_pages:
            triples += self._pages_of(comp.options, shown)
            if comp.role is not None:  # and the pages of whoever the options name in that role
                triples += self._pages_of(role_targets(comp, triples), shown)
        facts = option_facts(comp, question, triples, {pid: title for pid, (title, _, _) in shown.items()},
                             {pid: text for pid, (_, text, _) in shown.items()})
        found = [f for f in facts if f is not None]
        cited = [_cite_shown(shown, h) for f in found for h in f.hops if h.passage_id in shown]
        cites = tuple({(c.passage_id, c.evidence): c for c in cited}.values())
        path = ReasoningPath(hops=tuple(h for f in found for h in f.hops),
                             text="; ".join(render_path(f.hops) for f in found))
        if len(found) < 2 or same_value(found[0].value, found[1].value):
            missing = [o for o, f in zip(comp.options, facts) if f is None]
            note = f"no {comp.kind} found for {', '.join(missing)}" if missing else "equal values"
            return Answer(question=question, answer=NOT_FOUND, kind="abstain", citations=cites, confidence=0.0,
                          retrieval=retrieval, selection=selection, path=path if found else None, alternatives=(note,))
        winner = max(found, key=lambda f: f.value if comp.larger_wins else -f.value)
        return Answer(question=question, answer=winner.option, kind="graph-path", citations=cites,
                      confidence=COMPARISON_CONFIDENCE, retrieval=retrieval, selection=selection, path=path,
                      alternatives=tuple(f.option for f in found if f is not winner))

    def _bridge_pages(self, view: QuestionView, triples: Sequence[Triple],
                      shown: set[str]) -> tuple[list[Triple], dict[str, str]]:
        """The triples of the own pages of the question's named entities and of the names one fact
        away from them, when retrieval did not rank those pages: "Where did the director of 45
        Fathers die?" reaches James Tinling in the film's passage, and where he died is on his page.
        Names whose fact shares a word with the question come first. Returns the triples and the
        pages' titles (passage id → title)."""
        starts = set(view.named)
        proj = self._projections.get()
        # the question's own names first (their pages state the first hop), then their neighbours
        near: dict[str, tuple[int, str]] = {e: (99, proj.entity_names[proj.entity_index[e]]) for e in starts
                                            if e in proj.entity_index}
        for t in triples:
            for here, other, name in ((t.subject_id, t.object_id, t.object), (t.object_id, t.subject_id, t.subject)):
                if here in starts and other not in starts and is_named(name) and value_kind(name) == "name":
                    shared = len(content_stems(t.predicate) & view.rel)
                    if shared > near.get(other, (-1, ""))[0]:
                        near[other] = (shared, name)
        if not near:
            return [], {}
        wanted: dict[str, str] = {}  # passage id -> the name whose page it may be
        for eid, (_, name) in sorted(near.items(), key=lambda kv: -kv[1][0])[:BRIDGE_PAGES + len(starts)]:
            ids = proj.passages_mentioning(eid)
            if len(ids) <= BRIDGE_MENTIONS:
                wanted.update({pid: name for pid in ids if pid not in shown})
        if not wanted:
            return [], {}
        pages = {r.id: r.title for r in self._store.get_passages(list(wanted)) if _is_page_of(r.title, wanted[r.id])}
        return (self._paths.local_triples(list(pages)), pages) if pages else ([], {})

    def _pages_of(self, names: Sequence[str], shown: dict[str, tuple[str, str, str]]) -> list[Triple]:
        """The triples of the passages that mention each named entity (its own page, the passage
        titled with its name, first; at most ``OPTION_PASSAGES`` each) that ``shown`` lacks, which
        it gains: a comparison reads each option's facts where the graph has them, not only in the
        passages retrieval ranked for the whole question."""
        proj = self._projections.get()
        new: list[str] = []
        for name in names:
            ids = [pid for pid in proj.passages_mentioning(entity_id(name))[:40] if pid not in shown]
            if not ids:
                continue
            records = self._store.get_passages(ids)
            records.sort(key=lambda r: not _is_page_of(r.title, name))
            for r in records[:OPTION_PASSAGES]:
                shown[r.id] = (r.title, r.text, r.locator)
                new.append(r.id)
        return self._paths.local_triples(new) if new else []

    def _same(self, retrieval: RetrievalResult, selection: SelectionResult | None,
              passages: dict[str, RetrievedPassage], prop: str, own_pages: bool = True) -> Answer | None:
        """"Are A and B ... the same <prop>?" from the two entities' best-matching facts (``forms.py``);
        None when the question does not name two entities of the passages' triples."""
        question = retrieval.question
        triples = self._paths.local_triples(list(passages))
        two = _two_named(question, triples, retrieval.seeds)
        if two is None:
            return None
        options, view, _ = two
        shown: dict[str, tuple[str, str, str]] = {pid: (p.title, p.text, p.locator) for pid, p in passages.items()}
        role = same_role(question)
        via: dict[str, PathHop] = {}  # option id → the fact naming whoever holds its role
        if role is not None:  # "Are the directors of A and B from the same country?": compare the directors
            def read(names: Sequence[str], shown: dict[str, tuple[str, str, str]]) -> list[Triple]:
                return self._pages_of(names, shown) if own_pages else []  # dense-RAG reads its passages only

            triples = triples + read([name for _, name in options], shown)
            led = [role_fact(role, name, triples) for _, name in options]
            if any(hop is None for hop in led):
                missing = [name for (_, name), hop in zip(options, led) if hop is None]
                return Answer(question=question, answer=NOT_FOUND, kind="abstain", citations=(), confidence=0.0,
                              retrieval=retrieval, selection=selection,
                              alternatives=(f"no {role} found for {', '.join(missing)}",))
            targets = [(entity_id(name), name, hop) for name, hop in (h for h in led if h is not None)]
            triples = triples + read([name for _, name, _ in targets], shown)
            options = [(eid, name) for eid, name, _ in targets]
            via = {eid: hop for eid, _, hop in targets}
            if prop == "country":  # people "from the same country": of the same nationality
                prop = "nationality"
        relation = " ".join(w for c in view.chunks for w in c.split() if w not in ("same", "both")) or prop
        rel_vec, prop_vec = self._embedder.embed([relation, prop])
        preds = sorted({t.predicate for t in triples})
        relation_sim = dict(zip(preds, (self._paths.predicate_vectors(preds) @ rel_vec).tolist())) if preds else {}
        ent_ids, ent_mat = self._store.vectors("entity")
        ends = sorted({t.object_id for t in triples} | {t.subject_id for t in triples})
        rows = self._paths.rows_of(ent_ids, ends)
        value_vecs = {e: ent_mat[r] for e, r in zip(ends, rows) if r >= 0}
        value_sim = {e: float(v @ prop_vec) for e, v in value_vecs.items()}
        demonyms = self._demonyms(triples) if prop in NATIONALITY_WORDS else {}
        if demonyms:  # "Italian film director" is a nationality as much as "Italian" is
            names = sorted(set(demonyms.values()))
            sims = dict(zip(names, (self._embedder.embed(names) @ prop_vec).tolist()))
            for e, d in demonyms.items():
                value_sim[e] = max(value_sim.get(e, 0.0), sims[d])
        facts = same_facts(options, triples, relation_sim, value_sim, question)
        found = [f for f in facts if f is not None and f.score >= SAME_MIN_SCORE]
        chains = [tuple(h for h in (via.get(f.option_id), f.hop) if h is not None) for f in found]
        cites = tuple(_cite_shown(shown, h) for chain in chains for h in chain if h.passage_id in shown)
        path = ReasoningPath(hops=tuple(h for chain in chains for h in chain),
                             text="; ".join(render_path(chain) for chain in chains)) if found else None
        if len(found) < 2:
            missing = [name for (_, name), f in zip(options, facts) if f is None or f.score < SAME_MIN_SCORE]
            return Answer(question=question, answer=NOT_FOUND, kind="abstain", citations=cites, confidence=0.0,
                          retrieval=retrieval, selection=selection, path=path,
                          alternatives=(f"no {prop} found for {', '.join(missing)}",))
        a, b = found
        va, vb = value_vecs.get(a.value_id), value_vecs.get(b.value_id)
        da, db = demonyms.get(a.value_id), demonyms.get(b.value_id)
        # "Italian film director" and "born in ... Italy": one nationality, read as the country's name
        ca, cb = (normalize_entity(COUNTRY_OF.get(d, "") if d else v) for d, v in ((da, a.value), (db, b.value)))
        same = (a.value_id == b.value_id or normalize_entity(a.value) == normalize_entity(b.value)
                or (da is not None and da == db) or (bool(ca) and ca == cb)
                or (va is not None and vb is not None and float(va @ vb) >= SAME_VALUE_COSINE and not (da and db)))
        values = (f"{a.option}: {a.value}; {b.option}: {b.value}",)
        if not same and min(a.value_kind, b.value_kind) < SAME_VALUE_KIND:
            # different values, but at least one fact may not be the compared property at all
            # (a birthplace read for a nationality): a guess, not an answer
            return Answer(question=question, answer=NOT_FOUND, kind="abstain", citations=cites, confidence=0.0,
                          retrieval=retrieval, selection=selection, path=path, best_guess="no", alternatives=values)
        return Answer(question=question, answer="yes" if same else "no", kind="graph-path", citations=cites,
                      confidence=COMPARISON_CONFIDENCE, retrieval=retrieval, selection=selection, path=path,
                      alternatives=values)

    def _both(self, retrieval: RetrievalResult, selection: SelectionResult | None,
              passages: dict[str, RetrievedPassage], own_pages: bool = True) -> Answer | None:
        """"Are A and B both American?": "yes" when a fact of each holds the asked words in its
        relation or value ("is American film director"); otherwise an abstention saying whose fact
        is missing (a missing fact is not a "no"). None when the question is not of this form."""
        question = retrieval.question
        if not re.search(r"\bboth\b", question, re.I):
            return None
        triples = self._paths.local_triples(list(passages))
        two = _two_named(question, triples, retrieval.seeds)
        if two is None:
            return None
        options, _, asked = two
        want = content_stems(asked)
        if not want or len(asked.split()) > 4:
            return None
        shown: dict[str, tuple[str, str, str]] = {pid: (p.title, p.text, p.locator) for pid, p in passages.items()}
        if own_pages:  # each option's own page, as a comparison reads it
            triples = [*triples, *self._pages_of([name for _, name in options], shown)]
        facts: list[PathHop | None] = []
        for oid, _name in options:
            hit = None
            for t in triples:
                if oid in (t.subject_id, t.object_id) and want <= content_stems(
                        f"{t.predicate} {t.object if t.subject_id == oid else t.subject}"):
                    hit = PathHop(subject=t.subject, predicate=t.predicate, object=t.object, forward=t.subject_id == oid,
                                  passage_id=t.passage_id, triple_id=t.id)
                    break
            facts.append(hit)
        found = [h for h in facts if h is not None]
        contrary = None if len(found) == 2 else _other_nationality(options, facts, triples, asked, self._demonyms(triples))
        shown_hops = [*found, contrary] if contrary is not None else found
        cites = tuple(_cite_shown(shown, h) for h in shown_hops if h.passage_id in shown)
        path = ReasoningPath(hops=tuple(shown_hops), text="; ".join(render_path([h]) for h in shown_hops)) if shown_hops else None
        if contrary is not None:  # "both Turkish" where B "is Croatian film director": a "no"
            return Answer(question=question, answer="no", kind="graph-path", citations=cites, confidence=COMPARISON_CONFIDENCE,
                          retrieval=retrieval, selection=selection, path=path)
        if len(found) < 2:
            missing = [name for (_, name), h in zip(options, facts) if h is None]
            return Answer(question=question, answer=NOT_FOUND, kind="abstain", citations=cites, confidence=0.0,
                          retrieval=retrieval, selection=selection, path=path,
                          alternatives=(f"no fact says {' or '.join(missing)}: {asked}",))
        return Answer(question=question, answer="yes", kind="graph-path", citations=cites, confidence=COMPARISON_CONFIDENCE,
                      retrieval=retrieval, selection=selection, path=path)

    @staticmethod
    def _demonyms(triples: Sequence[Triple]) -> dict[str, str]:
        """Entity id → the nationality its description opens with, for the values of "is" facts
        ("Italian film director" → Italian)."""
        return {t.object_id: d for t in triples
                if relation_key(t.predicate) == ("is",) and (d := demonym_answer(t.object)) is not None}

    def decide(self, retrieval: RetrievalResult, selection: SelectionResult | None, out: ReaderOutput,
               elapsed_s: float = 0.0, model: ReaderModel | None = None) -> Answer:
        model = model or self.model
        timings = dict(retrieval.timings_ms)
        timings["reader"] = elapsed_s * 1000
        retrieval = retrieval.model_copy(update={"timings_ms": timings})
        if not out.candidates:
            return Answer(question=retrieval.question, answer=NOT_FOUND, kind="abstain", citations=(), confidence=0.0,
                          retrieval=retrieval, selection=selection)
        x = np.vstack([c.vector() for c in out.candidates])
        ranker = model.ranker_for(retrieval.question)
        z = ranker.scores(x)
        for c, s in zip(out.candidates, z):
            c.score = float(s)
        ranked = sorted(out.candidates, key=lambda c: -c.score)
        best = ranked[0]
        conf = round(ranker.confidence(z), 4)
        alternatives = tuple(c.text for c in ranked[1:4])
        if conf < self._min_confidence:
            return Answer(question=retrieval.question, answer=NOT_FOUND, kind="abstain", citations=tuple(best.citations),
                          confidence=conf, retrieval=retrieval, selection=selection, path=best.path,
                          best_guess=best.text, alternatives=alternatives)
        return Answer(question=retrieval.question, answer=best.text,
                      kind="graph-path" if best.path is not None else "extractive", citations=tuple(best.citations),
                      confidence=conf, retrieval=retrieval, selection=selection, path=best.path,
                      alternatives=alternatives)


def _most_precise(cands: list[ReaderCandidate], places: Collection[int] = ()) -> list[ReaderCandidate]:
    """``cands`` without an answer a more precise one refines, when facts of the same event from
    the same node state both: the answer is as precise as the documents are.

    - A date another date refines ("Richard Quine —died in→ June 1989" and "—died on→ June 10,
      1989").
    - For a "where" question, a place (``places``: ids of the candidates the kind probe reads as
      places) the evidence writes right after another and a comma ("formed in Leyton, East
      London": "Iron Maiden —formed in→ East London" gives way to "—formed in→ Leyton"), the
      way addresses name a place and then what contains it.

    Answers read off different nodes, or by relations that share no word ("released in 1989",
    "premiered on June 10, 1989"), are different events."""
    same: dict[tuple[tuple[str, ...], str], list[tuple[int, set[str]]]] = {}
    for i, c in enumerate(cands):
        if c.path is not None:
            # the node the last fact leaves: the same path up to it (the last fact's own subject may
            # be a page's short name for its topic: "Quine" on Richard Quine's page)
            *before, last = c.path.hops
            here = "" if before else normalize_entity(last.subject if last.forward else last.object)
            same.setdefault((tuple(h.triple_id for h in before), here), []).append((i, content_stems(last.predicate)))
    vaguer: set[int] = set()
    for group in same.values():
        for i, words in group:
            for k, other in group:  # ... and of the same event: the relations share a word ("die in", "died on")
                if k != i and other & words and _refines(cands[k], cands[i], places):
                    vaguer.add(i)
                    break
    return [c for i, c in enumerate(cands) if i not in vaguer]


def _refines(a: ReaderCandidate, b: ReaderCandidate, places: Collection[int]) -> bool:
    """Whether answer ``a`` says all ``b`` says and more (:func:`_most_precise`)."""
    pa, pb = date_parts(a.text), date_parts(b.text)
    if pa is not None and pb is not None:
        return refines(pa, pb)
    if id(a) not in places or id(b) not in places or a.path is None:
        return False
    last = a.path.hops[-1].passage_id
    written = f"{a.text}, {b.text}"
    return any(cite.passage_id == last and written in cite.evidence for cite in a.citations)


def _two_named(question: str, triples: Sequence[Triple], seeds: Sequence[object]) -> tuple[list[tuple[str, str]], QuestionView, str] | None:
    """The first two entities of ``triples`` the question names, in its order, as (id, surface), with
    the question's view and what the question says after the second ("American" in "Are A and B
    both American?"); None when it names fewer than two."""
    surfaces = end_surfaces(triples)
    names = {eid: normalize_entity(text) for eid, text in surfaces.items()}
    view = question_view(question, names, seeds)
    q_norm = f" {normalize_entity(question)} "  # names are normalised: find them in the normalised question
    placed = sorted((q_norm.find(f" {names[e]} "), e) for e in view.named if names[e] and q_norm.find(f" {names[e]} ") >= 0)
    if len(placed) < 2:
        return None
    (_, a), (at, b) = placed[:2]
    rest = q_norm[at + len(names[b]) + 2:].split()
    return [(a, surfaces[a]), (b, surfaces[b])], view, " ".join(w for w in rest if w != "both")


def _other_nationality(options: Sequence[tuple[str, str]], facts: Sequence[PathHop | None], triples: Sequence[Triple],
                       asked: str, demonyms: dict[str, str]) -> PathHop | None:
    """For "Are A and B both <nationality>?": the "is" fact of an option without the asked fact
    whose description opens with another nationality ("is Croatian film director" against
    "Turkish"); None when the asked words are no one-word nationality or no such fact exists (a
    missing fact is not a "no"). ``demonyms``: :meth:`GraphReader._demonyms` of ``triples``."""
    asked_demonym = demonym_answer(asked.strip().capitalize())  # the question's words come lower-cased
    if asked_demonym is None or " " in asked.strip():
        return None
    for (oid, _name), hit in zip(options, facts):
        if hit is not None:
            continue
        for t in triples:
            if (t.subject_id == oid and t.object_id in demonyms and relation_key(t.predicate) == ("is",)
                    and demonyms[t.object_id].lower() != asked_demonym.lower()):
                return PathHop(subject=t.subject, predicate=t.predicate, object=t.object, forward=True,
                               passage_id=t.passage_id, triple_id=t.id)
    return None


def _cite_shown(shown: dict[str, tuple[str, str, str]], hop: PathHop) -> Citation:
    title, text, locator = shown[hop.passage_id]
    return Citation(passage_id=hop.passage_id, title=title, locator=locator,
                    evidence=_sentence_with(text, hop.object if hop.forward else hop.subject, hop.predicate))


def _is_page_of(title: str, name: str) -> bool:
    """Whether a passage titled ``title`` is ``name``'s own page ("Street Smart (film)" is Street Smart's)."""
    return normalize_entity(bare_title(title)) == normalize_entity(name)


def _name_ends(names: dict[str, str], triples: Sequence[Triple]) -> None:
    """Add each triple's ends to ``names`` (entity id → normalised name) where they are missing."""
    for t in triples:
        names.setdefault(t.subject_id, normalize_entity(t.subject))
        names.setdefault(t.object_id, normalize_entity(t.object))


# a relation's range (or domain) counts once this many of the facts read have one
RANGE_MIN_FACTS = 3
# facts sampled graph-wide per relation on a candidate's last hop, for its range
RANGE_SAMPLE = 200
# relations whose graph-wide sample a reader keeps (least recently used dropped first)
RANGE_CACHE = 1024
# kinds a relation's range may hold besides the asked one: "where" → a place or an organisation
RANGE_ALSO = {"place": ("organisation",)}


# one end of a fact: (relation, forward, the end's value kind, its entity id); forward: the object
RangeEnd = tuple[str, bool, str, str]


def range_ends(triples: Iterable[Triple]) -> list[RangeEnd]:
    """Both ends of each fact, with the value kind of its surface (:func:`value_kind`)."""
    out: list[RangeEnd] = []
    for t in triples:
        out.append((t.predicate, True, value_kind(t.object), t.object_id))
        out.append((t.predicate, False, value_kind(t.subject), t.subject_id))
    return out


def _range_kinds(facts: Iterable[RangeEnd], ent_ids: list[str], ent_mat: np.ndarray, paths: PathReader,
                 kind_prob: Callable[[np.ndarray], np.ndarray]) -> dict[tuple[str, bool, str], float]:
    """(relation, forward, value kind) → the median probability that the entities it leads to are
    of the asked kind, over ``facts`` (forward: their objects; backward: their subjects), for
    relations stated at least ``RANGE_MIN_FACTS`` times. The ends are grouped by their value kind
    (:func:`value_kind`: a name, a date, a number): "die in" leads to years as well as towns, and
    a town is judged by the towns "die in" leads to, not by their median with the years."""
    ends: dict[tuple[str, bool, str], list[str]] = {}
    for pred, forward, kind, eid in facts:
        ends.setdefault((pred, forward, kind), []).append(eid)
    ends = {k: v for k, v in ends.items() if len(set(v)) >= RANGE_MIN_FACTS}
    if not ends:
        return {}
    wanted = sorted({e for v in ends.values() for e in v})
    rows = paths.rows_of(ent_ids, wanted)
    have = rows >= 0
    if not have.any():
        return {}
    prob = dict(zip([e for e, h in zip(wanted, have) if h], kind_prob(ent_mat[rows[have]]).tolist()))
    out: dict[tuple[str, bool, str], float] = {}
    for k, v in ends.items():
        ps = [prob[e] for e in set(v) if e in prob]
        if len(ps) >= RANGE_MIN_FACTS:
            out[k] = float(np.median(ps))
    return out


def reader_fitted_on(questions: Path, model: ReaderModel | None = None) -> bool:
    """Whether the (shipped) reader model was fitted on this question file: its note names the
    files it was fitted on (``musique-100/questions.json``)."""
    note = (model or ReaderModel.load()).note
    return f"{questions.resolve().parent.name}/{questions.name}" in note


def save_model(model: ReaderModel, path: Path) -> None:
    path.write_text(json.dumps(model.model_dump(), indent=2) + "\n", encoding="utf-8")
