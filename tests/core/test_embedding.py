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
