use entretien::analyzer::Analyzer;
use entretien::Lexicon;
fn main() {
    let a = Analyzer::builder().lexicon(Lexicon::default_french()).build().unwrap();
    for s in std::env::args().skip(1) {
        let sc = a.analyze_text(&s);
        for e in &sc.evidence { println!("{s:?}: {} {} [{}] neg={}", e.theme, e.indicator, e.text, e.negated); }
        let toks: Vec<_> = a.tokenizer().tokenize(&s).iter().map(|t| format!("{}/{:?}", t.text, t.kind)).collect();
        println!("  {toks:?}");
    }
}
