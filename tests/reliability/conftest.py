"""Helpers of the reliability suite: graph snapshots and a Neo4j server of its own that the
fault tests may stop, kill and restart without disturbing the rest of the suite."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
from pydantic import SecretStr

from hippograph.core.settings import Neo4jSettings
from hippograph.graph.store import GraphStore
from tests.conftest import ROOT


def snapshot(store: GraphStore) -> dict[str, Any]:
    """Everything that makes two graphs equal: counts, node ids, every edge."""
    rows = store.projection_rows()
    stats = store.stats().model_dump()
    return {
        "stats": stats,
        "entities": sorted(zip(rows.entity_ids, rows.entity_names)),
        "passages": sorted(rows.passage_ids),
        "relations": sorted(rows.relation_edges),
        "mentions": sorted(rows.mention_edges),
        "synonyms": sorted((a, b, round(w, 4)) for a, b, w in rows.synonym_edges),
    }


def orphans(snap: dict[str, Any]) -> list[str]:
    """Entities no passage mentions (a half-written or half-deleted document leaves these)."""
    mentioned = {e for _, e in snap["mentions"]}
    return [e for e, _ in snap["entities"] if e not in mentioned]


@dataclass
class OwnNeo4j:
    """A throw-away Neo4j server (own data directory, ports and password) run by infra/neo4j/neo4j.sh."""

    home: Path
    bolt_port: int
    http_port: int
    password: str

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def settings(self, **kw: Any) -> Neo4jSettings:
        return Neo4jSettings(uri=self.uri, password=SecretStr(self.password), **kw)

    def env(self) -> dict[str, str]:
        return {
            "HIPPOGRAPH_NEO4J_HOME": str(self.home),
            "HIPPOGRAPH_NEO4J_BOLT_PORT": str(self.bolt_port),
            "HIPPOGRAPH_NEO4J_HTTP_PORT": str(self.http_port),
            "HIPPOGRAPH_NEO4J__PASSWORD": self.password,
        }

    def _script(self, verb: str) -> None:
        subprocess.run([str(ROOT / "infra" / "neo4j" / "neo4j.sh"), verb], check=True, env={**os.environ, **self.env()},
                       capture_output=True, timeout=240)

    def start(self) -> None:
        self._script("start")

    def stop(self) -> None:
        self._script("stop")

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM killer would."""
        pid = int((self.home / "neo4j.pid").read_text())
        os.kill(pid, 9)
        (self.home / "neo4j.pid").unlink()


@pytest.fixture(scope="session")
def own_neo4j(neo4j_available: Neo4jSettings) -> Iterator[OwnNeo4j]:
    """Needs the same jars as the suite's server (so it only runs where that one runs)."""
    home = Path(tempfile.mkdtemp(prefix="hippograph-faults-neo4j-"))
    server = OwnNeo4j(home, int(os.environ.get("HIPPOGRAPH_FAULT_BOLT_PORT", "17688")),
                      int(os.environ.get("HIPPOGRAPH_FAULT_HTTP_PORT", "17475")), "faults-" + secrets.token_hex(8))
    server.start()
    yield server
    try:
        server.stop()
    finally:
        shutil.rmtree(home, ignore_errors=True)


def small_corpus(root: Path, n: int) -> tuple[Path, Path]:
    """n short documents and their OpenIE (hipporag-json extractor: fast and deterministic)."""
    import json

    docs = [{"title": f"Town {i}", "text": f"Town {i} lies on River {i % 7}. Mayor {i} was born in Town {i}. "
             f"Town {i} is twinned with Town {(i + 1) % n}."} for i in range(n)]
    openie = {"docs": [{"title": d["title"], "text": d["text"], "extracted_entities": [],
                        "extracted_triples": [[f"Town {i}", "lies on", f"River {i % 7}"],
                                              [f"Mayor {i}", "born in", f"Town {i}"],
                                              [f"Town {i}", "twinned with", f"Town {(i + 1) % n}"]]}
                       for i, d in enumerate(docs)]}
    corpus, oie = root / "corpus.json", root / "openie.json"
    corpus.write_text(json.dumps(docs))
    oie.write_text(json.dumps(openie))
    return corpus, oie


def clear_graph(server: OwnNeo4j) -> None:
    from hippograph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(server.settings())
    store.open()
    store.clear()
    store.close()


def graph_of(server: OwnNeo4j) -> dict[str, Any]:
    from hippograph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(server.settings())
    store.open()
    try:
        return snapshot(store)
    finally:
        store.close()


@pytest.fixture
def neo4j_env(own_neo4j: OwnNeo4j, monkeypatch: pytest.MonkeyPatch) -> Iterator[OwnNeo4j]:
    """The process environment pointing hippograph at the fault server, with short retries."""
    from hippograph.flows.registry import close_all

    for key, value in {
        "HIPPOGRAPH_STORE__BACKEND": "neo4j",
        "HIPPOGRAPH_NEO4J__URI": own_neo4j.uri,
        "HIPPOGRAPH_NEO4J__PASSWORD": own_neo4j.password,
        "HIPPOGRAPH_NEO4J__CONNECT_RETRIES": "1",
        "HIPPOGRAPH_NEO4J__CONNECT_BACKOFF_S": "0.2",
        "HIPPOGRAPH_NEO4J__TRANSACTION_RETRY_S": "0.5",
    }.items():
        monkeypatch.setenv(key, value)
    close_all()
    clear_graph(own_neo4j)
    yield own_neo4j
    close_all()
