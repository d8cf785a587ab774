"""ask_via_prefect asks again after orchestration failures, never after a failed question."""

from __future__ import annotations

import time
from typing import Any

import pytest

import hippograph.flows.client as client


def test_crashed_runs_are_asked_again_and_failed_questions_are_not(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    outcomes: list[Exception | str] = [client._Retryable("Crashed"), client._Retryable("API answered 500"), "ok"]

    def fake(params: dict[str, Any], timeout_s: float) -> Any:
        calls.append(params)
        out = outcomes.pop(0)
        if isinstance(out, Exception):
            raise out
        return out

    monkeypatch.setattr(client, "_run_once", fake)
    monkeypatch.setattr(client.time, "sleep", lambda s: None)
    assert client.ask_via_prefect("q?", attempts=3) == "ok"
    assert len(calls) == 3

    outcomes[:] = [client._Retryable("Crashed")] * 3
    with pytest.raises(client.DeploymentError, match="gave up after 2 attempts: Crashed"):
        client.ask_via_prefect("q?", attempts=2)

    outcomes[:] = [client.DeploymentError("run did not complete: Failed: InputError: empty question"), "ok"]
    calls.clear()
    with pytest.raises(client.DeploymentError, match="InputError"):
        client.ask_via_prefect("", attempts=3)
    assert len(calls) == 1


class Future:
    """Prefect's distributed future as the QA flow sees it: ``result(timeout)`` raises
    ``TimeoutError`` when the task run is not final after the wait (read from the API)."""

    task_run_id = "tr-1"

    def __init__(self, outcomes: list[Any]) -> None:
        self.outcomes = outcomes
        self.timeouts: list[float | None] = []

    def result(self, timeout: float | None = None) -> Any:
        self.timeouts.append(timeout)
        if timeout is None:  # an unbounded wait: with a lost completion event, it never returns
            raise AssertionError("waited without a timeout")
        out = self.outcomes.pop(0) if self.outcomes else TimeoutError("not final")
        if isinstance(out, Exception):
            raise out
        return out


def test_the_qa_flow_waits_out_a_background_task_without_a_state_yet() -> None:
    from hippograph.flows.qa_flow import background_result

    race = RuntimeError("Task run 1 has no state which means it hasn't started yet.")
    assert background_result(Future([race, race, {"answer": "x"}]), 60) == {"answer": "x"}
    with pytest.raises(RuntimeError, match="boom"):
        background_result(Future([RuntimeError("boom"), {"answer": "x"}]), 60)
    with pytest.raises(RuntimeError, match="hasn't started yet"):
        background_result(Future([race, race]), 60, attempts=2)


def test_the_qa_flow_does_not_wait_forever_on_a_lost_completion_event() -> None:
    """Prefect signals a finished task run by an event on a websocket the flow-run process opens
    in the background; a task that finished before it was live is never signalled. The wait is
    bounded, each bound starts with a read of the task run, and a deadline names the task run."""
    from hippograph.core.errors import OrchestrationError
    from hippograph.flows.qa_flow import background_result

    future = Future([TimeoutError("not final"), TimeoutError("not final"), {"answer": "x"}])
    assert background_result(future, 60, poll_s=0.01) == {"answer": "x"}
    assert future.timeouts == [0.01, 0.01, 0.01]
    t0 = time.monotonic()
    with pytest.raises(OrchestrationError, match="tr-1 did not finish within 0 s"):
        background_result(Future([]), 0.2, poll_s=0.01)
    assert time.monotonic() - t0 < 5


def test_a_run_failed_by_the_prefect_api_is_an_orchestration_failure() -> None:
    api = ("Flow run encountered an exception: PrefectHTTPStatusError: Server error '503 Service Unavailable' "
           "for url 'http://127.0.0.1:14200/api/task_runs/'")
    assert client.orchestration_failure(api)
    assert client.orchestration_failure("PrefectHTTPStatusError: Client error '429 Too Many Requests' for url")
    assert not client.orchestration_failure("Flow run encountered an exception: InputError: empty question")
    assert not client.orchestration_failure("PrefectHTTPStatusError: Client error '404 Not Found' for url")
    assert not client.orchestration_failure(None)
