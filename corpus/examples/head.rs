//! Print the first normalised lines of a document of a bundle (debugging the parser).
//! `cargo run -p corpus --example head -- SUBSTRING_OF_SOURCE [N]`

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pat = args.get(1).cloned().unwrap_or_default();
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(40);
    let walk = corpus::walk::read_paths(&[corpus::bundled_corpus_path()]);
    for s in walk.sources.iter().filter(|s| s.name.contains(&pat)) {
        let lines = corpus::normalize::normalize(s);
        for (i, l) in lines.iter().take(n).enumerate() {
            println!("{i:3} L{:5} {}", l.first_line(), l.text());
        }
        let d = corpus::parse(s);
        println!(
            "title={} authors={:?} date={:?} kw={:?}",
            d.title, d.authors, d.date, d.keywords
        );
    }
}
