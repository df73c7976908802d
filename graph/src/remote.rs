//! Remote-store mode: every graph read and write goes through the SPARQL 1.1 Protocol to an
//! existing store (Oxigraph server, Fuseki, GraphDB, Virtuoso; QLever read-only). The remote
//! store should answer queries over the union of named graphs by default (Oxigraph:
//! `--union-default-graph`; Fuseki: `tdb2:unionDefaultGraph`), as the embedded store does.

use crate::error::{GraphError, QueryError, Result};
use crate::ns;
use crate::results::Body;
use crate::sparql::Dataset;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use oxigraph::sparql::QuerySolution;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Duration;
use ureq::http::{Request, Response};

mod auth;
mod encode;

pub use encode::url_encode;
use encode::{form_encode, graph_store_url, leak, media_types};

/// Where a remote store answers, and how to sign in.
#[derive(Clone, Default)]
pub struct Endpoints {
    /// SPARQL 1.1 query endpoint.
    pub query: String,
    /// SPARQL 1.1 update endpoint; without it the store is read-only.
    pub update: Option<String>,
    /// Graph Store Protocol endpoint, used to replace a document's graph in one `PUT`. A
    /// `{graph}` in it stands for the encoded graph IRI (Virtuoso:
    /// `…/sparql-graph-crud?graph-uri={graph}`); otherwise `?graph=` is added.
    pub graph_store: Option<String>,
    /// Credentials (user, password) for HTTP basic or digest authentication, whichever the
    /// engine asks for.
    pub credentials: Option<(String, String)>,
}

/// Never the password, wherever endpoints are printed.
impl std::fmt::Debug for Endpoints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoints")
            .field("query", &self.query)
            .field("update", &self.update)
            .field("graph_store", &self.graph_store)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .finish()
    }
}

/// Triples per `INSERT DATA` operation when a graph is written without the Graph Store
/// Protocol (engines limit the size of one operation).
const INSERT_CHUNK: usize = 1000;

/// Triples per page when a graph is read (below Virtuoso's default row limit of 10,000).
const READ_PAGE: usize = 5000;

/// How `oxigraph serve` ends an answer it stopped at its `--timeout-s`.
const CANCELLED: &[u8] = b"The SPARQL operation has been cancelled";

/// The engine behind the endpoint, from its `Server` header: which per-query timeout it takes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Engine {
    /// `timeout` in milliseconds; past it the engine answers what it has with
    /// `X-SQL-State: S1TAT` ("anytime" query).
    Virtuoso,
    /// No per-query timeout, only `--timeout-s` at the server's start; past it the answer,
    /// already begun with 200, ends with `CANCELLED`.
    Oxigraph,
    Other,
}

pub struct Remote {
    endpoints: Endpoints,
    agent: ureq::Agent,
    auth: Option<auth::Auth>,
    engine: OnceLock<Engine>,
    /// The deadline of relayed queries in milliseconds (0: none).
    query_deadline_ms: AtomicU64,
}

/// A response relayed from the remote endpoint.
pub struct Relayed {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    /// The engine cut the result at its own row limit (Virtuoso: `X-SPARQL-MaxRows`).
    pub cut: bool,
    /// The engine stopped at its own timeout and answered a partial result (Virtuoso).
    pub stopped: bool,
}

impl Remote {
    pub fn new(endpoints: Endpoints, timeout: Duration) -> Remote {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .build()
            .into();
        let auth = endpoints
            .credentials
            .as_ref()
            .map(|(u, p)| auth::Auth::new(u, p));
        Remote {
            endpoints,
            agent,
            auth,
            engine: OnceLock::new(),
            query_deadline_ms: AtomicU64::new(0),
        }
    }

    /// The deadline of the queries relayed by `run_query`: sent to the engine where it takes
    /// one, and the time the request waits.
    pub fn set_query_deadline(&self, d: Duration) {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        self.query_deadline_ms.store(ms, Ordering::Relaxed);
    }

