"""Every Cypher statement hippograph runs, in one place.

All values travel as parameters; rows are batched with ``UNWIND $rows``. No user text is
ever formatted into a statement. The only formatted values are the vector dimension
(an int checked by :func:`vector_index_statements`) and fixed index names from this module.

Graph model (labels and relationship types, also documented for Neo4j Browser users):
  (:Document)-[:HAS_PASSAGE {position}]->(:Passage)-[:MENTIONS]->(:Entity)
  (:Entity)-[:RELATION {triple_id, predicate, passage_id, episode_id, valid_from, superseded_by}]->(:Entity)
  (:Entity)-[:SYNONYM {score}]->(:Entity)
  (:Fact {id, subject, predicate, object, embedding})     the triple embedding store
  (:Episode)-[:OF_DOCUMENT]->(:Document), (:Episode)-[:LEARNED]->(:Fact)
  (:HippographMeta {id: 'graph', version})
  (:Question {id, text, answer, confidence, path})-[:SEED|CITES|ANSWER]->(...)   saved by ``hippograph browse``

Properties that exist for Neo4j Browser captions (graph/browser/hippograph.grass): Entity.display
(a surface form), Fact.text (the triple), Episode.caption (document title and date),
SYNONYM.rounded (the score to 2 decimals).
"""

from __future__ import annotations


CONSTRAINTS = [
    "CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT passage_id IF NOT EXISTS FOR (n:Passage) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT fact_id IF NOT EXISTS FOR (n:Fact) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT episode_id IF NOT EXISTS FOR (n:Episode) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT meta_id IF NOT EXISTS FOR (n:HippographMeta) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX relation_passage IF NOT EXISTS FOR ()-[r:RELATION]-() ON (r.passage_id)",
    "CREATE INDEX relation_triple IF NOT EXISTS FOR ()-[r:RELATION]-() ON (r.triple_id)",
    "CREATE INDEX relation_predicate IF NOT EXISTS FOR ()-[r:RELATION]-() ON (r.predicate)",
    "CREATE INDEX relation_superseded_by IF NOT EXISTS FOR ()-[r:RELATION]-() ON (r.superseded_by)",
    "CREATE INDEX episode_doc IF NOT EXISTS FOR (n:Episode) ON (n.doc_id)",
    "CREATE FULLTEXT INDEX passage_text IF NOT EXISTS FOR (n:Passage) ON EACH [n.title, n.text]",
    "CREATE FULLTEXT INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON EACH [n.name]",
    "MERGE (m:HippographMeta {id: 'graph'}) ON CREATE SET m.version = 0, m.instance = randomUUID()",
]

VECTOR_INDEXES = {"passage_embedding": "Passage", "entity_embedding": "Entity", "fact_embedding": "Fact"}


def vector_index_statements(dimension: int) -> list[str]:
    if not isinstance(dimension, int) or not 0 < dimension <= 4096:
        raise ValueError(f"invalid vector dimension {dimension!r}")
    return [
        f"CREATE VECTOR INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.embedding) "
        f"OPTIONS {{indexConfig: {{`vector.dimensions`: {dimension}, `vector.similarity_function`: 'cosine'}}}}"
        for name, label in VECTOR_INDEXES.items()
    ]


# -- reads ---------------------------------------------------------------------------------
VERSION = "MATCH (m:HippographMeta {id: 'graph'}) RETURN m.version AS version"
INSTANCE = "MATCH (m:HippographMeta {id: 'graph'}) RETURN m.instance AS instance"
BUMP_VERSION = "MATCH (m:HippographMeta {id: 'graph'}) SET m.version = m.version + 1"
# synonym edges are rebuilt from every entity: they are current only if no write came after them
# in the synonym transaction, after its own version bump: current only if no write came after
# the version the edges were computed from ($seen; null: no check)
MARK_SYNONYMS_CURRENT = (
    "MATCH (m:HippographMeta {id: 'graph'}) WHERE $seen IS NULL OR m.version = $seen + 1 "
    "SET m.synonyms_version = m.version"
)
SYNONYMS_CURRENT = (
    "MATCH (m:HippographMeta {id: 'graph'}) RETURN coalesce(m.synonyms_version = m.version, false) AS current"
)
DOCUMENT_STATE = "MATCH (d:Document {id: $id}) RETURN d.content_hash AS hash, coalesce(d.extraction, '') AS extraction"

