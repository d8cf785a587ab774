"""The knowledge graph: the GraphStore port, its embedded (SQLite) and Neo4j adapters, projections."""
