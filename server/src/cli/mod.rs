//! The command-line front end: one file per command, each with its arguments and `run`.
pub mod bench;
pub mod cases;
pub mod check;
pub mod context;
pub mod documents;
pub mod eval;
pub mod eval_dev;
pub mod eval_misses;
pub mod export;
pub mod ingest;
pub mod ingest_remote;
pub mod model;
pub mod parse;
pub mod recommend;
pub mod search;
pub mod serve;
pub mod sparql;
pub mod sparql_worker;
pub mod synth;
pub mod thesaurus;
pub mod vectors;

/// A vector cache file (`vectors --write-cache`) to read passages' vectors from before
/// computing any; its vectors of another model are ignored.
pub fn vector_cache(
    file: Option<&std::path::Path>,
) -> anyhow::Result<Option<std::sync::Arc<index::embed::VectorCache>>> {
    let Some(f) = file else {
        return Ok(None);
    };
    Ok(Some(std::sync::Arc::new(
        server::core::vectors::load_cache(f)?,
    )))
}

/// Remote-store credentials: `user:password` from a file, else from `GONGCHUANG_REMOTE_USER`
/// and `GONGCHUANG_REMOTE_PASSWORD`.
pub fn remote_credentials(
    file: Option<&std::path::Path>,
) -> anyhow::Result<Option<(String, String)>> {
    let pair = match file {
        Some(f) => {
            let text = std::fs::read_to_string(f)
                .map_err(|e| anyhow::anyhow!("reading credentials {}: {e}", f.display()))?;
            let line = text.lines().next().unwrap_or("").trim().to_string();
            let (user, password) = line.split_once(':').ok_or_else(|| {
                anyhow::anyhow!("credentials {}: expected user:password", f.display())
            })?;
            Some((user.to_string(), password.to_string()))
        }
        None => match (
            std::env::var("GONGCHUANG_REMOTE_USER"),
            std::env::var("GONGCHUANG_REMOTE_PASSWORD"),
        ) {
            (Ok(user), Ok(password)) => Some((user, password)),
            _ => None,
        },
    };
    Ok(pair)
}
