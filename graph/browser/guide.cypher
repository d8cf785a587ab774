// hippograph: saved queries for Neo4j Browser (http://127.0.0.1:7474/browser/).
// Paste one query at a time, or drag this file into the Browser's Favorites to keep them all.
// Set parameters first with :param, e.g.  :param title => 'Journal of Psychotherapy Integration'
// Style: drag graph/browser/hippograph.grass onto the Browser (or :style and paste it).

// 1. Overview: how much of each kind
MATCH (n) RETURN labels(n)[0] AS label, count(*) AS nodes ORDER BY nodes DESC;

// 2. A document's passages, their entities and the facts they state
//    :param title => 'Journal of Psychotherapy Integration'
MATCH (d:Document {title: $title})-[:HAS_PASSAGE]->(p:Passage)
OPTIONAL MATCH (p)-[m:MENTIONS]->(e:Entity)
OPTIONAL MATCH (e)-[r:RELATION]->(o:Entity) WHERE r.passage_id = p.id
RETURN d, p, m, e, r, o LIMIT 200;

// 3. An entity's neighbourhood, with its synonyms
//    :param name => 'american psychological association'
MATCH (e:Entity {name: $name})
OPTIONAL MATCH (e)-[r:RELATION]-(n:Entity)
OPTIONAL MATCH (e)-[s:SYNONYM]-(syn:Entity)
OPTIONAL MATCH (p:Passage)-[m:MENTIONS]->(e)
RETURN e, r, n, s, syn, p, m LIMIT 150;

// 4. The episodes that taught a fact (AriGraph episodic memory)
//    :param subject => 'journal of psychotherapy integration'
MATCH (s:Entity {name: $subject})-[r:RELATION]->(o:Entity)
MATCH (f:Fact {id: r.triple_id})<-[:LEARNED]-(ep:Episode)-[:OF_DOCUMENT]->(d:Document)
RETURN s, r, o, f, ep, d LIMIT 100;

// 5. Superseded facts: what a newer fact made outdated, and the fact that did it
MATCH (s:Entity)-[old:RELATION]->(o1:Entity) WHERE old.superseded_by IS NOT NULL
MATCH (s)-[new:RELATION {triple_id: old.superseded_by}]->(o2:Entity)
RETURN s, old, o1, new, o2 LIMIT 100;

// 6. The subgraph a question's PPR ranked highest:
//    run `hippograph --store neo4j browse "your question"`, paste its :param lines, then:
MATCH (p:Passage) WHERE p.id IN $passage_ids
OPTIONAL MATCH (p)-[m:MENTIONS]->(e:Entity) WHERE e.id IN $entity_ids
OPTIONAL MATCH (e)-[r:RELATION]-(e2:Entity) WHERE e2.id IN $entity_ids
RETURN p, m, e, r, e2;
