"""Stable identifiers derived from content (sha256), never from Python's per-process salted hashing."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

_WS = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^0-9a-z ]+")

# Letters that Unicode does not decompose into a base letter and an accent, each folded to one
# ASCII letter (one, so a folded text keeps its length: see ``fold_letters``). Without this,
# NFKD + ASCII drops them: "Michał Waszyński" became "micha waszynski", and a question that
# spells the name could not be matched to it.
_LETTERS = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ı": "i",
    "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŀ": "l", "Ŀ": "L", "æ": "a", "Æ": "A", "œ": "o", "Œ": "O",
    "ß": "s", "þ": "t", "Þ": "T",
})

# Bumped whenever ``normalize_entity`` changes: entity and triple ids change with it, so the
# extraction fingerprint includes it and stores rebuild their documents on the next ingest.
ID_SCHEME = "2"


def fold_letters(text: str) -> str:
    """``text`` with the letters Unicode does not decompose (ł, ø, đ, æ, ß, …) as one ASCII letter each."""
    return text.translate(_LETTERS)


def normalize_text(text: str) -> str:
    """Normalise passage text for hashing: NFC unicode, collapsed whitespace, stripped."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


@functools.lru_cache(maxsize=1 << 14)  # a pure function the reader calls ~2,000 times per question
def normalize_entity(name: str) -> str:
    """Normalise an entity name: lowercase ASCII-folded, punctuation removed, single spaces.

    Follows HippoRAG's ``[a-z0-9 ]`` entity normalisation, with accents folded
    (``Göttingen`` → ``gottingen``, ``Michał`` → ``michal``) so surface variants meet in one node.
    """
    folded = unicodedata.normalize("NFKD", fold_letters(name)).encode("ascii", "ignore").decode("ascii")
    cleaned = _NON_ALNUM.sub(" ", folded.lower())
    return _WS.sub(" ", cleaned).strip()


_DISAMBIGUATOR = re.compile(r"\s*\([^)]*\)\s*$")


def bare_title(title: str) -> str:
    """A page title without its disambiguator: "Street Smart (film)" → "Street Smart"."""
    return _DISAMBIGUATOR.sub("", title).strip() or title.strip()


def sha256_id(*parts: str, prefix: str = "") -> str:
    """A hex sha256 of the parts joined by a unit separator, with an optional type prefix."""
    h = hashlib.sha256()
    for i, part in enumerate(parts):
        if i:
            h.update(b"\x1f")
        h.update(part.encode("utf-8", "surrogatepass"))
    return f"{prefix}{h.hexdigest()}"


def document_id(key: str) -> str:
    """Id of a document from its source key (path, JSON title or id): stable across edits."""
    return sha256_id(key, prefix="doc-")


def content_hash(text: str) -> str:
    return sha256_id(normalize_text(text))


def passage_id(text: str) -> str:
    return sha256_id(normalize_text(text), prefix="psg-")


def entity_id(name: str) -> str:
    return sha256_id(normalize_entity(name), prefix="ent-")


def triple_id(subject: str, predicate: str, obj: str) -> str:
    return sha256_id(
        normalize_entity(subject), normalize_text(predicate).lower(), normalize_entity(obj), prefix="tri-"
    )


def episode_id(doc_id: str, doc_content_hash: str) -> str:
    return sha256_id(doc_id, doc_content_hash, prefix="epi-")
