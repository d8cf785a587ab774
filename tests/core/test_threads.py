"""OpenBLAS's thread cap: set when an app opens, lifted for bulk products."""

from __future__ import annotations

import os
from pathlib import Path

from threadpoolctl import threadpool_info, threadpool_limits

from hippograph.core.embedding import SentenceTransformerEmbedder
from hippograph.core.settings import load_settings
from hippograph.core.threads import bulk_blas, limit_blas_threads
from hippograph.runtime.app import Hippograph


def blas_threads() -> set[int]:
    return {int(i["num_threads"]) for i in threadpool_info() if i["user_api"] == "blas"}


def test_opening_an_app_caps_openblas_at_the_setting(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    """OpenBLAS's spinning threads slow the encoder's next call: an opened app caps them at
    ``models.blas_threads`` (default 1); ``None`` leaves them as they were."""
    assert blas_threads(), "numpy's OpenBLAS was not found by threadpoolctl"
    with threadpool_limits(limits=2, user_api="blas"):  # restores the test process's own limits after
        with Hippograph(load_settings(store={"path": tmp_path / "a"}, models={"blas_threads": None}),
                        embedder=embedder):
            assert blas_threads() == {2}
        with Hippograph(load_settings(store={"path": tmp_path / "b"}), embedder=embedder) as app:
            assert app.settings.models.blas_threads == 1
            assert blas_threads() == {1}


def test_bulk_products_get_every_core_and_the_cap_comes_back() -> None:
    assert blas_threads(), "numpy's OpenBLAS was not found by threadpoolctl"
    with threadpool_limits(limits=2, user_api="blas"):
        limit_blas_threads(1)
        with bulk_blas():
            assert blas_threads() == {os.cpu_count()}
        assert blas_threads() == {1}
