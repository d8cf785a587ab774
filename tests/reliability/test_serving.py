"""The served QA deployment on Neo4j: 32 questions at once, and a Neo4j restart under it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterator

import pytest

from hippograph.core.models import Answer
from tests.conftest import ROOT, start_serving, stop_serving
from tests.reliability.conftest import OwnNeo4j, clear_graph, small_corpus


N_DOCS = 40
QUESTIONS = [f"Where was Mayor {i} born?" for i in range(0, N_DOCS, 5)] + [
    f"Which river does the town twinned with Town {i} lie on?" for i in range(1, N_DOCS, 5)
]  # 16 distinct questions, each asked twice below: 32 at once


def essence(answer: Answer) -> dict[str, Any]:
    """What must not depend on concurrency: the answer, its citations, the passages and their order."""
    return {
        "answer": answer.answer,
        "citations": [c.passage_id for c in answer.citations],
        "retrieved": [(p.passage_id, round(p.score, 6)) for p in answer.retrieval.passages],
        "selected": [p.passage_id for p in answer.selection.passages] if answer.selection else None,
    }


_proc: dict[str, Any] = {}


@pytest.fixture(scope="module")
def served(own_neo4j: OwnNeo4j, tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> Iterator[dict[str, str]]:
    """`hippograph serve` as its own process on the fault server, with a small corpus ingested."""
    root = tmp_path_factory.mktemp("served-neo4j")
    corpus, openie = small_corpus(root, N_DOCS)
    clear_graph(own_neo4j)
    env = {**os.environ, "HIPPOGRAPH_STORE__BACKEND": "neo4j", "HIPPOGRAPH_NEO4J__URI": own_neo4j.uri,
           "HIPPOGRAPH_NEO4J__PASSWORD": own_neo4j.password, "HIPPOGRAPH_INGEST__EXTRACTOR": "hipporag-json",
           "HIPPOGRAPH_INGEST__OPENIE_PATH": str(openie), "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    cli = [sys.executable, "-m", "hippograph.cli.main"]
    subprocess.run([*cli, "ingest", str(corpus)], check=True, env=env, capture_output=True, timeout=300)
    proc = start_serving(["serve", "--source", str(corpus)], env, root / "serve.log")
    _proc.update(proc=proc, log=root / "serve.log", args=["serve", "--source", str(corpus)])
    yield env
    if proc.poll() is None:
        proc.kill()
        proc.wait(60)


def _in_process(env: dict[str, str]) -> Any:
    from hippograph.core.settings import load_settings
    from hippograph.runtime.app import Hippograph

    old = dict(os.environ)
    os.environ.update(env)
    try:
        return Hippograph(load_settings()).open()  # the same settings the served process builds
    finally:
        os.environ.clear()
        os.environ.update(old)


@pytest.fixture(scope="module")
def expected(served: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The sequential answers, in this process with the served settings (the graph does not change in this module)."""
    app = _in_process(served)
    try:
        return {q: essence(app.ask(q)) for q in QUESTIONS}
    finally:
        app.close()


def test_32_concurrent_questions_through_the_deployment_equal_sequential_answers(
    served: dict[str, str], expected: dict[str, dict[str, Any]]
) -> None:
    from hippograph.flows.client import ask_via_prefect

    batch = QUESTIONS * 2
    with ThreadPoolExecutor(max_workers=len(batch)) as pool:
        answers = list(pool.map(lambda q: ask_via_prefect(q, timeout_s=600), batch))
    assert len(answers) == 32
    for q, a in zip(batch, answers):
        assert essence(a) == expected[q], q
    assert any("Town" in a.answer for a in answers)


def test_neo4j_restart_while_serving_next_questions_succeed(served: dict[str, str], own_neo4j: OwnNeo4j) -> None:
    from hippograph.flows.client import ask_via_prefect

    question = QUESTIONS[0]
    before = essence(ask_via_prefect(question, timeout_s=300))
    own_neo4j.stop()
    own_neo4j.start()
    after = essence(ask_via_prefect(question, timeout_s=300))  # the served app's driver reconnects
    assert after == before
    assert essence(ask_via_prefect(QUESTIONS[1], timeout_s=300))["citations"]


def test_prefect_server_restarted_between_questions_next_is_answered(served: dict[str, str]) -> None:
    """The Prefect server (not its PostgreSQL) restarts; the serving process reconnects by itself."""
    from hippograph.flows.client import ask_via_prefect

    question = QUESTIONS[2]
    before = essence(ask_via_prefect(question, timeout_s=300))
    subprocess.run([str(ROOT / "infra" / "prefect" / "prefect.sh"), "restart"], check=True, timeout=240,
                   capture_output=True)
    assert essence(ask_via_prefect(question, timeout_s=300)) == before


def test_two_serving_processes_share_32_questions_and_answer_like_one(
    served: dict[str, str], expected: dict[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A second `hippograph serve` on the same Prefect server: Prefect hands each flow run to one
    runner and each answer task to one task worker; both processes answer some questions.
    A quarter of the questions go through the deployment (a flow run each, the first test's path),
    the rest through the fast path (the answer task straight to a task worker): flow-run processes
    starting on 2 cores, not the answering, are what takes the time."""
    from hippograph.flows.client import ask_via_prefect

    log2 = tmp_path_factory.mktemp("second-server") / "serve.log"
    corpus = next(a for a in _proc["args"] if a.endswith("corpus.json"))
    second = start_serving(["serve", "--source", corpus], served, log2, beside=True)
    try:
        log1_before = _proc["log"].read_text().count("Received task run")
        batch = QUESTIONS * 2
        fast = [i % 4 != 0 for i in range(len(batch))]
        with ThreadPoolExecutor(max_workers=len(batch)) as pool:
            answers = list(pool.map(lambda q, f: ask_via_prefect(q, timeout_s=600, fast=f), batch, fast))
        for q, a in zip(batch, answers):
            assert essence(a) == expected[q], q
        by_first = _proc["log"].read_text().count("Received task run") - log1_before
        by_second = log2.read_text().count("Received task run")
        assert by_first >= 1 and by_second >= 1, (by_first, by_second)
        assert by_first + by_second >= len(batch)  # one task per question (more only if a run was asked again)
    finally:
        stop_serving(second, signal.SIGTERM, log2)


def test_serve_stops_on_ctrl_c_within_10_s_leaving_no_process(served: dict[str, str]) -> None:
    """Last in the module: SIGINT (Ctrl-C) after 40-odd questions were served."""
    took = stop_serving(_proc["proc"], signal.SIGINT, _proc["log"])
    assert took <= 10
