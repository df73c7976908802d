fn main() {
    let j = jieba_rs::Jieba::new();
    for w in std::env::args().skip(1) {
        let t: Vec<String> = j.tag(&w, true).iter().map(|t| format!("{}/{}", t.word, t.tag)).collect();
        println!("{w}: {}", t.join(" "));
    }
}