MISSING_VECTORS = {
    "passage": "UNWIND $ids AS id OPTIONAL MATCH (n:Passage {id: id}) WITH id, n WHERE n IS NULL OR n.embedding IS NULL RETURN id",
    "entity": "UNWIND $ids AS id OPTIONAL MATCH (n:Entity {id: id}) WITH id, n WHERE n IS NULL OR n.embedding IS NULL RETURN id",
    "triple": "UNWIND $ids AS id OPTIONAL MATCH (n:Fact {id: id}) WITH id, n WHERE n IS NULL OR n.embedding IS NULL RETURN id",
}
VECTORS = {
    "passage": "MATCH (n:Passage) WHERE n.embedding IS NOT NULL RETURN n.id AS id, n.embedding AS v ORDER BY id",
    "entity": "MATCH (n:Entity) WHERE n.embedding IS NOT NULL RETURN n.id AS id, n.embedding AS v ORDER BY id",
    "triple": "MATCH (n:Fact) WHERE n.embedding IS NOT NULL RETURN n.id AS id, n.embedding AS v ORDER BY id",
}
GET_PASSAGES = """
UNWIND $ids AS id MATCH (p:Passage {id: id})
OPTIONAL MATCH (d:Document)-[:HAS_PASSAGE]->(p)
WITH p, d ORDER BY d.id
RETURN p.id AS id, p.title AS title, p.text AS text, p.n_tokens AS n_tokens, coalesce(p.locator, '') AS locator,
       collect(d.id) AS doc_ids
"""
ALL_PASSAGES = """
MATCH (p:Passage) OPTIONAL MATCH (d:Document)-[:HAS_PASSAGE]->(p)
WITH p, d ORDER BY d.id
RETURN p.id AS id, p.title AS title, p.text AS text, p.n_tokens AS n_tokens, coalesce(p.locator, '') AS locator,
       collect(d.id) AS doc_ids ORDER BY id
"""
_TRIPLE_RETURN = (
    "RETURN r.triple_id AS id, f.subject AS subject, r.predicate AS predicate, f.object AS object, s.id AS subject_id,"
    " o.id AS object_id, r.passage_id AS passage_id, r.superseded_by AS superseded_by"
)
GET_TRIPLES = (
    "UNWIND $ids AS tid MATCH (s:Entity)-[r:RELATION {triple_id: tid}]->(o:Entity) MATCH (f:Fact {id: tid}) "
    + _TRIPLE_RETURN + " ORDER BY id, passage_id"
)
TRIPLES_OF_PASSAGES = (
    "UNWIND $ids AS pid MATCH (s:Entity)-[r:RELATION {passage_id: pid}]->(o:Entity) MATCH (f:Fact {id: r.triple_id}) "
    + _TRIPLE_RETURN + " ORDER BY passage_id, id"
)
# a sample of each relation's facts (the lowest triple ids): what the relation leads to, graph-wide
TRIPLES_WITH_PREDICATES = (
    "UNWIND $predicates AS pred CALL (pred) { MATCH (s:Entity)-[r:RELATION {predicate: pred}]->(o:Entity) "
    "RETURN s, r, o ORDER BY r.triple_id, r.passage_id LIMIT $limit } MATCH (f:Fact {id: r.triple_id}) "
    + _TRIPLE_RETURN + " ORDER BY predicate, id, passage_id"
)
ENTITY_NAMES = "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e.id AS id, e.name AS name"
EPISODES = """
MATCH (ep:Episode {doc_id: $doc_id}) OPTIONAL MATCH (ep)-[:LEARNED]->(f:Fact)
WITH ep, f ORDER BY f.id
RETURN ep.id AS id, ep.doc_id AS doc_id, ep.content_hash AS content_hash, ep.ingested_at AS ingested_at,
       ep.extractor AS extractor, collect(f.id) AS triple_ids
ORDER BY ingested_at, id
"""
# projection reads: a few records holding long lists (the driver's cost is per record, not per
# value); ordering is done in Python, where sorting ids is cheaper than in the query.
PROJECTION_ENTITIES = "MATCH (e:Entity) RETURN collect(e.id) AS ids, collect(e.name) AS names"
PROJECTION_PASSAGES = (
    "MATCH (p:Passage) RETURN p.id AS id, [(p)-[:MENTIONS]->(e:Entity) | e.id] AS entities"
)
PROJECTION_RELATIONS = (
    "MATCH (s:Entity)-[r:RELATION]->(o:Entity) WITH s, o, count(r) AS w "
    "RETURN s.id AS s, collect([o.id, w]) AS targets"
)
PROJECTION_SYNONYMS = (
    "MATCH (a:Entity)-[r:SYNONYM]->(b:Entity) RETURN a.id AS a, collect(b.id) AS targets, collect(r.score) AS scores"
)
STATS = """
CALL () { MATCH (n:Document) RETURN count(n) AS documents }
CALL () { MATCH (n:Passage) RETURN count(n) AS passages }
CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
CALL () { MATCH (n:Fact) RETURN count(n) AS triples }
CALL () { MATCH ()-[r:SYNONYM]->() RETURN count(r) AS synonym_edges }
CALL () { MATCH (n:Episode) RETURN count(n) AS episodes }
CALL () { MATCH ()-[r:RELATION]->() WHERE r.superseded_by IS NOT NULL RETURN count(DISTINCT r.triple_id) AS superseded_triples }
RETURN documents, passages, entities, triples, synonym_edges, episodes, superseded_triples
"""

