//! SPARQL over the embedded store: our prefixes, the protocol's dataset, SERVICE refused.

use crate::error::QueryError;
use crate::ns;
use oxigraph::model::NamedNode;
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator, UpdateEvaluationError};
use oxigraph::store::Store;

/// Why a SERVICE query is refused.
pub const NO_SERVICE: &str =
    "SERVICE (federated query) is disabled: this endpoint never calls other endpoints";

/// Refuse queries nested too deeply to parse safely, and queries that use SERVICE, in
/// embedded and remote mode alike (a relayed SERVICE would make the remote store fetch
/// arbitrary URLs for the caller). Text that does not parse passes: the evaluator reports
/// the syntax error itself.
pub fn refuse_service(q: &str) -> Result<(), QueryError> {
    match parse_checked(q) {
        Err(e @ QueryError::Refused(_)) => Err(e),
        _ => Ok(()),
    }
}

/// Parse a query once, with our prefixes, refusing deep nesting and SERVICE: the evaluator
/// takes the parsed query (`SparqlEvaluator::for_query`), so nothing is parsed twice.
pub fn parse_checked(q: &str) -> Result<spargebra::Query, QueryError> {
    crate::nesting::check_nesting(q)?;
    let mut parser = spargebra::SparqlParser::new();
    for (p, iri) in ns::PREFIXES {
        parser = parser.with_prefix(*p, *iri).expect("valid prefix");
    }
    let query = parser
        .parse_query(q)
        .map_err(|e| QueryError::Syntax(e.to_string()))?;
    if sse_has_service(&query.to_sse()) {
        return Err(QueryError::Refused(NO_SERVICE.into()));
    }
    Ok(query)
}

/// `(service ` outside string literals of an SSE form (IRIs cannot hold spaces or quotes).
fn sse_has_service(sse: &str) -> bool {
    let b = sse.as_bytes();
    let (mut in_str, mut esc) = (false, false);
    for i in 0..b.len() {
        if in_str {
            match b[i] {
                _ if esc => esc = false,
                b'\\' => esc = true,
                b'"' => in_str = false,
                _ => {}
            }
        } else if b[i] == b'"' {
            in_str = true;
        } else if b[i..].starts_with(b"(service ") {
            return true;
        }
    }
    false
}

/// The protocol's `default-graph-uri` and `named-graph-uri` parameters.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
}

/// An evaluator for `query` (which parses with our prefixes and refuses SERVICE); cancel
/// the token to stop it.
pub fn evaluator() -> (SparqlEvaluator, CancellationToken) {
    let token = CancellationToken::new();
    let ev = SparqlEvaluator::new().with_cancellation_token(token.clone());
    (ev, token)
}

/// Run a query on the store and hand the results to `f` (which serialises them) while the
/// deadline still applies.
pub fn query<R>(
    store: &Store,
    ev: SparqlEvaluator,
    q: &str,
    dataset: &Dataset,
    f: impl FnOnce(QueryResults<'_>) -> Result<R, QueryError>,
) -> Result<R, QueryError> {
    let mut prepared = ev.for_query(parse_checked(q)?);
    let iri = |g: &String| {
        NamedNode::new(g.as_str()).map_err(|e| QueryError::Syntax(format!("graph IRI {g}: {e}")))
    };
    let ds = prepared.dataset_mut();
    if !dataset.default_graphs.is_empty() {
        let gs = dataset
            .default_graphs
            .iter()
            .map(|g| iri(g).map(Into::into))
            .collect::<Result<_, _>>()?;
        ds.set_default_graph(gs);
    } else if ds.is_default_dataset() {
        // Data lives in one named graph per document: by default, query them all together.
        ds.set_default_graph_as_union();
    }
    if !dataset.named_graphs.is_empty() {
        let gs = dataset
            .named_graphs
            .iter()
            .map(|g| iri(g).map(Into::into))
            .collect::<Result<_, _>>()?;
        ds.set_available_named_graphs(gs);
    }
    let results = prepared.on_store(store).execute()?;
    f(results)
}

/// Why a LOAD is refused.
pub const NO_LOAD: &str = "LOAD is disabled: this endpoint never fetches other URLs";

/// Refuse updates nested too deeply to parse safely, and LOAD (which would fetch a URL).
/// Text that does not parse passes: the evaluator reports the syntax error itself.
pub fn refuse_load(u: &str) -> Result<(), QueryError> {
    crate::nesting::check_nesting(u)?;
    let mut parser = spargebra::SparqlParser::new();
    for (p, iri) in ns::PREFIXES {
        parser = parser.with_prefix(*p, *iri).expect("valid prefix");
    }
    let loads = parser.parse_update(u).is_ok_and(|update| {
        update
            .operations
            .iter()
            .any(|op| matches!(op, spargebra::GraphUpdateOperation::Load { .. }))
    });
    if loads {
        return Err(QueryError::Refused(NO_LOAD.into()));
    }
    Ok(())
}

/// Run a SPARQL Update (the caller has checked the token).
pub fn update(store: &Store, u: &str) -> Result<(), QueryError> {
    refuse_load(u)?;
    let mut ev = SparqlEvaluator::new();
    for (p, iri) in ns::PREFIXES {
        ev = ev.with_prefix(*p, *iri).expect("valid prefix");
    }
    let prepared = ev
        .parse_update(u)
        .map_err(|e| QueryError::Syntax(e.to_string()))?;
    prepared.on_store(store).execute().map_err(update_error)
}

/// A storage failure is the server's; everything else (a graph that exists or does not,
/// LOAD of what cannot be read, SERVICE) is the request's.
fn update_error(e: UpdateEvaluationError) -> QueryError {
    match e {
        UpdateEvaluationError::Storage(_) | UpdateEvaluationError::Unexpected(_) => {
            QueryError::Evaluation(e.to_string())
        }
        e => QueryError::Update(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_is_refused_wherever_it_hides() {
        for q in [
            "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
            "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://x/> { ?s ?q ?r } } }",
            "ASK { FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
            "select * where { service ?svc { ?s ?p ?o } }",
        ] {
            assert!(
                matches!(refuse_service(q), Err(QueryError::Refused(_))),
                "{q}"
            );
        }
        for q in [
            "SELECT * WHERE { ?s rdfs:label \"(service <http://x/> )\" }",
            "SELECT * WHERE { ?s <http://x/service> ?o }",
            "SELEC nonsense",
        ] {
            assert!(refuse_service(q).is_ok(), "{q}");
        }
    }

    #[test]
    fn load_is_refused() {
        for u in [
            "LOAD <http://127.0.0.1:1/x.ttl>",
            "load silent <http://x/> into graph <urn:g>",
            "INSERT DATA { <urn:a> <urn:b> <urn:c> } ; LOAD <http://x/>",
        ] {
            assert!(matches!(refuse_load(u), Err(QueryError::Refused(_))), "{u}");
        }
        for u in [
            "INSERT DATA { <urn:a> <urn:b> \"LOAD <http://x/>\" }",
            "nonsense",
        ] {
            assert!(refuse_load(u).is_ok(), "{u}");
        }
    }
}
