"""Fit the entity-kind probe (``retrieval/entity_types.json``) and print its held-out accuracy.

    python -m hippograph.bench.fit_types ../shared/data/2wiki-corpus/corpus.json --limit 2000

Runs spaCy's NER over the first ``--limit`` passages of a corpus, takes every labelled name (its
label mapped to a coarse kind, :data:`~hippograph.retrieval.types.LABEL_KIND`) and every noun
phrase with no name in it (the kind "thing"), encodes them with the configured embedder, fits
one logistic model per kind on 80 % of the distinct strings and prints the accuracy on the other
20 %, then fits on all of them and writes the model. The corpus shipped with the default model is
2WikiMultiHopQA's (no question of any evaluation set is used).
"""

from __future__ import annotations

import argparse
import collections
import itertools
from datetime import date
from pathlib import Path

import numpy as np

from hippograph.retrieval.types import LABEL_KIND, fit_type_model


def main() -> None:
    from hippograph.core.embedding import SentenceTransformerEmbedder
    from hippograph.core.models import Document
    from hippograph.core.nlp import load_spacy
    from hippograph.core.settings import load_settings
    from hippograph.ingest.loaders import iter_documents

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=2000, help="passages to read")
    ap.add_argument("--per-kind", type=int, default=3000, help="at most this many distinct strings per kind")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "retrieval" / "entity_types.json")
    args = ap.parse_args()

    settings = load_settings(None)
    nlp = load_spacy(settings.models.spacy_model)
    texts = [d.text for d in itertools.islice(iter_documents(args.corpus), args.limit) if isinstance(d, Document)]
    if not texts:
        raise SystemExit(f"{args.corpus}: no documents")
    seen: dict[str, str] = {}
    for doc in nlp.pipe(texts, batch_size=64):
        for ent in doc.ents:
            kind = LABEL_KIND.get(ent.label_)
            if kind and ent.text.strip():
                seen.setdefault(ent.text.strip(), kind)
        for chunk in doc.noun_chunks:
            if any(t.ent_type_ for t in chunk) or any(t.pos_ in ("PROPN", "PRON", "NUM") for t in chunk):
                continue
            words = [t.text for t in chunk if t.pos_ != "DET"]
            if words:
                seen.setdefault(" ".join(words), "thing")
    rng = np.random.default_rng(0)
    by_kind: dict[str, list[str]] = collections.defaultdict(list)
    for text, kind in seen.items():
        by_kind[kind].append(text)
    strings, kinds = [], []
    for kind, items in sorted(by_kind.items()):
        picked = rng.permutation(len(items))[: args.per_kind]
        strings += [items[i] for i in picked]
        kinds += [kind] * len(picked)
    print(f"{len(texts)} passages: " + ", ".join(f"{k} {kinds.count(k)}" for k in sorted(set(kinds))))
    embedder = SentenceTransformerEmbedder(settings.models.embedder_path, settings.models.device,
                                           settings.models.embed_batch_size, settings.models.embed_dtype)
    vecs = embedder.embed(strings)
    order = rng.permutation(len(strings))
    cut = int(0.8 * len(strings))
    train, test = order[:cut], order[cut:]
    held = fit_type_model(vecs[train], [kinds[i] for i in train], l2=args.l2)
    pred = np.array(held.kinds)[held.probabilities(vecs[test]).argmax(axis=1)]
    truth = np.array([kinds[i] for i in test])
    print(f"held-out accuracy {100 * float((pred == truth).mean()):.1f} % on {len(test)} strings")
    for k in held.kinds:
        m = truth == k
        if m.any():
            print(f"  {k:13s} n={int(m.sum()):5d} recall {100 * float((pred[m] == k).mean()):.1f} %")
    note = (f"Fitted {date.today().isoformat()} by bench.fit_types (L2 {args.l2}) on {len(strings)} distinct names and "
            f"noun phrases that spaCy {settings.models.spacy_model} found in the first {len(texts)} passages of "
            f"{args.corpus.name} ({args.corpus.parent.name}); held-out accuracy "
            f"{100 * float((pred == truth).mean()):.1f} % (20 % of the strings).")
    model = fit_type_model(vecs, kinds, l2=args.l2, note=note)
    model.save(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