# -- writes (per document, in one transaction) ---------------------------------------------
MERGE_DOCUMENT = """
MERGE (d:Document {id: $doc.id})
SET d.key = $doc.key, d.title = $doc.title, d.source = $doc.source, d.content_hash = $doc.content_hash,
    d.extraction = $doc.extraction, d.ingested_at = $doc.ingested_at, d.metadata = $doc.metadata
"""
MERGE_PASSAGES = """
UNWIND $rows AS row
MERGE (p:Passage {id: row.id})
  ON CREATE SET p.title = row.title, p.text = row.text, p.n_tokens = row.n_tokens, p.locator = row.locator,
                p.embedding = row.embedding
WITH p, row
MATCH (d:Document {id: $doc_id})
MERGE (d)-[h:HAS_PASSAGE]->(p) SET h.position = row.position
"""
MERGE_ENTITIES = """
UNWIND $rows AS row
MERGE (e:Entity {id: row.id})
  ON CREATE SET e.name = row.name, e.label = row.label, e.display = coalesce(row.forms[0], row.name)
SET e.surface_forms = [x IN coalesce(e.surface_forms, []) WHERE NOT x IN row.forms] + row.forms,
    e.embedding = coalesce(e.embedding, row.embedding)
"""
MERGE_MENTIONS = """
UNWIND $rows AS row
MATCH (p:Passage {id: row.p}) MATCH (e:Entity {id: row.e})
MERGE (p)-[:MENTIONS]->(e)
"""
MERGE_FACTS = """
UNWIND $rows AS row
MERGE (f:Fact {id: row.id})
  ON CREATE SET f.subject = row.subject, f.predicate = row.predicate, f.object = row.object,
                f.text = row.subject + ' ' + row.predicate + ' ' + row.object
SET f.embedding = coalesce(f.embedding, row.embedding)
"""
MERGE_RELATIONS = """
UNWIND $rows AS row
MATCH (s:Entity {id: row.subject_id}) MATCH (o:Entity {id: row.object_id})
MERGE (s)-[r:RELATION {triple_id: row.id, passage_id: row.passage_id}]->(o)
  ON CREATE SET r.predicate = row.predicate, r.episode_id = $episode_id, r.valid_from = $now
"""
MERGE_EPISODE = """
MERGE (ep:Episode {id: $ep.id})
SET ep.doc_id = $ep.doc_id, ep.content_hash = $ep.content_hash, ep.ingested_at = $ep.ingested_at,
    ep.extractor = $ep.extractor
WITH ep MATCH (d:Document {id: $ep.doc_id}) MERGE (ep)-[:OF_DOCUMENT]->(d)
SET ep.caption = d.title + ' @ ' + left(ep.ingested_at, 16)
"""
LINK_EPISODE_FACTS = """
UNWIND $rows AS tid
MATCH (ep:Episode {id: $episode_id}) MATCH (f:Fact {id: tid})
MERGE (ep)-[:LEARNED]->(f)
"""
SUPERSEDE = """
UNWIND $rows AS row
MATCH (:Entity {id: row.subject_id})-[r:RELATION]->(o:Entity)
WHERE toLower(r.predicate) = row.predicate AND o.id <> row.object_id AND r.superseded_by IS NULL
  AND r.episode_id <> $episode_id
SET r.superseded_by = row.id
RETURN count(r) AS n
"""

