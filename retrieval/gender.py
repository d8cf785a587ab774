"""Which candidates a kinship question's gendered word rules out: "Who is the father of ..." is not
answered by someone the documents call "she".

2Wiki-style questions ask a parent, a spouse or a child by a gendered word, and a passage often
states both parents in one breath ("the son of writer Gisela Elsner and the writer Klaus Roehler"):
the path search reaches both by the same relation, and nothing in the relation tells them apart.
What does is evidence of each one's gender, strongest first:

1. the pronouns of the person's own page (the passage titled with the name): a biography speaks of
   its subject as "he" or "she" far more often than of anyone else;
2. a gendered noun in a description the facts read give it ("is an American actress") or a
   gendered title in the name itself ("Queen Noor", "Sir Alec Guinness"). Kinship nouns are left
   out: they relate two people, and an extractor easily hangs one on the wrong one ("She is a
   granddaughter of Francis Ford Coppola, the daughter of ..." gave Coppola "is daughter");
3. the gendered kinship word of the fact that reaches the candidate, when the fact's own words say
   which end holds the role: "X —father was→ Y" makes Y a father, "Y —is the mother of→ X" makes
   Y a mother ("X —son of→ Y" says nothing of Y);
4. only to tell apart two candidates the same relation reaches from the same node, and only when
   they differ clearly: where their names lie on the encoder's woman–man axis. Common given names
   sit well apart on it; others sit near the middle and decide nothing.

The word lists are English usage (pronouns, gendered nouns and titles), not question wordings.
"""

from __future__ import annotations

import re
from typing import Literal

from hippograph.core.ids import normalize_entity

Gender = Literal["f", "m"]

_KIN_GENDER: dict[str, Gender] = {
    **{w: "m" for w in ("father", "husband", "son", "brother", "grandfather", "grandson", "uncle", "nephew",
                        "stepfather", "stepson", "stepbrother", "widower")},
    **{w: "f" for w in ("mother", "wife", "daughter", "sister", "grandmother", "granddaughter", "aunt", "niece",
                        "stepmother", "stepdaughter", "stepsister", "widow")},
}
# "Who is the father of ...", "Who was the paternal grandfather of ...", "Which actor is the son of ...",
# "Name the mother of ...": the gendered word names the answer's own role (in "Whose father was X?" it
# names someone else's)
_ASKED = re.compile(r"^\s*(?:(?:who|whom|which\s+\w+|what\s+\w+)\s+(?:is|was|are|were)|name|give|identify|find|tell\s+me)"
                    r"\s+(?:the\s+)?"
                    r"(?:(?:paternal|maternal|elder|eldest|older|younger|youngest|first|second|late|former)\s+)?"
                    r"(?P<kin>[a-z]+)\s+of\b", re.I)
_PRONOUNS: dict[str, Gender] = {"he": "m", "him": "m", "his": "m", "himself": "m",
                                "she": "f", "her": "f", "hers": "f", "herself": "f"}
_WORD = re.compile(r"[a-z]+")
_NOUNS: dict[str, Gender] = {
    **{w: "f" for w in ("actress", "actresses", "queen", "princess", "duchess", "countess", "empress", "baroness",
                        "businesswoman", "sportswoman", "chairwoman", "congresswoman", "spokeswoman", "heiress",
                        "songstress", "aviatrix", "nun", "lady", "dame", "mrs", "girl", "woman", "socialite",
                        "ballerina", "comedienne", "matriarch")},
    **{w: "m" for w in ("king", "prince", "duke", "emperor", "baron", "businessman", "sportsman", "chairman",
                        "congressman", "spokesman", "monk", "lord", "sir", "mr", "boy", "man", "patriarch")},
}
_TITLES = {"queen", "princess", "duchess", "countess", "empress", "baroness", "lady", "dame", "mrs", "king",
           "prince", "duke", "emperor", "baron", "lord", "sir", "mr"}
PAGE_PRONOUNS = 1  # a page with no pronoun decides nothing (2Wiki pages are about 420 characters)
PAGE_RATIO = 3.0  # nor does a page whose pronouns are not three to one
# the encoder's woman–man axis: two candidates the same relation reaches are told apart only when
# their names lie at least this far apart on it (well-known given names: 0.3 to 0.8; names the
# encoder does not know as given names: under 0.1)
LEAN_MARGIN = 0.15
AXIS_WORDS = (("a woman", "a man"), ("she", "he"))


def asked_gender(question: str) -> Gender | None:
    """The gender of the role a question asks for by a gendered kinship word, else None."""
    m = _ASKED.match(question)
    return _KIN_GENDER.get(m.group("kin").lower()) if m else None


def page_gender(text: str) -> Gender | None:
    """The gender a person's own page speaks of its subject in, when its pronouns say so clearly."""
    counts: dict[Gender, int] = {"f": 0, "m": 0}
    for w in _WORD.findall(text.lower()):
        if (said := _PRONOUNS.get(w)) is not None:
            counts[said] += 1
    pairs: tuple[tuple[Gender, Gender], ...] = (("f", "m"), ("m", "f"))
    for g, other in pairs:
        if counts[g] >= PAGE_PRONOUNS and counts[g] >= PAGE_RATIO * counts[other]:
            return g
    return None


def described_gender(name: str, descriptions: list[str]) -> Gender | None:
    """The gender a title in the name ("Queen Noor") or a gendered noun in a description ("American
    actress") gives, when all of them agree."""
    found: set[Gender] = set()
    words = normalize_entity(name).split()
    if words and words[0] in _TITLES:
        found.add(_NOUNS[words[0]])
    for d in descriptions:
        found.update(_NOUNS[w] for w in normalize_entity(d).split() if w in _NOUNS)
    return found.pop() if len(found) == 1 else None


_AUX = frozenset({"is", "was", "are", "were"})


def relation_gender(predicate: str, candidate_is_object: bool) -> Gender | None:
    """The gender a fact's kinship word gives the end it reaches: its object when the word comes last
    ("father was", "has wife"), its subject when "of" follows the word ("is the mother of")."""
    words = normalize_entity(predicate).split()
    kin = [i for i, w in enumerate(words) if w in _KIN_GENDER]
    if len(kin) != 1:
        return None
    rest = words[kin[0] + 1:]
    if candidate_is_object and all(w in _AUX for w in rest):
        return _KIN_GENDER[words[kin[0]]]
    if not candidate_is_object and rest == ["of"]:
        return _KIN_GENDER[words[kin[0]]]
    return None
