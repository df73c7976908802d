"""Errors and the Graph Store Protocol (`/store`) against a running `gongchuang serve`, on
the embedded store and in remote-store mode alike.

GONGCHUANG_ENGINE (embedded, oxigraph, virtuoso) says what holds the graph; scripts/clients.sh
sets it with GONGCHUANG_URL and GONGCHUANG_TOKEN.
"""
import json
import os
import urllib.error
import urllib.parse
import urllib.request

import rdflib

BASE = os.environ["GONGCHUANG_URL"]
TOKEN = os.environ["GONGCHUANG_TOKEN"]
ENGINE = os.environ.get("GONGCHUANG_ENGINE", "embedded")
GRAPH = "https://w3id.org/gongchuang/graph/"
# How each engine's parser words a syntax error: the endpoint passes it on as it is.
SYNTAX_WORDS = {"embedded": "error", "oxigraph": "error at", "virtuoso": "SP030"}


def call(method, path, body=None, headers=None):
    """(status, headers, body) of one request; errors are answers too."""
    req = urllib.request.Request(BASE + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def sparql(query):
    body = urllib.parse.urlencode({"query": query}).encode()
    status, _, data = call("POST", "/sparql", body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json"})
    assert status == 200, data
    return json.loads(data)["results"]["bindings"]


def update(text):
    return call("POST", "/sparql", text.encode(), {
        "Content-Type": "application/sparql-update", "Authorization": "Bearer " + TOKEN})


def store(method, graph, body=None, ctype="text/turtle"):
    headers = {"Accept": "application/n-triples"}
    if method != "GET":
        headers = {"Content-Type": ctype, "Authorization": "Bearer " + TOKEN}
    return call(method, "/store?" + urllib.parse.urlencode({"graph": graph}), body, headers)


def test_malformed_query_answers_400_with_the_parsers_message():
    status, _, data = call("GET", "/sparql?" + urllib.parse.urlencode({"query": "SELEC ?x WHERE {"}))
    assert status == 400, data
    assert SYNTAX_WORDS[ENGINE] in json.loads(data)["error"]


def test_malformed_update_answers_400_with_the_parsers_message():
    status, _, data = update("INSERT DATA { GRAPH <urn:x> { <urn:s> <urn:p> ")
    assert status == 400, data
    assert SYNTAX_WORDS[ENGINE] in json.loads(data)["error"]


def test_store_get_answers_a_document_graph_whole():
    g = sparql("SELECT ?g WHERE { GRAPH ?g { ?d a <https://w3id.org/gongchuang/ns#Document> } } LIMIT 1")[0]["g"]["value"]
    n = int(sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")[0]["n"]["value"])
    status, headers, data = store("GET", g)
    assert status == 200, data
    parsed = rdflib.Graph().parse(data=data, format="nt")
    assert len(parsed) == n > 0


def test_store_put_post_get_delete_of_a_project_graph():
    g = GRAPH + "clients-test"
    assert store("PUT", g, b"<urn:a> <urn:p> \"1\" .")[0] == 204
    assert store("POST", g, b"<urn:b> <urn:p> \"2\" .")[0] == 204
    status, _, data = store("GET", g)
    assert status == 200, data
    assert len(rdflib.Graph().parse(data=data, format="nt")) == 2
    assert store("DELETE", g)[0] == 204
    assert store("GET", g)[0] == 404


def test_store_with_a_bad_body_is_400():
    status, _, data = store("PUT", GRAPH + "clients-test", b"<urn:a> <urn:p> .")
    assert status == 400, data


def test_remote_store_reaches_the_projects_graphs_only():
    if ENGINE == "embedded":
        return
    assert store("GET", "urn:clients")[0] == 403
    assert store("PUT", "urn:clients", b"<urn:a> <urn:p> \"1\" .")[0] == 403


def test_a_query_virtuoso_will_not_run_is_400():
    # Virtuoso refuses before running a query whose estimated time exceeds its limit (500 with
    # SQL state 42000): the query's fault, so 400 with the engine's message.
    if ENGINE != "virtuoso":
        return
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, _, data = call("GET", "/sparql?" + urllib.parse.urlencode({"query": q}))
    assert status == 400, data
    assert "exceeds the limit" in json.loads(data)["error"]
