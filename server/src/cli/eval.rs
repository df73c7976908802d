//! `gongchuang eval`: search and recommendation quality on a question file.

use crate::cli::context::Context;
use server::core::app::App;
use server::core::eval::{self, Mode, Question, RecommendScores, Scores};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// A question file (`dev_questions.json` format); not with `--dev`.
    #[arg(required_unless_present = "dev")]
    questions: Option<PathBuf>,
    /// Ranking on the development corpus (corpus/tests/data/devcorpus): tune and check
    /// side by side, each beside plain BM25.
    #[arg(long, conflicts_with = "questions")]
    dev: bool,
    /// With --dev: refit the search and recommendation weights (and the "nothing close"
    /// threshold) on the tune questions, by coordinate ascent.
    #[arg(long, requires = "dev")]
    fit: bool,
    /// With --fit: write the fitted weights to index/data/rank_weights.json and
    /// server/data/recommend_weights.json (rebuild to use them).
    #[arg(long, requires = "fit")]
    write: bool,
    /// With --fit: refit the recommendation only (search weights as bundled).
    #[arg(long, requires = "fit")]
    recommend_only: bool,
    /// With --fit: refit only the "nothing close" models; the ranking weights stay as
    /// bundled (implies --recommend-only).
    #[arg(long, requires = "fit")]
    refusal_only: bool,
    /// With --dev: ingest into (and reuse) this data dir instead of a temporary one.
    #[arg(long, requires = "dev")]
    dev_data: Option<PathBuf>,
    /// With --dev: read this corpus (same layout as corpus/tests/data/devcorpus: docs/ and
    /// questions/) instead of the bundled one; not with --fit.
    #[arg(long, requires = "dev", conflicts_with = "fit")]
    dev_corpus: Option<PathBuf>,
    /// With --dev: also recommendation on small corpora cut from the development corpus
    /// (28 documents each, ingested one by one), tune and check.
    #[arg(long, requires = "dev")]
    small: bool,
    /// Also list the hybrid misses (with --dev: those of tune questions only).
    #[arg(long)]
    verbose: bool,
    /// Only hybrid search (no recommendation, no single-signal figures).
    #[arg(long)]
    hybrid_only: bool,
}

pub fn read_questions(path: &Path) -> anyhow::Result<Vec<Question>> {
    Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let Some(questions) = args.questions.as_ref().filter(|_| !args.dev) else {
        let dev = crate::cli::eval_dev::DevArgs {
            verbose: args.verbose,
            fit: args.fit,
            write: args.write,
            recommend_only: args.recommend_only || args.refusal_only,
            refusal_only: args.refusal_only,
            data: args.dev_data,
            corpus: args.dev_corpus,
            small: args.small,
        };
        return crate::cli::eval_dev::run(ctx, dev);
    };
    let app = ctx.open()?;
    let qs = read_questions(questions)?;
    if !args.hybrid_only {
        print_table(&app, &qs)?;
        if args.verbose {
            print_differences(&app, &qs)?;
        }
        let r = eval::evaluate_recommend(&app, &qs)?;
        println!(
            "recommend: case@3 {:.3}, case@1 {:.3}, theory doc@3 {:.3}",
            r.case_at_3, r.case_at_1, r.doc_at_3
        );
        for m in &r.misses {
            println!("  miss {m}");
        }
    }
    let modes = if args.hybrid_only {
        vec![Mode::Hybrid]
    } else {
        vec![Mode::Lexical, Mode::Dense, Mode::Hybrid]
    };
    for mode in modes {
        let s = eval::evaluate(&app, &qs, mode)?;
        println!(
            "{mode:?}: keyword doc@1 {:.3}, scenario doc@1 {:.3}, fact passage@1 {:.3} @5 {:.3}",
            s.keyword_doc_at_1, s.scenario_doc_at_1, s.fact_passage_at_1, s.fact_passage_at_5
        );
        if args.verbose && mode == Mode::Hybrid {
            s.misses.iter().for_each(|m| println!("  miss {m}"));
        }
    }
    Ok(())
}

/// The questions of each split (in file order; none when the file has fewer than two) and
/// all of them.
fn groups(qs: &[Question]) -> Vec<(String, Vec<Question>)> {
    let mut names: Vec<&str> = Vec::new();
    for q in qs.iter().filter(|q| !q.split.is_empty()) {
        if !names.contains(&q.split.as_str()) {
            names.push(&q.split);
        }
    }
    let mut out: Vec<(String, Vec<Question>)> = Vec::new();
    if names.len() > 1 {
        for n in names {
            let part = qs.iter().filter(|q| q.split == n).cloned().collect();
            out.push((n.to_string(), part));
        }
    }
    out.push(("all".to_string(), qs.to_vec()));
    out
}

