//! `gongchuang parse`: parse and extract one file and print the result (nothing is stored).

use corpus::extract::Extraction;
use corpus::Document;
use serde::Serialize;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    file: PathBuf,
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Parsed {
    document: Document,
    extraction: Extraction,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut w = corpus::walk::Walk::default();
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    corpus::walk::read_one(&args.file, &name, &mut w);
    if let Some((f, e)) = w.errors.first() {
        anyhow::bail!("{f}: {e}");
    }
    let kb = corpus::extract::Knowledge::bundled()?;
    let out: Vec<Parsed> = w
        .sources
        .iter()
        .map(|s| {
            let document = corpus::parse(s);
            let extraction = corpus::extract::extract(&document, &kb);
            Parsed {
                document,
                extraction,
            }
        })
        .collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    for o in &out {
        let d = &o.document;
        println!("{}  {}  passages={}", d.id, d.title, d.passages.len());
    }
    Ok(())
}
