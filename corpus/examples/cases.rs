//! Print the cases found in files (reading rules by eye on the tune documents).
//! `cargo run -p corpus --example cases -- FILE...`; with `GC_TRACE_CASES=1` the candidates
//! of every recogniser and what became of them are printed too; with `GC_TRACE_FACETS=1`
//! each case's actors and mechanisms with the sentence each came from.

fn main() {
    let kb = corpus::extract::Knowledge::bundled().expect("bundled knowledge");
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let walk = corpus::walk::read_paths(&paths);
    for s in &walk.sources {
        let d = corpus::parse(s);
        let x = corpus::extract::extract(&d, &kb);
        println!("## {} ({})", s.name, d.genre);
        if std::env::var_os("GC_TRACE_PASSAGES").is_some() {
            println!("  title: {}", d.title);
            println!("  policy: {:?}", d.policy);
            for p in &d.passages {
                let t: String = p.text.chars().take(60).collect();
                println!("  passage {}: {t}", p.id);
            }
        }
        for c in &x.cases {
            let at = c.evidence.first().map(|e| e.text.as_str()).unwrap_or("");
            let at: String = at.chars().take(50).collect();
            println!(
                "  {}  [{}]  {at}",
                c.name,
                c.level.as_deref().unwrap_or("-")
            );
            if std::env::var_os("GC_TRACE_FACETS").is_some() {
                for (f, refs) in [("actors", &c.actors), ("mechanisms", &c.mechanisms)] {
                    for r in refs {
                        let at = r.evidence.first().map(|e| e.text.as_str()).unwrap_or("");
                        let at: String = at.chars().take(40).collect();
                        println!("    {f} {} | {at}", r.label);
                    }
                }
            }
        }
    }
}