    fn query_deadline(&self) -> Option<Duration> {
        match self.query_deadline_ms.load(Ordering::Relaxed) {
            0 => None,
            ms => Some(Duration::from_millis(ms)),
        }
    }

    /// Send one request, signed once the engine has said how; a 401 with a challenge is
    /// answered once. `wait` overrides the agent's timeout.
    fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: &str,
        wait: Option<Duration>,
    ) -> Result<Response<ureq::Body>> {
        let uri: ureq::http::Uri = url
            .parse()
            .map_err(|e| GraphError::Unsupported(format!("bad remote store URL {url}: {e}")))?;
        let target = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
        let build = |authorization: Option<String>| -> Result<Request<String>> {
            let mut b = Request::builder().method(method).uri(uri.clone());
            for (k, v) in headers {
                b = b.header(*k, *v);
            }
            if let Some(a) = authorization {
                b = b.header("Authorization", a);
            }
            let req = b
                .body(body.to_string())
                .map_err(|e| GraphError::Unsupported(format!("bad remote request: {e}")))?;
            Ok(match wait {
                Some(w) => self
                    .agent
                    .configure_request(req)
                    .timeout_global(Some(w))
                    .build(),
                None => req,
            })
        };
        let sign = || self.auth.as_ref().and_then(|a| a.header(method, &target));
        let r = self.agent.run(build(sign())?)?;
        self.note_engine(&r);
        let Some(auth) = &self.auth else {
            return Ok(r);
        };
        if r.status().as_u16() != 401 {
            return Ok(r);
        }
        let challenges: Vec<String> = r
            .headers()
            .get_all("www-authenticate")
            .iter()
            .filter_map(|v| v.to_str().ok().map(String::from))
            .collect();
        if !auth.learn(&challenges) {
            return Ok(r);
        }
        Ok(self.agent.run(build(sign())?)?)
    }

    /// Remember which engine answers (its `Server` header), once.
    fn note_engine(&self, r: &Response<ureq::Body>) {
        if self.engine.get().is_some() {
            return;
        }
        let server = r
            .headers()
            .get("server")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let e = if server.starts_with("Virtuoso") {
            Engine::Virtuoso
        } else if server.starts_with("Oxigraph") {
            Engine::Oxigraph
        } else {
            Engine::Other
        };
        let _ = self.engine.set(e);
    }

    /// Forward a query with the client's Accept header, form-encoded (`query=…`): every
    /// engine takes that form, while some never answer a body of `application/sparql-query`.
    pub fn query(&self, q: &str, accept: &str, params: &[(String, String)]) -> Result<Relayed> {
        self.query_within(q, accept, params, None)
    }

    /// `query`, stopped at `deadline`: by the engine itself where it takes a timeout, and
    /// by not waiting longer (a second more, for the engine's own answer to come).
    fn query_within(
        &self,
        q: &str,
        accept: &str,
        params: &[(String, String)],
        deadline: Option<Duration>,
    ) -> Result<Relayed> {
        let mut form = vec![("query".to_string(), q.to_string())];
        form.extend(params.iter().cloned());
        if let Some(d) = deadline {
            if self.engine() == Engine::Virtuoso {
                form.push(("timeout".to_string(), d.as_millis().to_string()));
            }
        }
        let accept = if accept.is_empty() {
            "application/sparql-results+json, text/turtle;q=0.9"
        } else {
            accept
        };
        let headers = [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", accept),
        ];
        let wait = deadline.map(|d| d + Duration::from_secs(1));
        let mut r = self.send(
            "POST",
            &self.endpoints.query,
            &headers,
            &form_encode(&form),
            wait,
        )?;
        let header = |name: &str| {
            r.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let content_type = header("content-type");
        let cut = r.headers().contains_key("x-sparql-maxrows");
        let anytime = header("x-sql-state") == "S1TAT";
        let body = r
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_vec()?;
        let stopped =
            anytime || (self.engine.get() == Some(&Engine::Oxigraph) && body.ends_with(CANCELLED));
        Ok(Relayed {
            status: r.status().as_u16(),
            content_type,
            body,
            cut,
            stopped,
        })
    }

    /// The engine, asked once with a trivial query when no answer has named it yet.
    fn engine(&self) -> Engine {
        if let Some(e) = self.engine.get() {
            return *e;
        }
        let _ = self.query("ASK {}", "application/sparql-results+json", &[]);
        *self.engine.get().unwrap_or(&Engine::Other)
    }

    /// Send an update, form-encoded (`update=…`).
    pub fn update(&self, u: &str) -> Result<()> {
        let url = self.endpoints.update.as_deref().ok_or_else(|| {
            GraphError::Unsupported("remote store is read-only: no --graph-update-endpoint".into())
        })?;
        let body = form_encode(&[("update".to_string(), u.to_string())]);
        let headers = [("Content-Type", "application/x-www-form-urlencoded")];
        check_status(self.send("POST", url, &headers, &body, None)?, "update")
    }

    /// A SELECT or ASK answered as JSON, or the engine's refusal.
    fn json(&self, q: &str, what: &str) -> Result<serde_json::Value> {
        let r = self.query(q, "application/sparql-results+json", &[])?;
        if r.status != 200 {
            return Err(GraphError::from_status(what, r.status, &r.body));
        }
        Ok(serde_json::from_slice(&r.body)?)
    }

    pub fn ask(&self, q: &str) -> Result<bool> {
        Ok(self.json(q, "ASK")?["boolean"].as_bool().unwrap_or(false))
    }

    /// Values of one variable of a SELECT.
    pub fn select_column(&self, q: &str, var: &str) -> Result<Vec<String>> {
        let v = self.json(q, "SELECT")?;
        Ok(v["results"]["bindings"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .filter_map(|b| b[var]["value"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Replace a named graph: one Graph Store Protocol `PUT` where the engine has one, else
    /// one update request (one transaction) of chunked `INSERT DATA` operations.
    pub fn replace_graph(&self, graph: &str, quads: &[Quad]) -> Result<()> {
        let triples: Vec<String> = quads
            .iter()
            .map(|q| format!("{} {} {} .\n", q.subject, q.predicate, q.object))
            .collect();
        if let Some(gsp) = &self.endpoints.graph_store {
            let url = graph_store_url(gsp, graph);
            let headers = [("Content-Type", "application/n-triples")];
            let r = self.send("PUT", &url, &headers, &triples.concat(), None)?;
            return check_status(r, "graph store PUT");
        }
        let mut u = format!("DROP SILENT GRAPH <{graph}>");
        for chunk in triples.chunks(INSERT_CHUNK) {
            u.push_str(&format!(
                " ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{}}} }}",
                chunk.concat()
            ));
        }
        self.update(&u)
    }
}

impl Remote {
    /// Document ids that have a named graph (unsorted).
    pub fn doc_ids(&self) -> Result<Vec<String>> {
        let prefix = ns::doc_graph("");
        let q = format!("SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s a <{}> }} FILTER(STRSTARTS(STR(?g), \"{prefix}\")) }}", ns::gc("Document"));
        Ok(self
            .select_column(&q, "g")?
            .into_iter()
            .filter_map(|g| g.strip_prefix(&prefix).map(String::from))
            .collect())
    }

    /// Relay a query (SERVICE already refused) with our prefixes and the client's dataset.
    pub fn run_query(&self, q: &str, dataset: &Dataset, accept: &str) -> Result<Body, QueryError> {
        let mut params: Vec<(String, String)> = Vec::new();
        params.extend(
            dataset
                .default_graphs
                .iter()
                .map(|g| ("default-graph-uri".to_string(), g.clone())),
        );
        params.extend(
            dataset
                .named_graphs
                .iter()
                .map(|g| ("named-graph-uri".to_string(), g.clone())),
        );
        // Our prefixes are predeclared locally; send them along so remote stores see them
        // too, on one line, so that the engine's messages give the query's own line numbers.
        let q = format!("{} {q}", ns::prologue().replace('\n', " "));
        let deadline = self.query_deadline();
        let res = self
            .query_within(&q, &media_types(accept), &params, deadline)
            .map_err(|e| transport_error(e, deadline))?;
        if res.stopped {
            return Err(QueryError::Timeout(deadline.unwrap_or_default()));
        }
        if res.status == 200 {
            return Ok(Body {
                content_type: leak(res.content_type),
                bytes: res.body,
                truncated: res.cut,
            });
        }
        let e = GraphError::from_status("query", res.status, &res.body);
        let refused = matches!(e, GraphError::RemoteRefused { .. });
        Err(match res.status {
            // The request's fault: the engine's own message, as it gave it.
            400 | 413 | 414 | 422 => QueryError::Syntax(engine_message(&res.body)),
            406 => QueryError::NotAcceptable(engine_message(&res.body)),
            503 => QueryError::Unavailable(e.to_string()),
            504 => QueryError::Timeout(deadline.unwrap_or_default()),
            _ if res.body.starts_with(b"Virtuoso S1T00") => {
                QueryError::Timeout(deadline.unwrap_or_default())
            }
            // A 500 whose SQL state says the query is at fault (Virtuoso).
            500 if refused => QueryError::Syntax(engine_message(&res.body)),
            // Refused credentials, a wrong endpoint, an engine failure: not the client's doing.
            _ => QueryError::Upstream(e.to_string()),
        })
    }

    /// Graphs of the project (`ns::GRAPH`…) that hold triples.
    pub fn project_graphs(&self) -> Result<Vec<String>> {
        let q = format!(
            "SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{}\")) }}",
            ns::GRAPH
        );
        let mut gs = self.select_column(&q, "g")?;
        gs.sort();
        Ok(gs)
    }

    /// The triples of one named graph, as quads in it, read in pages of a CONSTRUCT and
    /// checked against the graph's count: an engine's row limit applies to its Graph Store
    /// Protocol GET too, and Virtuoso cuts that one silently (at `ResultSetMaxRows`). Pages
    /// are not ordered (Virtuoso sorts 10,000 rows at most); the count shows that they
    /// covered the graph, once. Where the engine keeps failing a CONSTRUCT page, the graph
    /// is read again, whole, as SELECT rows, a form engines plan and serialise apart.
    pub fn graph_quads(&self, graph: &str) -> Result<Vec<Quad>> {
        let g = NamedNode::new(graph)?;
        let quads = match self.read_graph(&g, PageForm::Construct)? {
            Some(quads) => quads,
            // A SELECT page's failure is an error, never `None`.
            None => self.read_graph(&g, PageForm::Select)?.unwrap_or_default(),
        };
        let count = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}");
        let n: usize = self
            .select_column(&count, "n")?
            .first()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if n != quads.len() {
            return Err(GraphError::Unsupported(format!(
                "reading {graph} from the remote store gave {} of its {n} triples (pages out of step, or the graph changed meanwhile); try again",
                quads.len()
            )));
        }
        Ok(quads.into_iter().collect())
    }

    /// Every page of a graph in one form; `None` where the engine failed a CONSTRUCT page
    /// each time it was asked.
    fn read_graph(&self, g: &NamedNode, form: PageForm) -> Result<Option<HashSet<Quad>>> {
        let mut quads = HashSet::new();
        for page in 0.. {
            let q = form.page(g, page * READ_PAGE);
            let r = self.read_page(&q, form.accept())?;
            if r.status >= 500 && form == PageForm::Construct {
                return Ok(None);
            }
            if r.status != 200 {
                return Err(GraphError::from_status("graph read", r.status, &r.body));
            }
            if r.cut {
                return Err(GraphError::Unsupported(format!(
                    "the remote store cut a page of {g} at its row limit (below {READ_PAGE} rows)"
                )));
            }
            let before = quads.len();
            form.parse(g, &r, &mut quads)?;
            if quads.len() - before < READ_PAGE {
                break;
            }
        }
        Ok(Some(quads))
    }
}

/// How a graph's pages are asked for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PageForm {
    Construct,
    Select,
}

impl PageForm {
    fn page(self, g: &NamedNode, offset: usize) -> String {
        let head = match self {
            PageForm::Construct => "CONSTRUCT { ?s ?p ?o }",
            PageForm::Select => "SELECT ?s ?p ?o",
        };
        format!("{head} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }} LIMIT {READ_PAGE} OFFSET {offset}")
    }

    fn accept(self) -> &'static str {
        match self {
            PageForm::Construct => "application/n-triples, text/turtle;q=0.9",
            PageForm::Select => "application/sparql-results+xml",
        }
    }

    /// The page's triples, put in `g`.
    fn parse(self, g: &NamedNode, r: &Relayed, quads: &mut HashSet<Quad>) -> Result<()> {
        let media = r.content_type.split(';').next().unwrap_or("").trim();
        if self == PageForm::Construct {
            let format = RdfFormat::from_media_type(media).unwrap_or(RdfFormat::Turtle);
            let parser = RdfParser::from_format(format).with_default_graph(g.clone());
            for q in parser.for_slice(&r.body) {
                quads.insert(q?);
            }
            return Ok(());
        }
        let format = QueryResultsFormat::from_media_type(media).unwrap_or(QueryResultsFormat::Xml);
        let rows = match QueryResultsParser::from_format(format).for_slice(&r.body) {
            Ok(SliceQueryResultsParserOutput::Solutions(rows)) => rows,
            Ok(SliceQueryResultsParserOutput::Boolean(_)) => {
                return Err(GraphError::Unsupported(
                    "a graph page answered a boolean".into(),
                ))
            }
            Err(e) => return Err(GraphError::Unsupported(format!("a graph page: {e}"))),
        };
        for row in rows {
            let row = row.map_err(|e| GraphError::Unsupported(format!("a graph page: {e}")))?;
            if let Some(q) = row_quad(&row, g) {
                quads.insert(q);
            }
        }
        Ok(())
    }
}

/// One SELECT row of `?s ?p ?o` as a quad in `g`; `None` where a term cannot stand there.
fn row_quad(row: &QuerySolution, g: &NamedNode) -> Option<Quad> {
    let subject = match row.get("s")? {
        Term::NamedNode(n) => NamedOrBlankNode::from(n.clone()),
        Term::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
        _ => return None,
    };
    let Term::NamedNode(predicate) = row.get("p")? else {
        return None;
    };
    let object = row.get("o")?.clone();
    Some(Quad::new(subject, predicate.clone(), object, g.clone()))
}

/// Pauses before a graph page is asked again.
const READ_RETRIES: [Duration; 3] = [
    Duration::from_millis(300),
    Duration::from_secs(1),
    Duration::from_secs(3),
];

impl Remote {
    /// One page of a graph read. A read changes nothing, so a page the engine failed on
    /// (5xx) is asked again, three times over some 4 s: Virtuoso now and then fails a plain
    /// CONSTRUCT (SR477) and answers it a moment later. The last answer is returned, failed
    /// or not.
    fn read_page(&self, q: &str, accept: &str) -> Result<Relayed> {
        let mut r = self.query(q, accept, &[])?;
        for pause in READ_RETRIES {
            if r.status < 500 {
                break;
            }
            std::thread::sleep(pause);
            r = self.query(q, accept, &[])?;
        }
        Ok(r)
    }
}

/// A failed request: the engine did not answer in time, or could not be reached.
fn transport_error(e: GraphError, deadline: Option<Duration>) -> QueryError {
    match (e, deadline) {
        (GraphError::Http(ureq::Error::Timeout(_)), Some(d)) => QueryError::Timeout(d),
        (e, _) => QueryError::Upstream(e.to_string()),
    }
}

/// The engine's message, trimmed to a readable length.
fn engine_message(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .trim()
        .chars()
        .take(2000)
        .collect()
}

/// A 2xx answer, or the engine's message as an error.
fn check_status(mut r: ureq::http::Response<ureq::Body>, what: &str) -> Result<()> {
    let status = r.status().as_u16();
    if !(200..300).contains(&status) {
        let body = r
            .body_mut()
            .with_config()
            .limit(1024 * 1024)
            .read_to_vec()
            .unwrap_or_default();
        return Err(GraphError::from_status(what, status, &body));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_engine_is_the_gateways_fault() {
        // A port nothing listens on: bound, then closed.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}/sparql");
        let r = Remote::new(
            Endpoints {
                query: url.clone(),
                update: Some(url),
                ..Endpoints::default()
            },
            Duration::from_secs(5),
        );
        let e = r
            .run_query("ASK {}", &Dataset::default(), "json")
            .err()
            .unwrap();
        assert!(matches!(e, QueryError::Upstream(_)), "{e:?}");
        let e = r.update("CLEAR ALL").unwrap_err();
        assert!(e.is_upstream(), "{e:?}");
        assert!(e.to_string().contains("unreachable"), "{e}");
    }

    /// An engine on loopback that fails the first `fails` CONSTRUCTs as Virtuoso did in CI
    /// (SR477) and answers every later request, and every SELECT: one triple, counted as one.
    fn engine_failing_constructs(fails: usize) -> String {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/sparql", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let mut failures = 0;
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream);
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                    if line.trim().is_empty() {
                        break;
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let (status, media, text) = if String::from_utf8_lossy(&body).contains("COUNT") {
                    let n = r#"{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"1"}}]}}"#;
                    ("200 OK", "application/sparql-results+json", n)
                } else if String::from_utf8_lossy(&body).contains("SELECT") {
                    let row = r#"<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="s"/><variable name="p"/><variable name="o"/></head><results><result><binding name="s"><uri>urn:s</uri></binding><binding name="p"><uri>urn:p</uri></binding><binding name="o"><literal xml:lang="zh">社区</literal></binding></result></results></sparql>"#;
                    ("200 OK", "application/sparql-results+xml", row)
                } else if failures < fails {
                    failures += 1;
                    ("500 Error", "text/plain", "Virtuoso 22026 Error SR477: Error serializing the value into an ANY column")
                } else {
                    (
                        "200 OK",
                        "application/n-triples",
                        "<urn:s> <urn:p> <urn:o> .\n",
                    )
                };
                let answer = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {media}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                );
                reader.get_mut().write_all(answer.as_bytes()).unwrap();
            }
        });
        url
    }

    #[test]
    fn a_graph_page_the_engine_failed_is_asked_again() {
        let r = Remote::new(
            Endpoints {
                query: engine_failing_constructs(3),
                ..Endpoints::default()
            },
            Duration::from_secs(5),
        );
        let quads = r.graph_quads("urn:g").unwrap();
        assert_eq!(quads.len(), 1, "{quads:?}");
        assert!(quads[0].object.is_named_node(), "{quads:?}");
    }

    #[test]
    fn a_graph_the_engine_will_not_construct_is_read_as_rows() {
        let r = Remote::new(
            Endpoints {
                query: engine_failing_constructs(usize::MAX),
                ..Endpoints::default()
            },
            Duration::from_secs(5),
        );
        let quads = r.graph_quads("urn:g").unwrap();
        assert_eq!(quads.len(), 1, "{quads:?}");
        assert_eq!(quads[0].object.to_string(), "\"社区\"@zh", "{quads:?}");
        assert_eq!(quads[0].graph_name.to_string(), "<urn:g>");
    }

    #[test]
    fn endpoints_never_print_the_password() {
        let e = Endpoints {
            credentials: Some(("dba".into(), "s3cret".into())),
            ..Endpoints::default()
        };
        let shown = format!("{e:?}");
        assert!(
            shown.contains("dba") && !shown.contains("s3cret"),
            "{shown}"
        );
    }
}
