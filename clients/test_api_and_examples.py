"""The API's read endpoints and the docs/ontology.md example queries against a running
`gongchuang serve`, on the embedded store and in remote-store mode alike.

With GONGCHUANG_ANSWERS set (a directory), the answers of the example queries and the case and
triple counts are written to ANSWERS/ENGINE.json, for scripts/compare_answers.py to compare
across stores.
"""
import json
import os
import pathlib
import re
import urllib.parse

from test_store_and_errors import ENGINE, GRAPH, call, sparql

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "ontology.md"
# Extension functions of the embedded store (BM25, embeddings): not available remotely, so
# nothing to compare (server/tests/api.rs runs those examples on the embedded store).
EXTENSIONS = ("gc:textScore", "gc:similarity")


def get_json(path):
    status, _, data = call("GET", path)
    assert status == 200, (path, data)
    return json.loads(data)


def api_answers():
    """Search hits and recommended cases (close, or the nearest far ones), by id."""
    hits = get_json("/api/search?" + urllib.parse.urlencode({"q": "老旧小区 居民参与"}))["hits"]
    body = json.dumps({"scenario": "老旧小区改造中居民参与不足，希望借助数字平台和社区议事机制。", "limit": 3})
    status, _, data = call("POST", "/api/recommend", body.encode(), {"Content-Type": "application/json"})
    assert status == 200, data
    r = json.loads(data)
    # `far` is left out when something is close.
    return sorted(h["id"] for h in hits), sorted(c["id"] for c in r["cases"] + r.get("far", []))


def test_search_recommend_cases_documents_analytics():
    hits, recommended = api_answers()
    assert hits
    assert 0 < len(recommended) <= 6
    cases = get_json("/api/cases")
    assert cases
    assert get_json("/api/cases/" + urllib.parse.quote(cases[0]["id"]))
    docs = get_json("/api/documents")
    assert docs
    doc = urllib.parse.quote(docs[0]["id"])
    assert get_json("/api/documents/" + doc)
    assert call("GET", f"/api/documents/{doc}/source")[0] == 200
    assert get_json("/api/analytics")["cases"] == len(cases)


def examples():
    """(name, query) of each example in docs/ontology.md."""
    md = DOCS.read_text(encoding="utf-8")
    return re.findall(r"<!-- query: ([\w-]+) -->\s*```sparql\n(.*?)```", md, re.S)


def answers(query):
    """The rows of a SELECT as a set: the order of rows and their repeats are the engine's."""
    rows = sparql(query)
    return sorted({json.dumps(sorted((k, v["value"]) for k, v in r.items()), ensure_ascii=False) for r in rows})


def test_ontology_examples_and_counts():
    found = examples()
    assert len(found) >= 5
    out = {}
    for name, query in found:
        if any(f in query for f in EXTENSIONS):
            continue
        out[name] = answers(query)
        assert out[name], name
    # Triples by graph, the project's graphs only (an engine keeps graphs of its own).
    by_graph = {r["g"]["value"]: int(r["n"]["value"])
                for r in sparql("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
                if r["g"]["value"].startswith(GRAPH)}
    c = sparql("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/gongchuang/ns#Case> }")
    out["#graphs"] = by_graph
    out["#triples"] = sum(by_graph.values())
    out["#cases"] = int(c[0]["n"]["value"])
    out["#search"], out["#recommend"] = api_answers()
    out["#api-cases"] = sorted(c["id"] for c in get_json("/api/cases"))
    out["#analytics"] = get_json("/api/analytics")
    target = os.environ.get("GONGCHUANG_ANSWERS")
    if target:
        pathlib.Path(target, ENGINE + ".json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
