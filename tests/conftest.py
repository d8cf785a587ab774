"""Shared fixtures: the real embedding model (loaded once), stores, a scripted extractor.

Neo4j tests need the server started by ``infra/neo4j/neo4j.sh`` (``make test`` does it).
Set ``HIPPOGRAPH_REQUIRE_NEO4J=1`` (CI does) to make an unreachable server a failure
instead of a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator, Sequence

import pytest
from pydantic import SecretStr

from core.embedding import SentenceTransformerEmbedder
from core.errors import StoreError
from core.models import Document, Extraction, Passage
from core.settings import IngestSettings, Neo4jSettings, Settings, load_settings
from graph.embedded import EmbeddedStore
from graph.store import GraphStore
from ingest.extractors.base import ExtractionBuilder
from ingest.loaders import make_document
from ingest.pipeline import Ingestor

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
DEMO = ROOT / "data" / "demo"


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


def neo4j_settings() -> Neo4jSettings:
    password = os.environ.get("HIPPOGRAPH_NEO4J__PASSWORD")
    return Neo4jSettings(
        uri=os.environ.get("HIPPOGRAPH_NEO4J__URI", "bolt://127.0.0.1:7687"),
        password=SecretStr(password) if password else None,
        batch_size=int(os.environ.get("HIPPOGRAPH_NEO4J__BATCH_SIZE", "500")),
        connect_retries=0,
    )


@pytest.fixture(scope="session")
def neo4j_available() -> Neo4jSettings:
    from graph.neo4j_store import Neo4jStore

    settings = neo4j_settings()
    store = Neo4jStore(settings)
    try:
        store.open()
    except StoreError as exc:
        if os.environ.get("HIPPOGRAPH_REQUIRE_NEO4J") == "1":
            pytest.fail(f"Neo4j is required but not usable: {exc}")
        pytest.skip(f"Neo4j not available: {exc}")
    finally:
        store.close()
    return settings


def open_store(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> GraphStore:
    if kind == "embedded":
        store: GraphStore = EmbeddedStore(tmp_path / "store")
        store.open()
        return store
    from graph.neo4j_store import Neo4jStore

    settings = request.getfixturevalue("neo4j_available")
    neo = Neo4jStore(settings)
    neo.open()
    neo.clear()
    return neo


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    s = open_store(request.param, tmp_path, request)
    yield s
    s.close()


class ScriptedExtractor:
    """Returns the triples given per passage text substring: {"needle": [(s, p, o), ...]}."""

    def __init__(self, script: dict[str, list[tuple[str, str, str]]], whole: bool = False) -> None:
        self.script = script
        self.whole = whole

    @property
    def name(self) -> str:
        return "scripted"

    @property
    def whole_documents(self) -> bool:
        return self.whole

    def extract(self, passages: Sequence[Passage]) -> list[Extraction]:
        out = []
        for p in passages:
            b = ExtractionBuilder(p.id)
            if p.title:
                b.entity(p.title, "TITLE")
            for needle, triples in self.script.items():
                if needle in p.text:
                    for s, r, o in triples:
                        b.triple(s, r, o)
            out.append(b.build())
        return out


def doc(key: str, text: str, title: str | None = None) -> Document:
    return make_document(key, title if title is not None else key, text, f"test:{key}")


def ingestor(store: GraphStore, embedder: SentenceTransformerEmbedder, script: dict[str, list[tuple[str, str, str]]],
             settings: IngestSettings | None = None) -> Ingestor:
    return Ingestor(settings or IngestSettings(), store, embedder, ScriptedExtractor(script))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(store={"path": tmp_path / "store"})


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory: pytest.TempPathFactory, embedder: SentenceTransformerEmbedder):  # type: ignore[no-untyped-def]
    """The demo corpus ingested once (spaCy extractor, embedded store) for end-to-end tests."""
    from ingest.loaders import iter_documents
    from runtime.app import Hippograph

    path = tmp_path_factory.mktemp("demo") / "store"
    app = Hippograph(load_settings(store={"path": path}), embedder=embedder).open()
    report = app.ingestor().ingest(iter_documents(DEMO / "corpus.json"))
    assert report.failures == [] and report.created == 295
    yield app
    app.close()


@pytest.fixture(scope="session")
def prefect_api() -> str:
    """The real Prefect server started by infra/test.sh (PREFECT_API_URL)."""
    url = os.environ.get("PREFECT_API_URL", "")
    try:
        if not url:
            raise OSError("PREFECT_API_URL is not set")
        urllib.request.urlopen(url.rstrip("/") + "/health", timeout=5).read()
    except OSError as exc:
        if os.environ.get("HIPPOGRAPH_REQUIRE_PREFECT") == "1":
            pytest.fail(f"a Prefect server is required but not reachable: {exc}")
        pytest.skip(f"no Prefect server: {exc}")
    return url


DEPLOYMENTS = ("hippograph-qa/qa", "ingest-corpus/ingest")


def start_serving(args: list[str], env: dict[str, str], log_path: Path, timeout_s: float = 180) -> subprocess.Popen[bytes]:
    """`hippograph <args> serve ...` as its own process, returned once it has registered its
    deployments. Deployments left by an earlier server are deleted first: they would answer
    the readiness check, and a run started then would carry that server's parameters."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        for name in DEPLOYMENTS:
            try:
                client.delete_deployment(client.read_deployment_by_name(name).id)
            except Exception:  # noqa: BLE001 - not registered: nothing to delete
                pass
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "cli.main", *args], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + timeout_s
    with get_client(sync_client=True) as client:
        for name in DEPLOYMENTS:
            while True:
                try:
                    client.read_deployment_by_name(name)
                    break
                except Exception:  # noqa: BLE001 - not there yet
                    if proc.poll() is not None or time.time() > deadline:
                        proc.kill()
                        pytest.fail(f"deployments did not appear: {log_path.read_text()}")
                    time.sleep(1)
    time.sleep(2)  # the deployment row appears before the runner's first poll
    return proc
