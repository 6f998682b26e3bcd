//! Rebuild when a deck or migration changes: both are compiled into the binary.
fn main() {
    println!("cargo:rerun-if-changed=decks");
    println!("cargo:rerun-if-changed=migrations");
}
