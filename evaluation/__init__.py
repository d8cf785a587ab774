"""Evaluation: retrieval recall and answer metrics on HippoRAG/MuSiQue-format question sets."""
