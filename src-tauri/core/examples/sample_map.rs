//! Prints a generated map with N cards as a `.travesia` file, for benchmarks:
//! `cargo run --release -p travesia-core --example sample_map -- 2000 > big.travesia`.

use travesia_core::format::{self, Document};
use travesia_core::sample;

fn main() {
    let cards: usize = match std::env::args().nth(1).map(|s| s.parse()) {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: sample_map CARDS");
            std::process::exit(2);
        }
    };
    let doc = Document {
        map: sample::map_with_cards(cards),
        extra: Default::default(),
    };
    print!("{}", format::to_string(&doc));
}
