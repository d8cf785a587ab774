"""Faults on the real services: Neo4j killed mid-ingestion, the ingesting process killed,
Neo4j restarted under the served QA deployment, an LLM endpoint down or talking nonsense."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from hippograph.core.errors import LLMError, LLMOutputError
from tests.reliability.conftest import OwnNeo4j, clear_graph, graph_of, orphans, small_corpus



def _documents(server: OwnNeo4j) -> int:
    from hippograph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(server.settings(connect_retries=0, transaction_retry_s=0.0))
    store.open()
    try:
        return store.stats().documents
    finally:
        store.close()


def test_neo4j_killed_mid_ingestion_fails_clearly_and_a_rerun_equals_a_clean_run(
    neo4j_env: OwnNeo4j, tmp_path: Path, prefect_api: str
) -> None:
    from hippograph.flows.ingest_flow import ingest_corpus

    n = 30
    corpus, openie = small_corpus(tmp_path, n)
    overrides = {"ingest": {"extractor": "hipporag-json", "openie_path": str(openie)},
                 "flows": {"retries": 2, "retry_backoff_s": 0.2}}
    killed_at: list[int] = []

    def kill_when_some_are_written() -> None:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                done = _documents(neo4j_env)
            except Exception:
                done = 0
            if done >= 3:
                neo4j_env.kill()
                killed_at.append(done)
                return
            time.sleep(0.02)

    watcher = threading.Thread(target=kill_when_some_are_written)
    watcher.start()
    state = ingest_corpus(str(corpus), overrides=overrides, return_state=True)
    watcher.join()
    assert killed_at and killed_at[0] < n
    assert state.is_failed()
    assert f"of {n} documents failed" in (state.message or "")
    assert "unreachable" in (state.message or "") or "unavailable" in (state.message or "").lower()

    neo4j_env.start()  # recovers from the kill; the flow's cached app reconnects by itself
    rerun = ingest_corpus(str(corpus), overrides=overrides, return_state=True)
    assert rerun.is_completed(), rerun.message
    resumed = graph_of(neo4j_env)

    clear_graph(neo4j_env)
    clean = ingest_corpus(str(corpus), overrides=overrides, return_state=True)
    assert clean.is_completed()
    fresh = graph_of(neo4j_env)
    assert resumed == fresh
    assert resumed["stats"]["documents"] == n and orphans(resumed) == []
    assert resumed["stats"]["synonym_edges"] == fresh["stats"]["synonym_edges"]


@pytest.mark.parametrize("backend", ["embedded", "neo4j"])
def test_process_killed_mid_ingestion_then_rerun_equals_a_clean_run(
    backend: str, neo4j_env: OwnNeo4j, tmp_path: Path
) -> None:
    n = 40
    corpus, openie = small_corpus(tmp_path, n)
    env = {**os.environ, "HIPPOGRAPH_STORE__BACKEND": backend, "HIPPOGRAPH_INGEST__BATCH_SIZE": "2",
           "HIPPOGRAPH_INGEST__EXTRACTOR": "hipporag-json", "HIPPOGRAPH_INGEST__OPENIE_PATH": str(openie)}

    def cli(store_dir: Path) -> list[str]:
        return [sys.executable, "-m", "hippograph.cli.main", "--store-path", str(store_dir), "ingest", str(corpus)]

    def count(store_dir: Path) -> int:
        if backend == "neo4j":
            return _documents(neo4j_env)
        import sqlite3

        db = store_dir / "graph.sqlite3"
        if not db.exists():
            return 0
        try:
            with sqlite3.connect(db, timeout=0.1) as conn:
                return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        except sqlite3.Error:
            return 0

    def snap(store_dir: Path) -> dict:  # type: ignore[type-arg]
        if backend == "neo4j":
            return graph_of(neo4j_env)
        from hippograph.graph.embedded import EmbeddedStore
        from tests.reliability.conftest import snapshot

        store = EmbeddedStore(store_dir)
        store.open()
        try:
            return snapshot(store)
        finally:
            store.close()

    victim = tmp_path / "killed"
    proc = subprocess.Popen(cli(victim), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 180
    written = 0
    while time.time() < deadline and proc.poll() is None:
        written = count(victim)
        if written >= 4:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode() if proc.stderr else ""
    assert 4 <= count(victim) < n

    subprocess.run(cli(victim), env=env, check=True, capture_output=True, timeout=300)
    resumed = snap(victim)
    if backend == "neo4j":
        clear_graph(neo4j_env)
    subprocess.run(cli(tmp_path / "clean"), env=env, check=True, capture_output=True, timeout=300)
    fresh = snap(tmp_path / "clean")
    assert resumed == fresh
    assert resumed["stats"]["documents"] == n and orphans(resumed) == []
    assert resumed["stats"]["synonym_edges"] > 0


OFFLINE_KINDS = ("graph-path", "extractive", "abstain")  # the offline reader's answers (not "generative")


def test_llm_endpoint_down_or_talking_nonsense_follows_the_policy(demo_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hippograph.core.settings import load_settings
    from hippograph.llm.port import ScriptedLLM
    from hippograph.runtime.app import Hippograph

    question = "Who was the first president of the association which published Journal of Psychotherapy Integration?"
    endpoint = {"provider": "openai-like", "model": "x", "api_base": "http://127.0.0.1:9/v1", "timeout_s": 2.0}

    def app_with(on_invalid: str, llm: object | None = None) -> Hippograph:
        settings = load_settings(store={"path": tmp_path / "unused"}, llm={**endpoint, "on_invalid": on_invalid},
                                 clues={"generator": "llm"}, selection={"reward": "llm", "iterations": 20})
        return Hippograph(settings, embedder=demo_app.embedder, store=demo_app.store, llm=llm)  # type: ignore[arg-type]

    def grounded(answer) -> bool:  # type: ignore[no-untyped-def]
        given = {p.passage_id for p in answer.retrieval.passages}
        return bool(answer.answer) and all(c.passage_id in given for c in answer.citations)

    # nonsense: each stage asks, asks again with the error, then falls back to its offline implementation
    garbage = ScriptedLLM(["I am a teapot, not JSON {{{"] * 200)
    answer = app_with("fallback", garbage).ask(question)
    assert answer.kind in OFFLINE_KINDS and grounded(answer)
    assert len(garbage.prompts) >= 6  # clues, utility and answer: two attempts each
    with pytest.raises(LLMOutputError, match="invalid output twice"):
        app_with("raise", ScriptedLLM(["nonsense"] * 10)).ask(question)

    # unreachable (nothing listens on port 9): a clear LLMError naming the endpoint, or the fallback
    with pytest.raises(LLMError, match="127.0.0.1:9"):
        app_with("raise").ask(question)
    answer = app_with("fallback").ask(question)
    assert answer.kind in OFFLINE_KINDS and grounded(answer)


FLOW_RUNNER = """
import json, sys
from hippograph.flows.ingest_flow import ingest_corpus
overrides = {"ingest": {"extractor": "hipporag-json", "openie_path": sys.argv[2]},
             "flows": {"retries": 1, "retry_backoff_s": 0.2}}
