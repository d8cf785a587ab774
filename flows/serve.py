"""``hippograph serve``: one long-running process serving the deployments.

- ``ingest-corpus/ingest``: the ingestion flow on a cron schedule, ingesting ``flows.ingest_source``;
- ``hippograph-qa/qa``: question answering on demand (``run_deployment`` returns the answer);
- a Prefect task worker for ``answer-question`` in this same process, holding the models.
"""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path
from typing import Any, cast

from prefect import serve as prefect_serve
from prefect.client.schemas.schedules import CronSchedule
from prefect.deployments.runner import RunnerDeployment

from hippograph.core.errors import ConfigError
from hippograph.core.settings import Settings
from hippograph.flows.ingest_flow import configured_flow
from hippograph.flows.qa_flow import QA_DEPLOYMENT, answer_question, qa
from hippograph.flows.registry import get_app

logger = logging.getLogger(__name__)

__all__ = ["QA_DEPLOYMENT", "INGEST_DEPLOYMENT", "serve"]
INGEST_DEPLOYMENT = "ingest-corpus/ingest"


def _task_worker(limit: int) -> None:
    from prefect.task_worker import serve as serve_tasks

    serve_tasks(answer_question, limit=limit)


def _task_logs_stay_local() -> None:
    """A background task run belongs to no flow run, so its own log lines ("Finished in state
    Completed()") cannot go to the API: each question printed Prefect's "attempted to send logs
    to the API without a flow run id" warning. In this process task-run logs go to the console
    only; the QA flow run (its own process) still logs the answer to the API."""
    from prefect.logging.handlers import APILogHandler

    task_logger = logging.getLogger("prefect.task_runs")
    for handler in list(task_logger.handlers):
        if isinstance(handler, APILogHandler):
            task_logger.removeHandler(handler)


def serve(settings: Settings, config_file: Path | None, overrides: dict[str, Any]) -> None:
    """Warm the models, start the task worker thread, and serve both deployments (blocks)."""
    app = get_app(settings)
    app.ask("warm-up: which passage mentions anything?") if app.store.stats().passages else None
    _task_logs_stay_local()
    # Ctrl-C stops the server even when it was started in the background, where the shell
    # leaves SIGINT ignored (Prefect's runner handles SIGTERM itself)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    worker = threading.Thread(target=_task_worker, args=(settings.flows.qa_concurrency,), name="hippograph-task-worker",
                              daemon=True)
    worker.start()
    params: dict[str, Any] = {"config_file": str(config_file) if config_file else None, "overrides": overrides}
    source = settings.flows.ingest_source
    if source is None:
        raise ConfigError("flows.ingest_source is not set: what should the scheduled ingest deployment ingest?")
    ingest_flow = configured_flow(settings)
    ingest_dep = cast(RunnerDeployment, ingest_flow.to_deployment(
        name="ingest",
        parameters={"source": str(source), **params},
        schedules=[CronSchedule(cron=settings.flows.ingest_cron, timezone=settings.flows.timezone)],
        description=f"Ingest {source} into the hippograph graph on a schedule.",
    ))
    qa_dep = cast(RunnerDeployment, qa.to_deployment(name="qa", parameters=params, description="Answer a question with cited passages."))
    logger.info("serving %s and %s", INGEST_DEPLOYMENT, QA_DEPLOYMENT)
    prefect_serve(ingest_dep, qa_dep)
