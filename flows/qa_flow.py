"""``hippograph-qa``: question answering as a Prefect flow.

The answer is computed by the ``answer-question`` task. ``hippograph serve`` runs that task
in a long-lived task worker inside the serving process (Prefect background tasks), so the
models and the graph projection stay loaded between questions, while each question is
still a flow run whose persisted result ``run_deployment`` returns.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE

from hippograph.core.errors import OrchestrationError


QA_DEPLOYMENT = "hippograph-qa/qa"
ANSWER_ARTIFACT = "hippograph-answer"


def qa_run_name() -> str:
    """A QA flow run is named after its question (truncated), so the Prefect UI lists questions."""
    from prefect.runtime import flow_run

    question = " ".join(str(flow_run.parameters.get("question", "")).split())
    return "qa: " + (question if len(question) <= 80 else question[:77] + "...")


def answer_markdown(answer: dict[str, Any]) -> str:
    """The answer as a person reads it in the Prefect UI: question, answer, confidence, path, citations."""
    lines = [f"**Question:** {answer['question']}", "",
             f"**Answer:** {answer['answer']} ({answer['kind']}, confidence {answer['confidence']:.2f})"]
    if answer.get("best_guess"):
        lines.append(f"**Best guess:** {answer['best_guess']}")
    if answer.get("path"):
        lines += ["", f"**Path:** `{answer['path']['text']}`"]
    if answer.get("citations"):
        lines += ["", "| # | passage | id | evidence |", "| ---: | --- | --- | --- |"]
        lines += [f"| {i} | {c['title']}{' (' + c['locator'] + ')' if c.get('locator') else ''} | `{c['passage_id'][:16]}` | {c['evidence'].replace('|', '/')} |"
                  for i, c in enumerate(answer["citations"], start=1)]
    return "\n".join(lines)


@task(name="answer-question", cache_policy=NO_CACHE, persist_result=True)
def answer_question(
    question: str,
    method: str | None = None,
    k: int | None = None,
    config_file: str | None = None,
    overrides: dict[str, Any] | None = None,
    budget: int | None = None,
    selector: str | None = None,
    clues: bool | None = None,
) -> dict[str, Any]:
    # imported here: the flow run's own process then never loads torch, spaCy or the graph
    from hippograph.flows.registry import get_app, settings_from_params

    app = get_app(settings_from_params(config_file, overrides))
    # no lock: the task worker answers flows.qa_concurrency questions at once on one app; app.ask is safe for
    # concurrent use (tests/reliability/test_load.py: 32 threads give the sequential answers)
    answer = app.ask(question, method=method, k=k, budget=budget, selector=selector, clues=clues)
    return answer.model_dump(mode="json")


def background_result(future: Any, deadline_s: float, poll_s: float = 2.0, attempts: int = 20) -> dict[str, Any]:
    """The background task's result, waited for at most ``deadline_s``.

    Prefect waits for a task run by its completion *event*, on a websocket that a fresh process
    opens in the background: a task that finishes before that websocket is live is never
    signalled (tests/reliability/test_background_wait.py). So the wait is ``poll_s`` at a time,
    and each one starts by reading the task run from the API, which is authoritative. Under load
    the API can also be asked for the task run before it has recorded its first state ("has no
    state ... hasn't started yet"): a race, not a failure, so it is asked again."""
    start = time.monotonic()
    not_started = 0
    while True:
        try:
            result: dict[str, Any] = future.result(timeout=poll_s)
            return result
        except TimeoutError:
            if time.monotonic() - start >= deadline_s:
                raise OrchestrationError(
                    f"answer-question task run {future.task_run_id} did not finish within {deadline_s:.0f} s "
                    "(flows.qa_timeout_s): is a task worker (`hippograph serve`) running?"
                ) from None
        except RuntimeError as exc:
            not_started += 1
            if "hasn't started yet" not in str(exc) or not_started >= attempts:
                raise
            time.sleep(0.5)


@flow(name="hippograph-qa", persist_result=True, result_serializer="json", flow_run_name=qa_run_name)
def qa(
    question: str,
    method: str | None = None,
    k: int | None = None,
    config_file: str | None = None,
    overrides: dict[str, Any] | None = None,
    background: bool = True,
    budget: int | None = None,
    selector: str | None = None,
    clues: bool | None = None,
) -> dict[str, Any]:
    """Answer ``question`` with cited passages. ``background`` sends the work to the serving
    process's task worker (models already loaded); otherwise it runs in this flow run."""
    if background:
        from hippograph.flows.registry import settings_from_params

        # before the task is submitted: a bad config file or override fails here, leaving no task run
        deadline_s = settings_from_params(config_file, overrides).flows.qa_timeout_s
        # Submitted from a fresh thread: Prefect 3 pickles the caller's run context with a
        # background task's parameters, and a flow run context holds unpicklable locks.
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(answer_question.delay, question, method, k, config_file, overrides,
                                 budget, selector, clues).result()
        answer = background_result(future, deadline_s)
    else:
        answer = answer_question(question, method, k, config_file, overrides, budget, selector, clues)
    _publish(answer)
    return answer


def _publish(answer: dict[str, Any]) -> None:
    """One log line with the answer, and a markdown artifact the Prefect UI shows on the run's page."""
    from prefect import get_run_logger
    from prefect.artifacts import create_markdown_artifact

    get_run_logger().info("answer: %s (%s, confidence %.2f)", answer["answer"], answer["kind"], answer["confidence"])
    create_markdown_artifact(key=ANSWER_ARTIFACT, markdown=answer_markdown(answer),
                             description=f"hippograph answer to: {answer['question'][:120]}")
