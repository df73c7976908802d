//! Print jieba's part-of-speech tags and word frequency of each argument (reading the name
//! rules of `extract/recognize/pos.rs` by eye): `cargo run -p corpus --example tags -- 草厂 院子`.

fn main() {
    let j = jieba_rs::Jieba::new();
    for w in std::env::args().skip(1) {
        let t: Vec<String> = j
            .tag(&w, true)
            .iter()
            .map(|t| format!("{}/{}", t.word, t.tag))
            .collect();
        println!("{w}: {}  (freq {})", t.join(" "), j.suggest_freq(&w));
    }
}
