"""How many threads numpy/scipy's BLAS (OpenBLAS) may use in this process.

After each numpy product OpenBLAS's idle threads keep spinning for a while; the encoder's
next call (torch, with its own OpenMP threads) then shares the cores with them. Measured on
2 cores: one question's encoding took 20 ms with OpenBLAS at 2 threads, 9 ms at 1. The numpy
work of answering (a GEMV over the passage vectors, small PPR and MCTS arrays) gains nothing
from a second thread, so an opened app caps OpenBLAS (``models.blas_threads``); bulk products
(the synonym kNN at ingest) lift the cap for their duration. Torch's own MKL is linked in
statically and is not touched.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator


def limit_blas_threads(threads: int | None) -> None:
    """Cap OpenBLAS at ``threads`` for this process; ``None`` leaves it as it is."""
    if threads is None:
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")


@contextmanager
def bulk_blas() -> Iterator[None]:
    """Every core for OpenBLAS inside the block (large matrix products), the previous cap after."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=os.cpu_count() or 1, user_api="blas"):
        yield
