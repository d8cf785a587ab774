"""The country a description's nationality adjective names: "1956 West German drama film" → West Germany.

A question that asks for a country ("Which country is the film Holiday in Tyrol from?") is often
answered by the adjective that opens the description of the entity the path reaches, not by a
place node: passages say "is a 1956 West German drama film" or "was an Indian actor". The table is
English usage for sovereign states, former states and the usual sub-national nations; it maps
adjectives, not question wordings.
"""

from __future__ import annotations

import re

from hippograph.retrieval.paths import asked_phrase

COUNTRY_OF: dict[str, str] = {
    "Afghan": "Afghanistan", "Albanian": "Albania", "Algerian": "Algeria", "American": "United States",
    "Argentine": "Argentina", "Argentinian": "Argentina", "Armenian": "Armenia", "Australian": "Australia",
    "Austrian": "Austria", "Azerbaijani": "Azerbaijan", "Bangladeshi": "Bangladesh", "Belarusian": "Belarus",
    "Belgian": "Belgium", "Bolivian": "Bolivia", "Bosnian": "Bosnia and Herzegovina", "Brazilian": "Brazil",
    "British": "United Kingdom", "Bulgarian": "Bulgaria", "Cambodian": "Cambodia", "Cameroonian": "Cameroon",
    "Canadian": "Canada", "Chilean": "Chile", "Chinese": "China", "Colombian": "Colombia",
    "Croatian": "Croatia", "Cuban": "Cuba", "Cypriot": "Cyprus", "Czech": "Czech Republic",
    "Czechoslovak": "Czechoslovakia", "Danish": "Denmark", "Dutch": "Netherlands", "East German": "East Germany",
    "Ecuadorian": "Ecuador", "Egyptian": "Egypt", "English": "England", "Estonian": "Estonia",
    "Ethiopian": "Ethiopia", "Filipino": "Philippines", "Finnish": "Finland", "French": "France",
    "German": "Germany", "Ghanaian": "Ghana", "Greek": "Greece", "Guatemalan": "Guatemala", "Hong Kong": "Hong Kong", "Hungarian": "Hungary", "Icelandic": "Iceland",
    "Indian": "India", "Indonesian": "Indonesia", "Iranian": "Iran", "Iraqi": "Iraq", "Irish": "Ireland",
    "Israeli": "Israel", "Italian": "Italy", "Jamaican": "Jamaica", "Japanese": "Japan",
    "Jordanian": "Jordan", "Kazakh": "Kazakhstan", "Kenyan": "Kenya", "Korean": "Korea", "Kuwaiti": "Kuwait",
    "Latvian": "Latvia", "Lebanese": "Lebanon", "Libyan": "Libya", "Lithuanian": "Lithuania",
    "Luxembourgish": "Luxembourg", "Macedonian": "North Macedonia", "Malaysian": "Malaysia", "Maltese": "Malta",
    "Mexican": "Mexico", "Moldovan": "Moldova", "Mongolian": "Mongolia", "Montenegrin": "Montenegro",
    "Moroccan": "Morocco", "Nepalese": "Nepal", "Nepali": "Nepal", "New Zealand": "New Zealand",
    "Nigerian": "Nigeria", "North Korean": "North Korea", "Norwegian": "Norway", "Pakistani": "Pakistan",
    "Palestinian": "Palestine", "Peruvian": "Peru", "Polish": "Poland", "Portuguese": "Portugal",
    "Puerto Rican": "Puerto Rico", "Romanian": "Romania", "Russian": "Russia", "Saudi": "Saudi Arabia",
    "Scottish": "Scotland", "Senegalese": "Senegal", "Serbian": "Serbia", "Singaporean": "Singapore",
    "Slovak": "Slovakia", "Slovenian": "Slovenia", "South African": "South Africa", "South Korean": "South Korea",
    "Soviet": "Soviet Union", "Spanish": "Spain", "Sri Lankan": "Sri Lanka", "Sudanese": "Sudan",
    "Swedish": "Sweden", "Swiss": "Switzerland", "Syrian": "Syria", "Taiwanese": "Taiwan", "Thai": "Thailand",
    "Tunisian": "Tunisia", "Turkish": "Turkey", "Ugandan": "Uganda", "Ukrainian": "Ukraine",
    "Uruguayan": "Uruguay", "Uzbek": "Uzbekistan", "Venezuelan": "Venezuela", "Vietnamese": "Vietnam",
    "Welsh": "Wales", "West German": "West Germany", "Yugoslav": "Yugoslavia", "Zimbabwean": "Zimbabwe",
}

# longest first, so "West German" is read before "German" and "South Korean" before "Korean"
_OPENING = re.compile(  # the adjective after an article or a year, then a description's words
    r"^(?:an?\s+|the\s+)?(?:\d{4}s?\s+)?(?P<adj>"
    + "|".join(re.escape(k) for k in sorted(COUNTRY_OF, key=len, reverse=True))
    # an "English-language film" is of no country; the words after the adjective are a description's
    # (lower case), not a name's ("Korean War", "French Revolution", "American Civil War")
    + r")(?![\s-]*language)(?:[\s-]+[a-z0-9][\w-]*)*$"
)


def asks_country(question: str) -> bool:
    """Whether the question asks for a country ("Which country is ... from?", "What country ...")."""
    return asked_phrase(question)[-1:] == ("country",)


def country_of_description(text: str) -> str | None:
    """The country whose adjective opens ``text`` ("1956 West German drama film" → West Germany,
    "Indian actor" → India, "Polish" → Poland); None when no nationality adjective opens it. A
    hyphenated compound counts only by its last part ("Australian-born American" is American)."""
    text = text.strip()
    born = re.match(r"^(?:an?\s+)?[A-Z][\w ]*?-born\s+", text)  # "Australian-born American film director"
    if born:
        text = text[born.end():]
    m = _OPENING.match(text)
    return COUNTRY_OF[m.group("adj")] if m else None


# demonyms that also name a whole people without a plural ending: "the English", "the Dutch", "the
# Japanese", "the Swiss"; the others name one of a people only with a plural ("Americans")
_COLLECTIVE = re.compile(r"(?:sh|ch|ese|ss)$")


def is_nationality_adjective(text: str) -> bool:
    """Whether ``text`` is only a nationality adjective that cannot name people by itself: "North
    Korean", "American", "Israeli" (an adjective, or one person of a people with an article), not
    "the English" or "Americans" (a people) and not "New Zealand" (the country's own name)."""
    word = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
    return word in COUNTRY_OF and COUNTRY_OF[word] != word and not _COLLECTIVE.search(word)


_REGION_HEADS = frozenset({("country",), ("state",), ("nation",)})  # an asked phrase's last word


def asks_region(question: str) -> bool:
    """Whether the question asks for a country or a state ("Which state is ... located?")."""
    return asked_phrase(question)[-1:] in _REGION_HEADS


def enclosing_region(text: str) -> str | None:
    """The last part of a place named with the places that hold it ("Ford County, Kansas" → Kansas,
    "Dala-Järna, Sweden" → Sweden); None unless every comma-separated part is a name."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 2 or not all(p[:1].isupper() for p in parts):
        return None
    last = parts[-1].split()
    return parts[-1] if all(w[:1].isupper() or w in ("of", "and", "the") for w in last) else None
