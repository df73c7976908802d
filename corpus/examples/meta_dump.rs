//! Print what is read from each file's front matter: genre (with the cue weight per genre),
//! title, script, date and the policy details, one JSON object a line
//! (`cargo run -p corpus --example meta_dump -- FILE…`).

use corpus::normalize::{self, script, Line};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `--seed`: the bundled seed corpus instead of files.
    let sources: Vec<corpus::Source> = if args.first().is_some_and(|a| a == "--seed") {
        corpus::walk::read_paths(&[corpus::bundled_corpus_path()]).sources
    } else {
        args.iter().map(|p| file_source(p)).collect()
    };
    for source in sources {
        let name = source.name.clone();
        let doc = corpus::parse(&source);
        let lines: Vec<String> = normalize::clean(normalize::mapped(&source))
            .iter()
            .map(|l| script::fold(&Line::text(l)))
            .collect();
        let m = corpus::meta::extract(&name, &lines, &lines);
        let scores: Vec<String> = corpus::genre::GENRES
            .iter()
            .zip(&m.genre_scores)
            .map(|(g, s)| format!("{g}:{s}"))
            .collect();
        let policy = doc.policy.as_ref().map(|p| {
            serde_json::json!({"issuer": p.issuer, "number": p.number, "issued": p.date,
                "effective": p.effective, "clauses": p.clauses.len()})
        });
        let out = serde_json::json!({"name": name, "genre": doc.genre, "title": doc.title,
            "script": doc.script, "date": doc.date, "policy": policy,
            "scores": scores.join(" ")});
        println!("{out}");
    }
}

fn file_source(path: &str) -> corpus::Source {
    let (text, encoding) = corpus::read::read_file(std::path::Path::new(path)).unwrap();
    corpus::Source {
        name: path.rsplit('/').next().unwrap_or(path).to_string(),
        file: path.to_string(),
        first_line: 1,
        text,
        encoding: encoding.to_string(),
    }
}
