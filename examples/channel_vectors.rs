//! Writes the deterministic channel vectors to `test-vectors/channel/v1.json`
//! (fixed seeds and randomness; see docs/channel.md section 11).
//!
//!     cargo run --example channel_vectors --features channel
//!
//! `tests/channel_vectors.rs` checks that the committed file is what this produces.

#[path = "../tests/common/channel_vectors.rs"]
mod channel_vectors;

fn main() -> std::io::Result<()> {
    let v = channel_vectors::generate();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(channel_vectors::PATH);
    std::fs::create_dir_all(path.parent().expect("has a parent"))?;
    let mut text = serde_json::to_string_pretty(&v).map_err(std::io::Error::other)?;
    text.push('\n');
    std::fs::write(&path, text)?;
    println!("wrote {}", path.display());
    Ok(())
}