try:
    state = ingest_corpus(sys.argv[1], overrides=overrides, return_state=True)
    print("STATE", json.dumps({"type": state.type.value, "message": state.message}), flush=True)
except Exception as exc:
    print("RAISED", json.dumps({"type": type(exc).__name__, "message": str(exc)}), flush=True)
    sys.exit(3)
"""


def test_postgresql_stopped_mid_ingest_flow_fails_clearly_and_a_rerun_equals_a_clean_run(
    neo4j_env: OwnNeo4j, tmp_path: Path
) -> None:
    """A Prefect server of its own, on a PostgreSQL of its own (the suite's server is left alone):
    its database stops while the ingest flow runs; after PostgreSQL is back, a re-run completes
    and the graph equals a clean run's."""
    from tests.conftest import ROOT

    import shutil
    import tempfile

    n = 30
    corpus, openie = small_corpus(tmp_path, n)
    # not under pytest's private tmp folders: PostgreSQL runs as the unprivileged postgres user when we are root
    home = Path(tempfile.mkdtemp(prefix="hippograph-fault-prefect-", dir="/tmp"))
    home.chmod(0o755)
    env = {**os.environ, "HIPPOGRAPH_PREFECT_HOME": str(home), "HIPPOGRAPH_PREFECT_PORT": "14299",
           "HIPPOGRAPH_POSTGRES_HOME": str(home / "postgres"), "HIPPOGRAPH_POSTGRES_PORT": "15499",
           "HIPPOGRAPH_PREFECT_DB": "postgres", "PREFECT_HOME": str(home), "PREFECT_API_URL": "http://127.0.0.1:14299/api",
           "PREFECT_SERVER_UI_ENABLED": "false"}
    prefect_sh, postgres_sh = ROOT / "infra" / "prefect" / "prefect.sh", ROOT / "infra" / "postgres" / "postgres.sh"

    def flow() -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-c", FLOW_RUNNER, str(corpus), str(openie)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def outcome(proc: subprocess.Popen[str]) -> tuple[str, dict, str]:  # type: ignore[type-arg]
        out, _ = proc.communicate(timeout=600)
        line = next((x for x in out.splitlines() if x.startswith(("STATE ", "RAISED "))), None)
        assert line is not None, out[-4000:]
        kind, _, payload = line.partition(" ")
        return kind, json.loads(payload), out

    subprocess.run([str(prefect_sh), "start"], env=env, check=True, capture_output=True, timeout=240)
    try:
        proc = flow()
        deadline = time.time() + 300
        while time.time() < deadline and proc.poll() is None:
            try:
                done = _documents(neo4j_env)
            except Exception:
                done = 0
            if done >= 3:
                break
            time.sleep(0.05)
        subprocess.run([str(postgres_sh), "stop"], env=env, check=True, capture_output=True, timeout=120)
        kind, result, out = outcome(proc)
        assert kind == "RAISED" or result["type"] != "COMPLETED", result
        # the flow says what failed in its log (the API may not even take the Failed state)
        assert "the Prefect API failed while the flow ran" in out and "database up?" in out, out[-4000:]

        subprocess.run([str(postgres_sh), "start"], env=env, check=True, capture_output=True, timeout=120)
        kind, result, _ = outcome(flow())
        assert (kind, result["type"]) == ("STATE", "COMPLETED"), result
        resumed = graph_of(neo4j_env)
        clear_graph(neo4j_env)
        kind, result, _ = outcome(flow())
        assert (kind, result["type"]) == ("STATE", "COMPLETED"), result
        fresh = graph_of(neo4j_env)
        assert resumed == fresh
        assert resumed["stats"]["documents"] == n and orphans(resumed) == []
    finally:
        subprocess.run([str(prefect_sh), "stop"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(home, ignore_errors=True)
