//! Prints the backends available on this machine, one name per line (or, with
//! `--best`, the one chosen automatically). Used by `scripts/test.sh` to run the
//! test suites once per backend.

fn main() {
    if std::env::args().any(|a| a == "--best") {
        println!("{}", pqlattice::backend::best().name());
        return;
    }
    for b in pqlattice::backend::available() {
        println!("{}", b.name());
    }
}