# -- removal of a document's contribution --------------------------------------------------
DETACH_DOCUMENT_PASSAGES = """
MATCH (d:Document {id: $doc_id})-[h:HAS_PASSAGE]->(p:Passage)
DELETE h
WITH DISTINCT p WHERE NOT EXISTS { (:Document)-[:HAS_PASSAGE]->(p) }
RETURN collect(p.id) AS orphans
"""
ORPHAN_TOUCHED = """
UNWIND $ids AS pid
MATCH (p:Passage {id: pid})
OPTIONAL MATCH (p)-[:MENTIONS]->(e:Entity)
WITH collect(DISTINCT e.id) AS mentioned
OPTIONAL MATCH (s:Entity)-[r:RELATION]->(o:Entity) WHERE r.passage_id IN $ids
RETURN mentioned, collect(DISTINCT r.triple_id) AS triple_ids, collect(DISTINCT s.id) + collect(DISTINCT o.id) AS ends
"""
DELETE_RELATIONS_OF_PASSAGES = """
UNWIND $ids AS pid MATCH ()-[r:RELATION {passage_id: pid}]->() DELETE r
"""
DELETE_PASSAGES = "UNWIND $ids AS pid MATCH (p:Passage {id: pid}) DETACH DELETE p"
DELETE_GONE_FACTS = """
UNWIND $ids AS tid
MATCH (f:Fact {id: tid}) WHERE NOT EXISTS { ()-[:RELATION {triple_id: tid}]->() }
OPTIONAL MATCH ()-[r:RELATION {superseded_by: tid}]->()
SET r.superseded_by = null
WITH DISTINCT f
DETACH DELETE f
"""
DELETE_GONE_ENTITIES = """
UNWIND $ids AS eid
MATCH (e:Entity {id: eid})
WHERE NOT EXISTS { (:Passage)-[:MENTIONS]->(e) } AND NOT EXISTS { (e)-[:RELATION]-() }
DETACH DELETE e
"""
DELETE_EPISODES = "MATCH (ep:Episode {doc_id: $doc_id}) DETACH DELETE ep"
DELETE_DOCUMENT = "MATCH (d:Document {id: $doc_id}) DETACH DELETE d"
DOCUMENT_EXISTS = "MATCH (d:Document {id: $doc_id}) RETURN count(d) AS n"

