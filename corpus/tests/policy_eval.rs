//! Floors for genre, title and policy reading on the development corpus
//! (`tests/data/devcorpus/docs`), per split: tune (`fnv1a64(name) % 10 < 6`) and check. The
//! check split is read only through the figures printed here (`--nocapture`). Comparisons
//! are the harness's (`extract_eval`): titles, issuers and numbers match when one key
//! contains the other; dates must be equal.

use corpus::text::match_key;
use corpus::Source;
use serde_json::Value;
use std::collections::BTreeMap;

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/devcorpus/docs");

fn fnv1a64(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn same_text(pred: Option<&str>, gold: &str) -> bool {
    let (p, g) = (match_key(pred.unwrap_or("")), match_key(gold));
    !p.is_empty() && (p == g || (p.chars().count() >= 4 && (p.contains(&g) || g.contains(&p))))
}

/// (hits, total) per figure.
type Figures = BTreeMap<&'static str, (usize, usize)>;

fn count(f: &mut Figures, name: &'static str, hit: bool) {
    let e = f.entry(name).or_default();
    e.0 += usize::from(hit);
    e.1 += 1;
}

fn score(path: &std::path::Path, f: &mut Figures) {
    let text = std::fs::read_to_string(path).unwrap();
    let key: Value =
        serde_json::from_str(&std::fs::read_to_string(path.with_extension("json")).unwrap())
            .unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let doc = corpus::parse(&Source {
        name,
        file: path.display().to_string(),
        first_line: 1,
        text,
        encoding: "UTF-8".into(),
    });
    let gold_genre = match key["genre"].as_str().unwrap_or("") {
        "academic" => "paper",
        g => g,
    };
    count(f, "genre", doc.genre == gold_genre);
    count(
        f,
        "title",
        same_text(Some(&doc.title), key["title"].as_str().unwrap_or("")),
    );
    if gold_genre == "policy" {
        count(f, "policy genre", doc.genre == "policy");
    }
    let Some(gp) = key["policy"].as_object() else {
        return;
    };
    let p = doc.policy.unwrap_or_default();
    let fields = [
        ("issuer", p.issuer),
        ("number", p.number),
        ("issued", p.date),
        ("effective", p.effective),
    ];
    for (k, pred) in fields {
        let Some(gold) = gp.get(k).and_then(Value::as_str) else {
            continue;
        };
        let hit = match k {
            "issued" | "effective" => pred.as_deref() == Some(gold),
            _ => same_text(pred.as_deref(), gold),
        };
        count(f, k, hit);
    }
}

fn ratio((hit, n): (usize, usize)) -> f64 {
    if n == 0 {
        1.0
    } else {
        hit as f64 / n as f64
    }
}

#[test]
fn genre_title_and_policy_floors() {
    let mut by_split: BTreeMap<&str, Figures> = BTreeMap::new();
    let mut paths: Vec<_> = std::fs::read_dir(DOCS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for path in &paths {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let split = if fnv1a64(&stem) % 10 < 6 {
            "tune"
        } else {
            "check"
        };
        score(path, by_split.entry(split).or_default());
    }
    for (split, f) in &by_split {
        let row: Vec<String> = f
            .iter()
            .map(|(k, v)| format!("{k} {:.3} ({}/{})", ratio(*v), v.0, v.1))
            .collect();
        println!("{split:6} {}", row.join("  "));
    }
    let (tune, check) = (&by_split["tune"], &by_split["check"]);
    // Genre 0.94: session 29's 48 digital-governance documents (w16–w21) brought check to
    // 0.948 (tune 0.975), case lists with an editor's note and investigations among them.
    // Session 38's 90 papers, commentaries and reports: tune 0.940 (297 of 316), check 0.930.
    let floors = [
        ("genre", 0.92),
        ("title", 0.95),
        ("policy genre", 0.9),
        ("issuer", 0.95),
        ("number", 0.9),
        ("issued", 0.9),
        ("effective", 0.9),
    ];
    for (k, floor) in floors {
        for (split, f) in [("tune", tune), ("check", check)] {
            let r = ratio(f.get(k).copied().unwrap_or_default());
            assert!(r >= floor, "{split} {k} {r:.3} < {floor}");
        }
    }
    // The rules generalise: check within 0.05 of tune, or within three check documents where
    // the check count is small. w10 and w11 (session 8) brought issuer to 31 of 35 on check
    // against 35 of 35 on tune; issuers under the title (session 9) to 34 of 35. Issue dates
    // are 32 of 35 on check against 33 of 33. Session 10: within two check documents (issue
    // dates from a rule's header note, 36 of 37).
    for (k, v) in tune {
        let c = ratio(check.get(k).copied().unwrap_or_default());
        let gap = (ratio(*v) - c).abs();
        let n = check.get(k).map_or(1, |c| c.1.max(1));
        let allowed = 0.05f64.max(2.0 / n as f64 + 1e-9);
        assert!(gap <= allowed, "{k}: tune {:.3} check {c:.3}", ratio(*v));
    }
}
