"""The bf16 embedder against the float32 one on the same texts."""

from __future__ import annotations

import numpy as np

from hippograph.core.embedding import SentenceTransformerEmbedder

TEXTS = [
    "Alfred Hitchcock",
    "The Man Who Knew Too Much is a 1956 thriller film directed by Alfred Hitchcock.",
    "(Paris, capital of, France)",
    "Who directed the film whose composer was born in Vienna?",
]


def test_bfloat16_vectors_are_normalised_and_close_to_float32(embedder: SentenceTransformerEmbedder) -> None:
    bf16 = SentenceTransformerEmbedder(dtype="bfloat16").embed(TEXTS)
    fp32 = embedder.embed(TEXTS)
    assert bf16.dtype == np.float32 and bf16.shape == fp32.shape
    assert np.allclose(np.linalg.norm(bf16, axis=1), 1.0, atol=1e-5)
    cosines = (bf16 * fp32).sum(axis=1)
    assert cosines.min() > 0.99, cosines
    # the nearest text of each text is the same under both
    assert list((bf16 @ fp32.T).argmax(axis=1)) == list(range(len(TEXTS)))


class CountingEmbedder:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, inner: SentenceTransformerEmbedder) -> None:
        self.inner = inner
        self.texts: list[str] = []

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts):  # type: ignore[no-untyped-def]
        self.texts += list(texts)
        return self.inner.embed(texts)


def test_scoped_embedder_encodes_each_text_once_per_scope(embedder: SentenceTransformerEmbedder) -> None:
    from hippograph.core.embedding import ScopedEmbedder, query_scope, remember

    counting = CountingEmbedder(embedder)
    scoped = ScopedEmbedder(counting)
    with query_scope():
        a = scoped.embed(TEXTS[:2])
        b = scoped.embed([TEXTS[1], TEXTS[2], TEXTS[1]])
        remember(["given"], a[:1])
        with query_scope():  # a nested scope joins the outer one
            c = scoped.embed(["given", TEXTS[0]])
    assert counting.texts == TEXTS[:3]  # each distinct text once, "given" never
    assert np.array_equal(b[0], a[1]) and np.array_equal(b[2], a[1]) and np.array_equal(c[0], a[0])
    assert np.allclose(b[1], embedder.embed([TEXTS[2]])[0], atol=1e-6)
    scoped.embed(TEXTS[:1])  # outside a scope: passed through, nothing kept
    scoped.embed(TEXTS[:1])
    assert counting.texts[3:] == [TEXTS[0], TEXTS[0]]


def test_query_scopes_of_threads_are_separate(embedder: SentenceTransformerEmbedder) -> None:
    import threading

    from hippograph.core.embedding import ScopedEmbedder, query_scope, remember

    scoped = ScopedEmbedder(CountingEmbedder(embedder))
    marker = np.zeros((1, embedder.dimension), dtype=np.float32)
    seen: dict[str, np.ndarray] = {}
    ready, done = threading.Event(), threading.Event()

    def first() -> None:
        with query_scope():
            remember([TEXTS[0]], marker)  # this question's own vector for the text
            ready.set()
            done.wait(10)
            seen["first"] = scoped.embed([TEXTS[0]])[0]

    def second() -> None:
        ready.wait(10)
        with query_scope():
            seen["second"] = scoped.embed([TEXTS[0]])[0]
        done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert np.array_equal(seen["first"], marker[0])  # its own scope's vector
    assert np.allclose(seen["second"], embedder.embed([TEXTS[0]])[0], atol=1e-6)  # never the other thread's
