"""hippograph: graph-RAG for your own documents, run as dataflow jobs.

Everything imports as ``hippograph.<room>``; the rooms are the folders at the repository
root (``core``, ``ingest``, ``graph``, ``retrieval``, ``flows``, ``cli``, ``runtime``,
``evaluation``, ``llm``, ``bench``, ``data``), mapped into this package by setuptools'
``package-dir``. Importing this package imports nothing else.
"""

__version__ = "0.2.0"
