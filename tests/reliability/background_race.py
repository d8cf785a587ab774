"""Helper processes for ``test_background_wait.py``: a Prefect task worker serving a task that
returns at once, and one fresh process per question that waits for it as the QA flow does."""

from __future__ import annotations

import sys
import time

from prefect import task


@task(name="hippograph-test-echo", persist_result=True)
def echo(x: int) -> int:
    return x


def main() -> None:
    if sys.argv[1] == "worker":
        from prefect.task_worker import serve

        serve(echo, limit=8)
        return
    from hippograph.flows.qa_flow import background_result

    t = time.monotonic()
    value = background_result(echo.delay(int(sys.argv[2])), float(sys.argv[3]))
    sys.stdout.write(f"{value} {time.monotonic() - t:.2f}\n")


if __name__ == "__main__":
    main()
