//! Print what is read from each file's front matter: genre, title, script, date and the
//! policy details, one JSON object a line (`cargo run -p corpus --example meta_dump -- FILE…`).

fn main() {
    for path in std::env::args().skip(1) {
        let (text, encoding) = corpus::read::read_file(std::path::Path::new(&path)).unwrap();
        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
        let doc = corpus::parse(&corpus::Source {
            name: name.clone(),
            file: path.clone(),
            first_line: 1,
            text,
            encoding: encoding.to_string(),
        });
        let policy = doc.policy.as_ref().map(|p| {
            serde_json::json!({"issuer": p.issuer, "number": p.number, "issued": p.date,
                "effective": p.effective, "clauses": p.clauses.len()})
        });
        let out = serde_json::json!({"name": name, "genre": doc.genre, "title": doc.title,
            "script": doc.script, "date": doc.date, "policy": policy});
        println!("{out}");
    }
}
