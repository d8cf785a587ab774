"""Shared fixtures: the real embedding model (loaded once), stores, a scripted extractor.

Neo4j tests need the server started by ``infra/neo4j/neo4j.sh`` (``make test`` does it).
A test that needs something this machine may lack (a server, chromedriver, the shared data)
calls :func:`require`: it skips on a developer's machine and **fails** where
``HIPPOGRAPH_REQUIRE_ALL=1`` (``infra/test.sh``, hence ``make test`` and CI) or the
resource's own ``HIPPOGRAPH_REQUIRE_NEO4J`` / ``HIPPOGRAPH_REQUIRE_PREFECT`` is set.

Markers follow the fixtures: a test that uses the Neo4j fixtures (``neo4j_available``,
the ``store`` fixture's neo4j case, ``own_neo4j``) is marked ``neo4j``, one that uses
``prefect_api`` is marked ``prefect``; a hand-written ``neo4j``/``prefect`` mark on a test
that uses neither is a collection error.
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

from hippograph.core.embedding import SentenceTransformerEmbedder
from hippograph.core.errors import StoreError
from hippograph.core.models import Answer, Document, Extraction, Passage
from hippograph.core.settings import IngestSettings, Neo4jSettings, Settings, load_settings
from hippograph.graph.embedded import EmbeddedStore
from hippograph.graph.store import GraphStore
from hippograph.ingest.extractors.base import ExtractionBuilder
from hippograph.ingest.loaders import make_document
from hippograph.ingest.pipeline import Ingestor

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("HIPPOGRAPH_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEMO = ROOT / "data" / "demo"
MUSIQUE = SHARED_DATA / "musique-100"

NEO4J_FIXTURES = {"neo4j_available", "own_neo4j"}
PREFECT_FIXTURES = {"prefect_api"}


def require(ok: bool, what: str, env: str = "") -> None:
    """Skip when ``what`` is missing on a developer's machine; fail under ``make test``/CI."""
    if ok:
        return
    if os.environ.get("HIPPOGRAPH_REQUIRE_ALL") == "1" or (env and os.environ.get(env) == "1"):
        pytest.fail(f"required but missing: {what}")
    pytest.skip(f"missing: {what}")


def require_shared_data() -> Path:
    require(MUSIQUE.exists(), f"the shared data at {SHARED_DATA} (set HIPPOGRAPH_SHARED_DATA)")
    return SHARED_DATA


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        uses_neo4j = bool(fixtures & NEO4J_FIXTURES) or (
            callspec is not None and callspec.params.get("store") == "neo4j")
        uses_prefect = bool(fixtures & PREFECT_FIXTURES)
        own = {m.name for m in item.own_markers}
        if ("neo4j" in own and not uses_neo4j) or ("prefect" in own and not uses_prefect):
            raise pytest.UsageError(f"{item.nodeid}: marked neo4j/prefect by hand but uses no such fixture")
        if uses_neo4j:
            item.add_marker(pytest.mark.neo4j)
        if uses_prefect:
            item.add_marker(pytest.mark.prefect)


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
    from hippograph.graph.neo4j_store import Neo4jStore

    settings = neo4j_settings()
    store = Neo4jStore(settings)
    try:
        store.open()
    except StoreError as exc:
        require(False, f"Neo4j at {settings.uri} ({exc})", "HIPPOGRAPH_REQUIRE_NEO4J")
    finally:
        store.close()
    return settings


def open_store(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> GraphStore:
    if kind == "embedded":
        store: GraphStore = EmbeddedStore(tmp_path / "store")
        store.open()
        return store
    from hippograph.graph.neo4j_store import Neo4jStore

    settings = request.getfixturevalue("neo4j_available")
    neo = Neo4jStore(settings)
    neo.open()
    neo.clear()
    return neo


@pytest.fixture(params=["embedded", "neo4j"])
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

    @property
    def revision(self) -> str:
        return "scripted"

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
             settings: IngestSettings | None = None, fingerprint: str = "") -> Ingestor:
    return Ingestor(settings or IngestSettings(), store, embedder, ScriptedExtractor(script), fingerprint)


