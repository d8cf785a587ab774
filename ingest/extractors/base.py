"""The ``Extractor`` port: passages in, entities and (subject, predicate, object) triples out."""

from __future__ import annotations

from typing import Protocol, Sequence, runtime_checkable

from hippograph.core.ids import entity_id, normalize_entity, triple_id
from hippograph.core.models import Entity, Extraction, Passage, Triple


@runtime_checkable
class Extractor(Protocol):
    """Open information extraction over a batch of passages (one Extraction per passage, same order)."""

    @property
    def name(self) -> str: ...

    @property
    def whole_documents(self) -> bool:
        """True if passages must be whole documents (precomputed extractions are keyed by them)."""
        ...

    @property
    def revision(self) -> str:
        """Changes whenever the same passages would give other triples (a new rule, a new prompt):
        part of the extraction fingerprint, so stored documents built the old way are re-extracted."""
        ...

    def extract(self, passages: Sequence[Passage]) -> list[Extraction]: ...


class ExtractionBuilder:
    """Collects entities and triples for one passage, merging surface forms per normalised entity."""

    def __init__(self, passage_id: str) -> None:
        self.passage_id = passage_id
        self._entities: dict[str, tuple[str, set[str], str | None]] = {}
        self._triples: dict[str, Triple] = {}

    def entity(self, surface: str, label: str | None = None) -> str | None:
        """Add an entity; returns its id, or None when nothing is left after normalisation."""
        surface = " ".join(surface.split())
        name = normalize_entity(surface)
        if not name:
            return None
        eid = entity_id(surface)
        if eid in self._entities:
            _, forms, old_label = self._entities[eid]
            forms.add(surface)
            if old_label is None and label is not None:
                self._entities[eid] = (name, forms, label)
        else:
            self._entities[eid] = (name, {surface}, label)
        return eid

    def triple(self, subject: str, predicate: str, obj: str, subject_label: str | None = None,
               object_label: str | None = None) -> None:
        predicate = " ".join(predicate.split()).strip()
        sid = self.entity(subject, subject_label)
        oid = self.entity(obj, object_label)
        if sid is None or oid is None or not predicate or sid == oid:
            return
        tid = triple_id(subject, predicate, obj)
        if tid not in self._triples:
            self._triples[tid] = Triple(
                id=tid,
                subject=" ".join(subject.split()),
                predicate=predicate,
                object=" ".join(obj.split()),
                subject_id=sid,
                object_id=oid,
                passage_id=self.passage_id,
            )

    def close_containment(self, contains: str = "is in", depth: int = 3) -> None:
        """A fact that places its subject in a place says so of the places containing it:
        (Ceelmakoile, is town in, central Hiran region) and (central Hiran region, is in, Somalia)
        give (Ceelmakoile, is town in, Somalia), and "a mountain on West Falkland, Falkland Islands"
        is on the Falkland Islands. Only relations that end in "in" or "on" are carried up,
        only along the passage's own ``contains`` facts, at most ``depth`` places up."""
        up: dict[str, list[Triple]] = {}
        for t in self._triples.values():
            if t.predicate == contains:
                up.setdefault(t.subject_id, []).append(t)
        if not up:
            return
        frontier = [t for t in self._triples.values() if t.predicate.rsplit(" ", 1)[-1] in ("in", "on")]
        for _ in range(depth):
            added: list[Triple] = []
            for t in frontier:
                for step in up.get(t.object_id, ()):
                    if step.object_id == t.subject_id:
                        continue
                    tid = triple_id(t.subject, t.predicate, step.object)
                    if tid not in self._triples:
                        self._triples[tid] = t.model_copy(update={"id": tid, "object": step.object,
                                                                  "object_id": step.object_id})
                        added.append(self._triples[tid])
            frontier = added

    def drop_subsumed(self) -> None:
        """Drop a bare preposition's triple ("X in Y") when the same two nodes have a relation that
        ends in that preposition ("X born in Y"): the longer one says what the bare one only hints."""
        said = {(t.subject_id, t.object_id, t.predicate.rsplit(" ", 1)[-1])
                for t in self._triples.values() if " " in t.predicate}
        self._triples = {tid: t for tid, t in self._triples.items()
                         if " " in t.predicate or (t.subject_id, t.object_id, t.predicate) not in said}

    def build(self) -> Extraction:
        entities = tuple(
            Entity(id=eid, name=name, surface_forms=tuple(sorted(forms)), label=label)
            for eid, (name, forms, label) in self._entities.items()
        )
        return Extraction(passage_id=self.passage_id, entities=entities, triples=tuple(self._triples.values()))
