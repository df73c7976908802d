//! The web UI: static assets embedded in the binary and served from `/` and `/ui/*`.
//!
//! Nothing is fetched from elsewhere: every script and style is ours (`server/ui/`), fonts
//! are the system's. Every response carries a Content-Security-Policy that allows only
//! `'self'`, and an ETag (`If-None-Match` answers 304). `/ui/config.json` gives the page the
//! SPARQL prefixes the endpoint predeclares, the case facets (`corpus::Facet`: key, thesaurus
//! scheme, weight) and the example queries of `docs/ontology.md` (read at build time, so the
//! examples there and in the UI cannot drift apart).

use crate::http::methods::Methods;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use std::sync::OnceLock;

/// Only our own origin, no inline scripts or styles, no frames, no plugins.
pub const CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; \
frame-ancestors 'none'; object-src 'none'";

macro_rules! asset {
    ($path:literal, $ct:expr) => {
        (
            $path,
            $ct,
            include_bytes!(concat!("../../ui/", $path)) as &[u8],
        )
    };
}

const JS: &str = "text/javascript; charset=utf-8";

/// (path under /ui/, content type, bytes)
static ASSETS: &[(&str, &str, &[u8])] = &[
    asset!("index.html", "text/html; charset=utf-8"),
    asset!("app.css", "text/css; charset=utf-8"),
    asset!("icon.svg", "image/svg+xml"),
    asset!("js/main.js", JS),
    asset!("js/i18n.js", JS),
    asset!("js/util.js", JS),
    asset!("js/config.js", JS),
    asset!("js/diagram.js", JS),
    asset!("js/search.js", JS),
    asset!("js/doc.js", JS),
    asset!("js/case.js", JS),
    asset!("js/cases.js", JS),
    asset!("js/recommend.js", JS),
    asset!("js/explore.js", JS),
    asset!("js/sparql.js", JS),
    asset!("js/token.js", JS),
    asset!("js/upload.js", JS),
];

const ONTOLOGY_MD: &str = include_str!("../../../docs/ontology.md");

/// An example query from `docs/ontology.md`.
#[derive(Debug, serde::Serialize, PartialEq)]
pub struct Example {
    pub name: String,
    /// The first `# comment` line of the query.
    pub title: String,
    pub query: String,
}

/// The ```sparql blocks that follow `<!-- query: NAME -->` markers.
pub fn examples(md: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut lines = md.lines();
    while let Some(l) = lines.next() {
        let Some(name) = l
            .trim()
            .strip_prefix("<!-- query:")
            .and_then(|r| r.strip_suffix("-->"))
        else {
            continue;
        };
        // The fence may follow after blank lines.
        let mut fenced = false;
        for l in lines.by_ref() {
            if l.trim().is_empty() {
                continue;
            }
            fenced = l.trim() == "```sparql";
            break;
        }
        if !fenced {
            continue;
        }
        let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        let title = body
            .iter()
            .find_map(|l| l.trim().strip_prefix('#').map(|t| t.trim().to_string()))
            .unwrap_or_default();
        out.push(Example {
            name: name.trim().to_string(),
            title,
            query: body.join("\n") + "\n",
        });
    }
    out
}

struct Served {
    content_type: &'static str,
    body: web::Bytes,
    etag: String,
}

fn etag_of(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("\"{}\"", &hex::encode(Sha256::digest(bytes))[..20])
}

fn config_json() -> Vec<u8> {
    let prefixes: Vec<serde_json::Value> = graph::ns::PREFIXES
        .iter()
        .map(|(p, iri)| serde_json::json!({"prefix": p, "iri": iri}))
        .collect();
    // The weights recommendation uses (fitted, `server/data/recommend_weights.json`).
    let w = crate::core::recommend::score::Weights::default();
    let facets: Vec<serde_json::Value> = corpus::Facet::ALL
        .iter()
        .map(|f| serde_json::json!({"key": f.label(), "scheme": f.scheme(), "weight": w.get(f.label())}))
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "prefixes": prefixes,
        "facets": facets,
        "examples": examples(ONTOLOGY_MD),
        "version": env!("CARGO_PKG_VERSION"),
    }))
    .expect("serialisable")
}