# -- synonyms ------------------------------------------------------------------------------
DELETE_SYNONYMS = "MATCH ()-[r:SYNONYM]->() DELETE r"
CREATE_SYNONYMS = """
UNWIND $rows AS row
MATCH (a:Entity {id: row.a}) MATCH (b:Entity {id: row.b})
MERGE (a)-[r:SYNONYM]->(b) SET r.score = row.score, r.rounded = round(row.score, 2)
"""

# -- maintenance (tests and benchmarks) ----------------------------------------------------
DELETE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
RESET_META = "MERGE (m:HippographMeta {id: 'graph'}) SET m.version = coalesce(m.version, 0) + 1, m.instance = randomUUID()"

# the dimension of the vector indexes already created (read once on connect)
VECTOR_INDEX_OPTIONS = "SHOW VECTOR INDEXES YIELD name, options RETURN options LIMIT 1"

# caption properties for graphs written before they existed (cheap once filled: IS NULL filters)
BACKFILL_CAPTIONS = [
    "MATCH (e:Entity) WHERE e.display IS NULL SET e.display = coalesce(e.surface_forms[0], e.name)",
    "MATCH (f:Fact) WHERE f.text IS NULL SET f.text = f.subject + ' ' + f.predicate + ' ' + f.object",
    "MATCH ()-[r:SYNONYM]->() WHERE r.rounded IS NULL SET r.rounded = round(r.score, 2)",
    "MATCH (ep:Episode)-[:OF_DOCUMENT]->(d:Document) WHERE ep.caption IS NULL "
    "SET ep.caption = d.title + ' @ ' + left(ep.ingested_at, 16)",
]

# ``hippograph browse``: a question's evidence, saved as a (:Question) node linked to its seed
# entities, cited passages and answer entity; the answer path is a list of triple ids on it
# a saved question takes the graph's write lock (a counter on the meta node, so the SET is a real write)
# without moving its version: a question is not part of what the graph knows
LOCK_FOR_QUESTION = (
    "MATCH (m:HippographMeta {id: 'graph'}) SET m.questions_saved = coalesce(m.questions_saved, 0) + 1"
)
SAVE_QUESTION = """
MERGE (q:Question {id: $q.id})
SET q.text = $q.text, q.answer = $q.answer, q.confidence = $q.confidence, q.path = $q.path, q.asked_at = $q.asked_at
WITH q
CALL (q) { MATCH (q)-[r:SEED|CITES|ANSWER]->() DELETE r }
CALL (q) { UNWIND $seeds AS s MATCH (e:Entity {id: s.id}) MERGE (q)-[r:SEED]->(e) SET r.score = s.score }
CALL (q) { UNWIND $cited AS c MATCH (p:Passage {id: c.id}) MERGE (q)-[r:CITES]->(p) SET r.n = c.n }
CALL (q) { UNWIND $answer_ids AS a MATCH (e:Entity {id: a}) MERGE (q)-[:ANSWER]->(e) }
RETURN q.id AS id
"""
# printed for Neo4j Browser (``cli/commands/browse.py`` puts the id in): the evidence view
EVIDENCE_VIEW = """MATCH (q:Question {id: $question_id})
CALL (q) { OPTIONAL MATCH mark = (q)-[:SEED|CITES|ANSWER]->() RETURN collect(mark) AS marks }
CALL (q) { OPTIONAL MATCH hop = (:Entity)-[r:RELATION]->(:Entity) WHERE r.triple_id IN q.path RETURN collect(hop) AS path }
RETURN q, marks, path;"""
# printed for Neo4j Browser with ``--wide``: the PPR neighbourhood of the retrieved passages
BROWSE_SUBGRAPH = """MATCH (p:Passage) WHERE p.id IN $passage_ids
OPTIONAL MATCH (p)-[m:MENTIONS]->(e:Entity) WHERE e.id IN $entity_ids
OPTIONAL MATCH (e)-[r:RELATION]-(e2:Entity) WHERE e2.id IN $entity_ids
RETURN p, m, e, r, e2;"""

