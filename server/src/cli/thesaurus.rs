//! `gongchuang thesaurus check`: validate the SKOS thesaurus and report its corpus coverage.

use corpus::skos_check::{check, Report};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: ThesaurusCmd,
}

#[derive(clap::Subcommand)]
enum ThesaurusCmd {
    /// Check the conventions of corpus/data/THESAURUS.md (exit 1 on any error).
    Check {
        /// Thesaurus file (default: the bundled one).
        #[arg(long)]
        ttl: Option<PathBuf>,
        /// Corpus for the coverage figures (default: the bundled one).
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Print the concepts none of whose labels occur in the corpus.
        #[arg(long)]
        list_missing: bool,
        /// Print the N labels found in most corpus documents (to spot over-generic labels).
        #[arg(long, default_value_t = 0)]
        top: usize,
    },
}

fn bundled_ttl() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../corpus/data/thesaurus.ttl"
    ))
}

fn print_table(r: &Report) {
    let with_corpus = r.documents.is_some();
    println!(
        "{:<12}{:>9}{:>7}{:>11}{:>8}",
        "scheme", "concepts", "roots", "in corpus", "rate"
    );
    println!("{}", "-".repeat(47));
    for row in &r.rows {
        let rate = row.in_corpus as f64 / row.concepts.max(1) as f64 * 100.0;
        print!("{:<12}{:>9}{:>7}", row.scheme, row.concepts, row.roots);
        if with_corpus {
            print!("{:>11}{:>7.1}%", row.in_corpus, rate);
        }
        println!();
    }
    println!("{}", "-".repeat(47));
    let found: usize = r.rows.iter().map(|x| x.in_corpus).sum();
    let roots: usize = r.rows.iter().map(|x| x.roots).sum();
    print!("{:<12}{:>9}{:>7}", "total", r.concepts, roots);
    if with_corpus {
        let rate = found as f64 / r.concepts.max(1) as f64 * 100.0;
        print!("{found:>11}{rate:>7.1}%");
    }
    println!();
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let ThesaurusCmd::Check {
        ttl,
        corpus,
        list_missing,
        top,
    } = args.cmd;
    let ttl = ttl.unwrap_or_else(bundled_ttl);
    let corpus = corpus.unwrap_or_else(corpus::bundled_corpus_path);
    let text = std::fs::read_to_string(&corpus).ok();
    let r = check(&std::fs::read_to_string(&ttl)?, text.as_deref());
    println!("thesaurus: {}", ttl.display());
    println!(
        "concepts: {}   schemes: {}   zh labels (pref+alt+ambiguous): {}\n",
        r.concepts, r.schemes, r.labels
    );
    print_table(&r);
    match r.documents {
        Some(n) => println!("(corpus: {n} documents; a concept counts as found when any of its zh labels occurs after NFKC and whitespace removal)"),
        None => println!("WARNING: corpus not found: {} (no coverage figures)", corpus.display()),
    }
    if list_missing {
        println!("\nconcepts not found in the corpus:");
        for (scheme, labels) in &r.missing {
            println!("  {scheme}: {}", labels.join(" "));
        }
    }
    if top > 0 {
        println!("\nlabels found in most documents (top {top}):");
        for (label, n) in r.label_df.iter().take(top) {
            println!("  {n:>3}  {label}");
        }
    }
    r.warnings.iter().for_each(|w| println!("WARNING: {w}"));
    r.errors.iter().for_each(|e| println!("ERROR: {e}"));
    println!(
        "\n{} error(s), {} warning(s)",
        r.errors.len(),
        r.warnings.len()
    );
    if !r.errors.is_empty() {
        std::process::exit(1);
    }
    Ok(())
}