fn table() -> &'static Vec<(&'static str, Served)> {
    static TABLE: OnceLock<Vec<(&'static str, Served)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: Vec<(&'static str, Served)> = ASSETS
            .iter()
            .map(|(p, ct, b)| {
                (
                    *p,
                    Served {
                        content_type: ct,
                        body: web::Bytes::from_static(b),
                        etag: etag_of(b),
                    },
                )
            })
            .collect();
        let cfg = config_json();
        t.push((
            "config.json",
            Served {
                content_type: "application/json",
                etag: etag_of(&cfg),
                body: web::Bytes::from(cfg),
            },
        ));
        t
    })
}

fn lookup(path: &str) -> Option<&'static Served> {
    table().iter().find(|(p, _)| *p == path).map(|(_, s)| s)
}

/// For UI development only: with `GONGCHUANG_UI_DIR=server/ui`, the embedded assets are read
/// from that directory on every request (no rebuild to see a change). Only the paths that
/// are embedded can be served this way.
fn from_dev_dir(path: &str) -> Option<Served> {
    let dir = std::env::var_os("GONGCHUANG_UI_DIR")?;
    let (_, ct, _) = ASSETS.iter().find(|(p, _, _)| *p == path)?;
    let bytes = std::fs::read(std::path::Path::new(&dir).join(path)).ok()?;
    Some(Served {
        content_type: ct,
        etag: etag_of(&bytes),
        body: web::Bytes::from(bytes),
    })
}

/// Security headers for every UI response.
fn secure(mut b: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    b.insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::X_FRAME_OPTIONS, "DENY"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header(("Cross-Origin-Opener-Policy", "same-origin"))
        .insert_header(("Cross-Origin-Resource-Policy", "same-origin"))
        .insert_header((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ));
    b
}

fn serve(req: &HttpRequest, s: &Served) -> HttpResponse {
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim() == "*"
                || v.split(',')
                    .any(|t| t.trim().trim_start_matches("W/") == s.etag)
        });
    let mut b = secure(if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    });
    // Revalidate every time (cheap: 304 without a body); a new binary never serves stale UI.
    b.insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::ETAG, s.etag.clone()));
    if matches {
        return b.finish();
    }
    b.content_type(s.content_type).body(s.body.clone())
}

async fn index(req: HttpRequest) -> HttpResponse {
    if let Some(s) = from_dev_dir("index.html") {
        return serve(&req, &s);
    }
    serve(&req, lookup("index.html").expect("embedded"))
}

async fn asset(req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    if let Some(s) = from_dev_dir(path.as_str()) {
        return serve(&req, &s);
    }
    match lookup(path.as_str()) {
        Some(s) => serve(&req, s),
        None => secure(HttpResponse::NotFound())
            .content_type("text/plain; charset=utf-8")
            .body(format!("no UI asset /ui/{path}")),
    }
}

async fn favicon(req: HttpRequest) -> HttpResponse {
    serve(&req, lookup("icon.svg").expect("embedded"))
}