/// Figures of one group: search and recommendation, ranked and plain BM25.
struct Figures {
    search: [Scores; 2],
    recommend: [RecommendScores; 2],
}

fn figures(app: &App, qs: &[Question]) -> anyhow::Result<Figures> {
    Ok(Figures {
        search: [
            eval::evaluate(app, qs, Mode::Hybrid)?,
            eval::evaluate(app, qs, Mode::Plain)?,
        ],
        recommend: [
            eval::evaluate_recommend_with(app, qs, false)?,
            eval::evaluate_recommend_with(app, qs, true)?,
        ],
    })
}

/// Ranked beside plain BM25, per split and over all questions.
fn print_table(app: &App, qs: &[Question]) -> anyhow::Result<()> {
    let mut cols = Vec::new();
    for (name, part) in groups(qs) {
        cols.push((name, figures(app, &part)?));
    }
    let head: String = cols.iter().map(|(n, _)| format!("{n:>15}  ")).collect();
    let sub: String = cols.iter().map(|_| " ranked   bm25  ").collect();
    println!("{:<24}{head}\n{:<24}{sub}", "", "");
    type Figure = fn(&Figures, usize) -> f64;
    type Count = fn(&Figures) -> usize;
    let rows: [(&str, Figure, Count); 6] = [
        (
            "fact evidence hit@1",
            |f, i| f.search[i].fact_passage_at_1,
            |f| f.search[0].counts[2],
        ),
        (
            "fact evidence hit@5",
            |f, i| f.search[i].fact_passage_at_5,
            |f| f.search[0].counts[2],
        ),
        (
            "keyword doc hit@1",
            |f, i| f.search[i].keyword_doc_at_1,
            |f| f.search[0].counts[0],
        ),
        (
            "scenario doc hit@1",
            |f, i| f.search[i].scenario_doc_at_1,
            |f| f.search[0].counts[1],
        ),
        (
            "scenario case top 3",
            |f, i| f.recommend[i].case_at_3,
            |f| f.recommend[0].with_case,
        ),
        (
            "scenario case first",
            |f, i| f.recommend[i].case_at_1,
            |f| f.recommend[0].with_case,
        ),
    ];
    for (name, g, n) in rows {
        let vals: String = cols
            .iter()
            .map(|(_, f)| format!("{:>7.3}{:>7.3}  ", g(f, 0), g(f, 1)))
            .collect();
        let ns: Vec<String> = cols.iter().map(|(_, f)| n(f).to_string()).collect();
        println!("{name:<24}{vals}(n {})", ns.join(" / "));
    }
    Ok(())
}

/// The rank (1-based, within 10) of the first hit answering `q`, and the first hit.
fn rank_of(app: &App, q: &Question, mode: Mode) -> anyhow::Result<(Option<usize>, String)> {
    let w = eval::weights(mode);
    let r = server::core::queries::search_with(app, &q.query, Some("passage"), 10, 0, w)?;
    let top = r.hits.first().map_or(String::new(), |h| {
        format!("{} L{:?}", h.document.source, h.lines)
    });
    Ok((
        r.hits
            .iter()
            .position(|h| eval::answers(q, h))
            .map(|p| p + 1),
        top,
    ))
}

/// Fact and keyword questions where the ranker and plain BM25 disagree at rank 1.
fn print_differences(app: &App, qs: &[Question]) -> anyhow::Result<()> {
    println!("ranked and plain BM25 apart at rank 1 (id split kind: ranked rank | bm25 rank):");
    for q in qs
        .iter()
        .filter(|q| matches!(q.kind.as_str(), "fact" | "keyword"))
    {
        let (a, top_a) = rank_of(app, q, Mode::Hybrid)?;
        let (b, top_b) = rank_of(app, q, Mode::Plain)?;
        if (a == Some(1)) != (b == Some(1)) {
            println!(
                "  {} {} {}: {a:?} | {b:?}: {}\n    ranked first {top_a}\n    bm25 first   {top_b}",
                q.id, q.split, q.kind, q.query
            );
        }
    }
    Ok(())
}
