"""Retrieval: query linking, Personalized PageRank, dense and BM25 baselines, clues, selection, answers."""
