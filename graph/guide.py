"""The Neo4j Browser guide shipped with hippograph: saved queries and a GRASS style file.

The style applies itself on connect: ``infra/neo4j/neo4j.sh`` writes
``browser.post_connect_cmd=style {...}`` (the GRASS file as JSON, which the Browser's ``:style``
command accepts inline) into the server's neo4j.conf. For a server of your own, print that line
with ``python graph/guide.py post-connect`` (stdlib only, runs without hippograph installed)
and add it to its neo4j.conf, or paste the .grass file into the Browser's ``:style``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any


def _browser_dir() -> Any:
    from importlib import resources

    return resources.files("hippograph.graph.browser")


def guide_text() -> str:
    return str(_browser_dir().joinpath("guide.cypher").read_text(encoding="utf-8"))


def style_text() -> str:
    return str(_browser_dir().joinpath("hippograph.grass").read_text(encoding="utf-8"))


def guide_queries() -> dict[int, str]:
    """The guide's numbered queries (comment lines removed), keyed by their number."""
    out: dict[int, str] = {}
    for block in re.split(r"\n(?=// \d+\. )", guide_text()):
        m = re.match(r"// (\d+)\. ", block)
        if not m:
            continue
        body = "\n".join(line for line in block.splitlines() if not line.lstrip().startswith("//")).strip()
        out[int(m.group(1))] = body
    return out


def grass_to_dict(grass: str) -> dict[str, dict[str, str]]:
    """Parse a GRASS style sheet (``selector { key: value; ... }``; quoted values may hold braces)."""
    rules: dict[str, dict[str, str]] = {}
    selector, body, quote, depth = "", "", "", 0
    for ch in grass:
        if quote:
            body += ch
            quote = "" if ch == quote else quote
        elif ch in "\"'" and depth:
            quote = ch
            body += ch
        elif ch == "{":
            depth, body = 1, ""
        elif ch == "}" and depth:
            props: dict[str, str] = {}
            for decl in _split_declarations(body):
                key, _, value = decl.partition(":")
                if key.strip() and value.strip():
                    props[key.strip()] = value.strip().strip("\"'")
            rules[selector.strip()] = props
            selector, body, depth = "", "", 0
        elif depth:
            body += ch
        else:
            selector += ch
    return rules


def _split_declarations(body: str) -> list[str]:
    out, cur, quote = [], "", ""
    for ch in body:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == ";":
            out.append(cur)
            cur = ""
            continue
        cur += ch
    return out + [cur]


def post_connect_line(grass: str) -> str:
    """The neo4j.conf line that applies ``grass`` whenever Neo4j Browser connects."""
    return "browser.post_connect_cmd=style " + json.dumps(grass_to_dict(grass), separators=(",", ":"))


if __name__ == "__main__":  # python graph/guide.py post-connect [GRASS_FILE]
    if len(sys.argv) < 2 or sys.argv[1] != "post-connect":
        sys.exit("usage: python graph/guide.py post-connect [hippograph.grass]")
    default = Path(__file__).resolve().parent / "browser" / "hippograph.grass"
    sys.stdout.write(post_connect_line(Path(sys.argv[2] if len(sys.argv) > 2 else default).read_text(encoding="utf-8")) + "\n")
