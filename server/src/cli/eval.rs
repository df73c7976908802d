//! `gongchuang eval`: search and recommendation quality on a question file.

use crate::cli::context::Context;
use server::core::eval::{self, Mode, Question};
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
    /// With --dev: ingest into (and reuse) this data dir instead of a temporary one.
    #[arg(long, requires = "dev")]
    dev_data: Option<PathBuf>,
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
            recommend_only: args.recommend_only,
            data: args.dev_data,
        };
        return crate::cli::eval_dev::run(ctx, dev);
    };
    let app = ctx.open()?;
    let qs = read_questions(questions)?;
    if !args.hybrid_only {
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
        vec![Mode::Bm25, Mode::Dense, Mode::Hybrid]
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