def scripted_app(tmp_path: Path, embedder: SentenceTransformerEmbedder, script: dict[str, list[tuple[str, str, str]]],
                 texts: dict[str, str]):  # type: ignore[no-untyped-def]
    """An opened app (embedded store, no confidence floor) holding ``texts`` (title → text), whose
    triples ``script`` gives (:class:`ScriptedExtractor`); the caller closes it."""
    from hippograph.runtime.app import Hippograph

    app = Hippograph(load_settings(store={"path": tmp_path / "store"}, answer={"min_confidence": 0.0}), embedder=embedder)
    app.open()
    ingestor(app.store, embedder, script).ingest([doc(t, x, t) for t, x in texts.items()])
    return app


def scripted_answers(tmp_path: Path, embedder: SentenceTransformerEmbedder, script: dict[str, list[tuple[str, str, str]]],
                     texts: dict[str, str], *questions: str) -> list[Answer]:
    """Each question's answer from :func:`scripted_app` over ``script`` and ``texts``; the app is
    closed whatever happens (an assertion on the answers comes after it)."""
    app = scripted_app(tmp_path, embedder, script, texts)
    try:
        return [app.ask(q) for q in questions]
    finally:
        app.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(store={"path": tmp_path / "store"})


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory: pytest.TempPathFactory, embedder: SentenceTransformerEmbedder):  # type: ignore[no-untyped-def]
    """The demo corpus ingested once (spaCy extractor, embedded store) for end-to-end tests."""
    from hippograph.ingest.loaders import iter_documents
    from hippograph.runtime.app import Hippograph

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
        require(False, f"a Prefect server ({exc})", "HIPPOGRAPH_REQUIRE_PREFECT")
    return url


DEPLOYMENTS = ("hippograph-qa/qa", "ingest-corpus/ingest")


def start_serving(args: list[str], env: dict[str, str], log_path: Path, timeout_s: float = 180,
                  beside: bool = False) -> subprocess.Popen[bytes]:
    """`hippograph <args> serve ...` as its own process, returned once it has registered its
    deployments. Deployments left by an earlier server are deleted first: they would answer
    the readiness check, and a run started then would carry that server's parameters.
    ``beside``: a second server beside a running one (same deployments): nothing is deleted,
    and it is ready once its own log lists the deployments it serves."""
    from prefect.client.orchestration import get_client

    def launch() -> subprocess.Popen[bytes]:
        with log_path.open("w") as log:
            # its own session: whatever it starts (flow-run processes) can be found again, even reparented
            return subprocess.Popen([sys.executable, "-m", "hippograph.cli.main", *args], env=env, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)

    if beside:
        proc = launch()
        deadline = time.time() + timeout_s
        while "hippograph-qa/qa" not in log_path.read_text():
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"the second server did not start: {log_path.read_text()[-3000:]}")
            time.sleep(1)
        time.sleep(3)  # its runner's first poll and its task worker's subscription
        return proc
    with get_client(sync_client=True) as client:
        for name in DEPLOYMENTS:
            try:
                client.delete_deployment(client.read_deployment_by_name(name).id)
            except Exception:  # noqa: BLE001 - not registered: nothing to delete
                pass
    proc = launch()
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


def _processes() -> dict[int, list[str]]:
    """pid → the fields of /proc/<pid>/stat after the command name (state, ppid, pgrp, session, ...)."""
    out: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                out[int(entry.name)] = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
    return out


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid``, or in the session it leads (zombies excluded)."""
    procs = _processes()
    children: dict[int, list[int]] = {}
    for p, fields in procs.items():
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(p)
    out: set[int] = {p for p, fields in procs.items() if fields[0] != "Z" and int(fields[3]) == pid and p != pid}
    todo = [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def stop_serving(proc: subprocess.Popen[bytes], sig: int, log_path: Path) -> float:
    """Send ``sig`` to a `hippograph serve` process; the seconds it took to exit. Fails when it
    takes over 10 s, leaves a process behind, or logged Prefect's task-run warning."""
    before = descendants(proc.pid)
    t0 = time.monotonic()
    proc.send_signal(sig)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
        pytest.fail(f"`hippograph serve` was still running 10 s after signal {sig}: {log_path.read_text()[-3000:]}")
    took = time.monotonic() - t0
    time.sleep(0.5)
    left = sorted(p for p in before | descendants(proc.pid) if alive(p))
    assert left == [], f"processes left behind by `hippograph serve`: {left}"
    log = log_path.read_text()
    assert "without a flow run id" not in log
    return took