/// `/`, `/ui`, `/ui/`, `/ui/{asset}` and `/favicon.ico`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(Methods::new("/").get(index).done())
        .service(
            Methods::of(web::resource(["/ui", "/ui/"]))
                .get(index)
                .done(),
        )
        .service(Methods::new("/ui/{path:.+}").get(asset).done())
        .service(Methods::new("/favicon.ico").get(favicon).done());
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test as at;

    #[test]
    fn examples_come_from_the_ontology_doc() {
        let ex = examples(ONTOLOGY_MD);
        assert!(ex.len() >= 5, "{ex:?}");
        assert!(ex.iter().any(|e| e.name == "cases-by-technology"));
        for e in &ex {
            assert!(
                e.query.contains("SELECT")
                    || e.query.contains("CONSTRUCT")
                    || e.query.contains("ASK"),
                "{e:?}"
            );
            assert!(!e.title.is_empty(), "{e:?}");
            assert!(!e.query.contains("```"));
        }
    }

    #[test]
    fn examples_parser_handles_blank_lines_and_missing_fences() {
        let md = "<!-- query: a -->\n\n```sparql\n# A\nSELECT * {}\n```\n<!-- query: b -->\ntext\n<!-- query: c -->\n```sparql\nASK {}\n```\n";
        let ex = examples(md);
        assert_eq!(ex.len(), 2);
        assert_eq!(
            ex[0],
            Example {
                name: "a".into(),
                title: "A".into(),
                query: "# A\nSELECT * {}\n".into()
            }
        );
        assert_eq!(ex[1].name, "c");
    }

    #[actix_web::test]
    async fn assets_have_types_csp_and_etags() {
        let app = at::init_service(actix_web::App::new().configure(routes)).await;
        for (path, ct) in [
            ("/", "text/html"),
            ("/ui/", "text/html"),
            ("/ui/app.css", "text/css"),
            ("/ui/js/main.js", "text/javascript"),
            ("/ui/config.json", "application/json"),
        ] {
            let res = at::call_service(&app, at::TestRequest::get().uri(path).to_request()).await;
            assert_eq!(res.status(), 200, "{path}");
            let h = res.headers();
            assert!(
                h.get("content-type")
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .starts_with(ct),
                "{path}"
            );
            let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
            assert!(
                csp.contains("script-src 'self'")
                    && !csp.contains("unsafe")
                    && !csp.contains("http"),
                "{csp}"
            );
            assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
            let etag = h.get("etag").unwrap().to_str().unwrap().to_string();
            let res = at::call_service(
                &app,
                at::TestRequest::get()
                    .uri(path)
                    .insert_header(("If-None-Match", etag))
                    .to_request(),
            )
            .await;
            assert_eq!(res.status(), 304, "{path}");
        }
        let res =
            at::call_service(&app, at::TestRequest::get().uri("/ui/nope.js").to_request()).await;
        assert_eq!(res.status(), 404);
        let res = at::call_service(
            &app,
            at::TestRequest::get().uri("/ui/config.json").to_request(),
        )
        .await;
        let v: serde_json::Value = at::read_body_json(res).await;
        assert!(v["examples"].as_array().unwrap().len() >= 5);
        assert!(v["prefixes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["prefix"] == "gc"));
        let keys: Vec<&str> = v["facets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["key"].as_str().unwrap())
            .collect();
        assert_eq!(keys, corpus::Facet::ALL.map(|f| f.label()));
    }

    #[test]
    fn index_references_only_embedded_assets() {
        let html = std::str::from_utf8(lookup("index.html").unwrap().body.as_ref())
            .unwrap()
            .to_string();
        for part in html.split("\"/ui/").skip(1) {
            let path = part.split('"').next().unwrap();
            assert!(
                lookup(path).is_some(),
                "index.html refers to /ui/{path}, which is not embedded"
            );
        }
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "no external URLs in index.html"
        );
        for (p, _, b) in ASSETS {
            if p.ends_with(".js") {
                let js = std::str::from_utf8(b).unwrap();
                for imp in js.lines().filter_map(|l| l.trim().strip_prefix("import ")) {
                    let Some(from) = imp.split(" from ").nth(1) else {
                        continue;
                    };
                    let target = from.trim().trim_end_matches(';').trim_matches(['\'', '"']);
                    let target = target.strip_prefix("./").expect("relative import");
                    assert!(
                        lookup(&format!("js/{target}")).is_some(),
                        "{p} imports {target}, not embedded"
                    );
                }
            }
        }
    }
}
