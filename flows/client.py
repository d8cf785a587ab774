"""Asking the served ``qa`` deployment from another process."""

from __future__ import annotations

from typing import Any, cast

from core.errors import HippographError
from core.models import Answer
from flows.qa_flow import QA_DEPLOYMENT


class DeploymentError(HippographError):
    """A deployment run did not complete."""


def ask_via_prefect(question: str, method: str | None = None, k: int | None = None, timeout_s: float = 300.0) -> Answer:
    """Run the ``hippograph-qa/qa`` deployment and return its persisted answer."""
    from prefect.deployments import run_deployment

    params: dict[str, Any] = {"question": question}
    if method:
        params["method"] = method
    if k:
        params["k"] = k
    from prefect.client.schemas.objects import FlowRun

    flow_run = cast(FlowRun, run_deployment(QA_DEPLOYMENT, parameters=params, timeout=timeout_s, poll_interval=0.25))
    state = flow_run.state
    if state is None or not state.is_completed():
        msg = state.message if state is not None else "no state"
        raise DeploymentError(f"{QA_DEPLOYMENT} run {flow_run.id} did not complete: {state.name if state else '?'}: {msg}")
    return Answer.model_validate(state.result())
