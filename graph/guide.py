"""The Neo4j Browser guide shipped with hippograph: saved queries and a GRASS style file."""

from __future__ import annotations

import re
from importlib import resources

BROWSER_DIR = resources.files("hippograph.graph.browser")
GUIDE = BROWSER_DIR / "guide.cypher"
STYLE = BROWSER_DIR / "hippograph.grass"


def guide_queries() -> dict[int, str]:
    """The guide's numbered queries (comment lines removed), keyed by their number."""
    out: dict[int, str] = {}
    for block in re.split(r"\n(?=// \d+\. )", GUIDE.read_text(encoding="utf-8")):
        m = re.match(r"// (\d+)\. ", block)
        if not m:
            continue
        body = "\n".join(line for line in block.splitlines() if not line.lstrip().startswith("//")).strip()
        out[int(m.group(1))] = body
    return out
