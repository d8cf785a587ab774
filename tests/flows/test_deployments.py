"""`hippograph serve` as a real process; the qa deployment answered through run_deployment."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import DEMO, start_serving, stop_serving


@dataclass
class Served:
    store: Path
    proc: subprocess.Popen[bytes]
    log: Path



@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, prefect_api: str, demo_app) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    """`hippograph serve` on a copy of the session's demo store (the demo corpus, ingested once per run)."""
    store = tmp_path_factory.mktemp("served") / "store"
    store.mkdir()
    # SQLite's online backup: a consistent copy of the open (WAL-mode) store
    with closing(sqlite3.connect(Path(demo_app.settings.store.path) / "graph.sqlite3")) as src, \
            closing(sqlite3.connect(store / "graph.sqlite3")) as dst:
        src.backup(dst)
    env = {**os.environ, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    log = store.parent / "serve.log"
    proc = start_serving(["--store-path", str(store), "serve", "--source", str(DEMO / "corpus.json"), "--cron", "30 3 * * *"],
                         env, log)
    yield Served(store, proc, log)
    if proc.poll() is None:
        proc.kill()
        proc.wait(30)


def test_qa_deployment_returns_answer_with_citations(served: Served) -> None:
    from hippograph.flows.client import ask_via_prefect

    answer = ask_via_prefect("Who was the first president of the association which published Journal of Psychotherapy Integration?", timeout_s=180)
    assert answer.answer and answer.citations
    given = {p.passage_id for p in answer.retrieval.passages}
    assert all(c.passage_id in given for c in answer.citations)
    titles = [p.title for p in answer.retrieval.passages]
    assert "Journal of Psychotherapy Integration" in titles
    second = ask_via_prefect("What country was the author of Brand a citizen of?", method="dense", k=3, timeout_s=180)
    assert second.retrieval.method == "dense" and len(second.retrieval.passages) == 3


def test_a_qa_run_is_named_after_its_question_and_publishes_the_answer(served: Served) -> None:
    """The Prefect UI shows the question as the run's name and the answer as a markdown artifact."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, FlowRunFilter, FlowRunFilterId

    from hippograph.flows.client import ask_via_prefect
    from hippograph.flows.qa_flow import ANSWER_ARTIFACT

    question = "Who was the first president of the association which published Journal of Psychotherapy Integration?"
    answer = ask_via_prefect(question, timeout_s=180)
    with get_client(sync_client=True) as client:
        runs = [r for r in client.read_flow_runs() if r.name.startswith("qa: Who was the first president")]
        assert runs, "no flow run named after the question"
        run = max(runs, key=lambda r: r.created or 0)
        assert run.name == "qa: " + question[:77] + "..."
        arts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ANSWER_ARTIFACT])),
                                     flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id])))
    assert len(arts) == 1
    md = str(arts[0].data)
    assert question in md and f"**Answer:** {answer.answer}" in md
    assert all(c.passage_id[:16] in md for c in answer.citations)


def test_ingest_deployment_has_its_cron_schedule(served: Served) -> None:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        dep = client.read_deployment_by_name("ingest-corpus/ingest")
    crons = [s.schedule.cron for s in dep.schedules]  # type: ignore[union-attr]
    assert crons == ["30 3 * * *"]
    assert dep.parameters["source"].endswith("corpus.json")


def test_the_fast_path_answers_like_the_deployment_without_a_flow_run(served: Served) -> None:
    """`ask_via_prefect(fast=True)`: the answer task goes straight to the serving process."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    from hippograph.flows.client import ask_via_prefect

    question = "What country was the author of Brand a citizen of?"
    named = FlowRunFilter(name=FlowRunFilterName(like_="qa: What country was the author of Brand"))
    via_run = ask_via_prefect(question, timeout_s=180)
    with get_client(sync_client=True) as client:
        before = len(client.read_flow_runs(flow_run_filter=named))
    fast = ask_via_prefect(question, timeout_s=180, fast=True)
    with get_client(sync_client=True) as client:
        after = len(client.read_flow_runs(flow_run_filter=named))
    assert before >= 1
    assert (fast.answer, fast.citations, fast.retrieval.passages) == (via_run.answer, via_run.citations, via_run.retrieval.passages)
    assert after == before  # no flow run, hence no flow-run process


def test_serve_stops_on_sigterm_within_10_s_leaving_no_process(served: Served) -> None:
    """Last in the module: after questions were answered (flow-run processes came and went)."""
    took = stop_serving(served.proc, signal.SIGTERM, served.log)
    assert took <= 10
