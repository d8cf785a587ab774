"""``ingest-corpus``: the ingestion pipeline as a Prefect flow (thin: the logic is in ``ingest/``).

discover → one task per document (load → chunk → extract → embed → write, via
:meth:`Ingestor.ingest_one`) → synonym edges once → a report artifact.

- Retries with exponential backoff only on transient failures (store unavailable, LLM
  timeouts), never on bad input.
- Task cache keyed by the store instance, the document's id and content hash and the
  extractor settings: a re-run skips unchanged documents; a run killed midway resumes.
  (The store also skips documents it already holds, so a wiped cache loses nothing.)
- One failing document fails its own task; the flow ends Failed with "N of M documents
  failed" and the artifact lists each failure with its reason.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE as NO_CACHE
from prefect.context import TaskRunContext
from prefect.states import Completed, Failed, State
from prefect.task_runners import ThreadPoolTaskRunner

from hippograph.core.errors import (
    ConfigError, HippographError, InputError, LLMError, OrchestrationError, StoreUnavailableError,
)
from hippograph.core.models import Document
from hippograph.core.settings import Settings
from hippograph.flows.client import orchestration_failure
from hippograph.flows.registry import get_app, settings_from_params
from hippograph.graph.store import DocumentState
from hippograph.ingest.fingerprint import extraction_fingerprint
from hippograph.ingest.loaders import iter_documents

logger = logging.getLogger(__name__)

TRANSIENT = (StoreUnavailableError, LLMError, TimeoutError, ConnectionError)


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, TRANSIENT)


def _retry_on_transient(task: Any, task_run: Any, state: State) -> bool:
    try:
        state.result()
    except Exception as exc:  # the task's own exception, re-raised by result()
        return is_transient(exc)
    return False


def document_cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str | None:
    item = parameters["item"]
    if not isinstance(item, Document):
        return None
    settings = settings_from_params(parameters.get("config_file"), parameters.get("overrides"))
    app = get_app(settings)
    store = app.store
    fingerprint = extraction_fingerprint(settings, app.extractor.revision)
    # a document deleted from the store (or a wiped store, or one built by another extraction)
    # must not be skipped by a stale cache entry
    held = "held" if store.document_state(item.id) == DocumentState(item.content_hash, fingerprint) else "absent"
    return f"hippograph-ingest-{store.instance_id()}-{item.id}-{item.content_hash}-{fingerprint}-{held}"


@task(name="discover-documents", cache_policy=NO_CACHE)
def discover_documents(source: str) -> list[Document | InputError]:
    return list(iter_documents(Path(source)))


@task(
    name="ingest-document",
    task_run_name="ingest {item.source}",
    cache_key_fn=document_cache_key,
    persist_result=True,
    retry_condition_fn=_retry_on_transient,
)
def ingest_document(
    item: Document | InputError, config_file: str | None, overrides: dict[str, Any] | None
) -> dict[str, Any]:
    if isinstance(item, InputError):
        raise item
    app = get_app(settings_from_params(config_file, overrides))
    t = time.perf_counter()
    result = app.ingestor().ingest_one(item)
    return {**result.model_dump(), "source": item.source, "seconds": round(time.perf_counter() - t, 3),
            "process": f"{socket.gethostname()}:{os.getpid()}"}


@task(name="build-synonym-edges", cache_policy=NO_CACHE, retry_condition_fn=_retry_on_transient)
def build_synonym_edges(config_file: str | None, overrides: dict[str, Any] | None) -> int:
    return get_app(settings_from_params(config_file, overrides)).ingestor().finalize()


def _report(source: str, results: list[dict[str, Any]], failures: list[tuple[str, str]], synonyms: int,
            stats: dict[str, int], seconds: dict[str, float]) -> None:
    counts = {k: sum(1 for r in results if r["status"] == k) for k in ("created", "updated", "unchanged")}
    lines = [
        f"# hippograph ingestion of `{source}`",
        "",
        f"- documents: {len(results) + len(failures)} ({counts['created']} new, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged, **{len(failures)} failed**)",
        f"- written this run: {sum(r['passages'] for r in results)} passages, {sum(r['triples'] for r in results)} "
        f"triples, {sum(r['superseded'] for r in results)} facts superseded",
        f"- synonym edges: {synonyms}",
        "- graph now: " + ", ".join(f"{k} {v}" for k, v in stats.items()),
        "- time per stage: " + ", ".join(f"{k} {v:.1f}s" for k, v in seconds.items()),
        f"- written by {len({r.get('process') for r in results})} process(es): "
        + ", ".join(sorted({str(r.get("process")) for r in results})),
    ]
    if failures:
        lines += ["", "## Failures", "", "| document | reason |", "| --- | --- |"]
        lines += [f"| {s.replace('|', '/')} | {e.replace('|', '/')} |" for s, e in failures]
    create_markdown_artifact(key="hippograph-ingest-report", markdown="\n".join(lines), description="Ingestion report")
    create_table_artifact(
        key="hippograph-ingest-failures",
        table=[{"document": s, "reason": e} for s, e in failures] or [{"document": "", "reason": "no failures"}],
        description="Documents that failed",
    )


_RUNNER: Any = ThreadPoolTaskRunner(max_workers=4)


def task_runner(settings: Settings) -> Any:
    """The ingest flow's task runner named by ``flows.task_runner``.

    ``dask``: prefect-dask's ``DaskTaskRunner`` on a local ``distributed`` cluster of
    ``flows.dask_workers`` processes (one thread each), or on the cluster at
    ``flows.dask_address``. Each worker process opens its own app (models, store connection)
    and writes its documents itself, so it needs a store several processes can write to: Neo4j.
    The embedded store takes one writing process at a time (the others get ``StoreBusyError``).
    """
    f = settings.flows
    if f.task_runner == "threads":
        return ThreadPoolTaskRunner(max_workers=f.max_workers)
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:
        raise ConfigError("flows.task_runner = dask needs prefect-dask: pip install 'hippograph[dask]'") from exc
    if f.dask_address:
        return DaskTaskRunner(address=f.dask_address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": f.dask_workers, "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})


def configured_flow(settings: Settings) -> Any:
    """``ingest_corpus`` on the task runner the settings name."""
    return ingest_corpus.with_options(task_runner=task_runner(settings))


@flow(name="ingest-corpus", task_runner=_RUNNER, log_prints=False)
def ingest_corpus(
    source: str, config_file: str | None = None, overrides: dict[str, Any] | None = None
) -> State:
    """Ingest every document under ``source`` into the configured graph store."""
    progress = {"written": 0, "documents": 0}
    try:
        return _ingest(source, config_file, overrides, progress)
    except OrchestrationError:
        raise
    except Exception as exc:
        if not orchestration_failure(f"{type(exc).__name__}: {exc}"):
            raise
        raise _api_failed(str(exc), progress) from exc


def _api_failed(cause: str, progress: dict[str, int]) -> OrchestrationError:
    """The orchestrator failed, not the documents: say so (in the log too: the API may not take the state)."""
    reason = (f"the Prefect API failed while the flow ran ({cause[:300]}); is the Prefect server and its database "
              f"up? {progress['written']} of {progress['documents']} documents were done; run the flow again "
              "once the server is healthy (documents the store holds are skipped)")
    get_run_logger().error(reason)
    return OrchestrationError(reason)


def _ingest(source: str, config_file: str | None, overrides: dict[str, Any] | None, progress: dict[str, int]) -> State:
    log = get_run_logger()
    settings = settings_from_params(config_file, overrides)
    t0 = time.perf_counter()
    items = discover_documents(source)
    progress["documents"] = len(items)
    seconds = {"discover": time.perf_counter() - t0}
    task_with_retries = ingest_document.with_options(
        retries=settings.flows.retries,
        retry_delay_seconds=[settings.flows.retry_backoff_s * 2**i for i in range(max(1, settings.flows.retries))],
    )
    t = time.perf_counter()
    futures = [task_with_retries.submit(item, config_file, overrides) for item in items]
    results: list[dict[str, Any]] = []
    failures: list[tuple[str, str]] = []
    for item, fut in zip(items, futures):
        fut.wait()
        if fut.state.is_completed():
            results.append(fut.result())
            progress["written"] = len(results)
        else:
            try:
                fut.result()
                reason = f"ended in state {fut.state.name}"
            except HippographError as exc:
                reason = str(exc)
            except Exception as exc:  # reported per document, the flow goes on
                reason = f"{type(exc).__name__}: {exc}"
            failures.append((item.source, reason))
            log.warning("document failed: %s", reason)
    seconds["documents"] = time.perf_counter() - t
    api = [r for _, r in failures if orchestration_failure(r)]
    if api:  # write no report the API cannot store
        raise _api_failed(api[0], progress)
    t = time.perf_counter()
    changed = any(r["status"] != "unchanged" for r in results)
    try:
        app = get_app(settings)
        stale = app.ingestor().synonyms_stale(changed)
        synonyms = build_synonym_edges(config_file, overrides) if stale else app.store.stats().synonym_edges
        seconds["synonyms"] = time.perf_counter() - t
        stats = app.store.stats().model_dump()
    except HippographError as exc:  # e.g. the store went away: say how far the documents got
        reason = f"{len(failures)} of {len(items)} documents failed; synonym edges not rebuilt: {exc}"
        log.error(reason)
        return Failed(message=reason, data={"documents": len(items), "failed": len(failures), "results": len(results)})
    _report(source, results, failures, synonyms, stats, seconds)
    summary = {"documents": len(items), "failed": len(failures), "results": len(results), "synonym_edges": synonyms,
               "graph": stats, "processes": sorted({str(r.get("process", "")) for r in results})}
    if failures:
        return Failed(message=f"{len(failures)} of {len(items)} documents failed", data=summary)
    return Completed(message=f"{len(items)} documents ingested", data=summary)
