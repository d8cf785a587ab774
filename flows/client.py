"""Asking the served ``qa`` deployment from another process."""

from __future__ import annotations

import logging
import re
import time
from typing import Any, cast

from hippograph.core.errors import HippographError
from hippograph.core.models import Answer
from hippograph.flows.qa_flow import QA_DEPLOYMENT

logger = logging.getLogger(__name__)


class DeploymentError(HippographError):
    """A deployment run did not complete."""


class _Retryable(Exception):
    """Internal: the orchestration failed, not the question (safe to ask again: QA is read-only)."""


_ORCHESTRATION = re.compile(
    r"PrefectHTTPStatusError: (Server error '5\d\d|Client error '429)|httpx\.(ConnectError|ReadTimeout|RemoteProtocolError)"
)


def orchestration_failure(message: str | None) -> bool:
    """True when a failed run's message is the Prefect API failing (5xx, 429, connection), not the question."""
    return bool(message and _ORCHESTRATION.search(message))


def _run_once(params: dict[str, Any], timeout_s: float) -> Answer:
    from prefect.client.schemas.objects import FlowRun
    from prefect.deployments import run_deployment
    from prefect.exceptions import PrefectHTTPStatusError

    try:
        flow_run = cast(FlowRun, run_deployment(QA_DEPLOYMENT, parameters=params, timeout=timeout_s, poll_interval=0.25))
    except PrefectHTTPStatusError as exc:
        if exc.response.status_code >= 500 or exc.response.status_code == 429:
            raise _Retryable(f"Prefect API answered {exc.response.status_code}") from exc
        raise DeploymentError(f"{QA_DEPLOYMENT}: {exc}") from exc
    except OSError as exc:  # httpx transport errors are OSErrors
        raise _Retryable(f"Prefect API unreachable: {exc}") from exc
    state = flow_run.state
    if state is None or not state.is_completed():
        msg = state.message if state is not None else "no state"
        name = state.name if state is not None else "?"
        text = f"{QA_DEPLOYMENT} run {flow_run.id} did not complete: {name}: {msg}"
        # a crash, or a run that failed on the Prefect API itself (a 5xx/429 while it recorded its
        # task runs), is retried; a failed question is not
        if state is not None and (state.is_crashed() or orchestration_failure(msg)):
            raise _Retryable(text)
        raise DeploymentError(text)
    return Answer.model_validate(state.result())


def _served_params() -> dict[str, Any]:
    """``config_file`` and ``overrides`` of the served ``qa`` deployment (what the server was started with)."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            dep = client.read_deployment_by_name(QA_DEPLOYMENT)
        except ObjectNotFound as exc:
            raise DeploymentError(f"{QA_DEPLOYMENT} is not served here: start `hippograph serve`") from exc
    return {k: dep.parameters.get(k) for k in ("config_file", "overrides")}


def _task_once(params: dict[str, Any], timeout_s: float) -> Answer:
    """The fast path: the ``answer-question`` background task, straight to the serving process's
    task worker (no flow run, so no flow-run process to start)."""
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures import TimeoutError as FutureTimeout

    from prefect.exceptions import PrefectHTTPStatusError

    from hippograph.flows.qa_flow import answer_question, background_result

    try:
        # the served deployment's own settings (config file, CLI overrides such as --store neo4j)
        args = {**_served_params(), **params}
        future = answer_question.delay(**args)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return Answer.model_validate(pool.submit(background_result, future, timeout_s).result(timeout=timeout_s + 30))
    except DeploymentError:
        raise
    except FutureTimeout as exc:
        raise DeploymentError(f"answer-question task: no answer within {timeout_s:.0f} s (is `hippograph serve` running?)") from exc
    except PrefectHTTPStatusError as exc:
        if exc.response.status_code >= 500 or exc.response.status_code == 429:
            raise _Retryable(f"Prefect API answered {exc.response.status_code}") from exc
        raise DeploymentError(f"answer-question task: {exc}") from exc
    except OSError as exc:
        raise _Retryable(f"Prefect API unreachable: {exc}") from exc
    except Exception as exc:  # the task's own failure, re-raised by Prefect with its message
        if orchestration_failure(f"{type(exc).__name__}: {exc}"):
            raise _Retryable(str(exc)) from exc
        raise DeploymentError(f"answer-question task failed: {type(exc).__name__}: {exc}") from exc


def ask_via_prefect(
    question: str, method: str | None = None, k: int | None = None, timeout_s: float = 300.0, attempts: int = 3,
    budget: int | None = None, selector: str | None = None, clues: bool | None = None, fast: bool = False,
) -> Answer:
    """Run the ``hippograph-qa/qa`` deployment and return its persisted answer; ``fast``: send
    the ``answer-question`` background task straight to the serving process's task worker
    instead (no flow run: lower latency, but no run named after the question in the UI).

    Orchestration failures (a crashed run, a 5xx or 429 from the Prefect API, e.g. its SQLite
    database locked under many concurrent runs) are retried up to ``attempts`` times with
    backoff; a question that fails (bad input, store down) is not.
    """
    params: dict[str, Any] = {"question": question}
    if method:
        params["method"] = method
    for name, value in (("k", k), ("budget", budget), ("selector", selector), ("clues", clues)):
        if value is not None:
            params[name] = value
    for attempt in range(1, attempts + 1):
        try:
            return _task_once(params, timeout_s) if fast else _run_once(params, timeout_s)
        except _Retryable as exc:
            if attempt == attempts:
                raise DeploymentError(f"{QA_DEPLOYMENT}: gave up after {attempts} attempts: {exc}") from exc
            logger.warning("%s attempt %d failed (%s); asking again", QA_DEPLOYMENT, attempt, exc)
            time.sleep(0.5 * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # pragma: no cover
