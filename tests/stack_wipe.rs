//! `pqlattice::stack::with_stack_wipe` leaves nothing of an operation on the stack.
//!
//! Each operation runs on a thread of its own (1 MiB stack): the thread paints
//! 128 KiB of stack below its frame, runs the operation (wrapped or not), reports
//! the address of a local of its frame, and waits. Meanwhile the main thread reads
//! that thread's stack through `/proc/self/mem` (sound: no Rust reference to memory
//! outside an allocation, and the waiting thread does not touch the region) and
//! checks:
//!
//! * residue: no 8-byte word below the frame (minus a 4 KiB margin for the frames of
//!   the thread itself) that the operation wrote and that could hold a secret (the
//!   paint, zero, small integers and addresses inside the process's mappings are
//!   benign: a wiping frame saves the caller's callee-saved registers, which on
//!   aarch64 hold the caller's data pointers);
//! * secrets: no 16-byte window of any secret of the operation (seeds d, z and xi,
//!   the shared secret, the secret parts of the key encodings: s-hat and z of ML-KEM,
//!   K and s1 || s2 || t0 of ML-DSA) anywhere in the painted region.
//!
//! The negative control runs the same operations without the wrapper: the residue
//! check must fire for every one, and the secret search for some.
#![cfg(all(target_os = "linux", feature = "std"))]

use pqlattice::ml_dsa::{MlDsa65, SigningKey};
use pqlattice::ml_kem::{Ciphertext, DecapsulationKey, MlKem768};
use pqlattice::stack::with_stack_wipe;
use std::hint::black_box;
use std::io::{Read, Seek, SeekFrom};
use std::sync::mpsc;

const PAINT: usize = 128 * 1024;
const PATTERN: u8 = 0xA5;
const MARGIN: usize = 4096;
const WINDOW: usize = 16;
/// The depth wiped: more than any of these operations uses (ML-DSA-65 signing,
/// 47 KiB).
const DEPTH: usize = 60 * 1024;

#[inline(never)]
fn paint() {
    let mut buf = [PATTERN; PAINT];
    black_box(&mut buf);
}

/// The stack of a thread after `op` returned on it: [top - PAINT, top - MARGIN).
fn stack_after(op: impl FnOnce() + Send + 'static) -> (Vec<u8>, usize) {
    let (tx, rx) = mpsc::channel::<usize>();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let t = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let marker = 0u8;
            let top = black_box(&marker) as *const u8 as usize;
            paint();
            op();
            tx.send(top).unwrap();
            release_rx.recv().unwrap();
        })
        .unwrap();
    let top = rx.recv().unwrap();
    let mut mem = std::fs::File::open("/proc/self/mem").unwrap();
    let mut buf = vec![0u8; PAINT - MARGIN];
    // Word-aligned, so that the residue check sees whole words.
    mem.seek(SeekFrom::Start(((top - PAINT) & !7) as u64))
        .unwrap();
    mem.read_exact(&mut buf).unwrap();
    release_tx.send(()).unwrap();
    t.join().unwrap();
    (buf, top)
}

/// Mappings of this process (code, data, heap, stacks): a word inside one is an
/// address, not a secret.
fn mapped_ranges() -> Vec<(usize, usize)> {
    std::fs::read_to_string("/proc/self/maps")
        .unwrap()
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (lo, hi) = f.next()?.split_once('-')?;
            Some((
                usize::from_str_radix(lo, 16).unwrap(),
                usize::from_str_radix(hi, 16).unwrap(),
            ))
        })
        .collect()
}

/// Words that the operation wrote and that are not benign (see the module docs).
fn residue(stack: &[u8], top: usize, mapped: &[(usize, usize)]) -> usize {
    stack
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap()) as usize)
        .filter(|&w| {
            let benign = w == 0
                || w == usize::from_le_bytes([PATTERN; 8])
                || w < 65536
                || (top - (1 << 20)..top + 4096).contains(&w)
                || mapped.iter().any(|&(lo, hi)| (lo..hi).contains(&w));
            !benign
        })
        .count()
}

/// 16-byte windows of `secret` (at offsets 0, 16, ...) found in `stack`.
fn windows_found(stack: &[u8], secret: &[u8]) -> usize {
    secret
        .chunks_exact(WINDOW)
        .filter(|w| stack.windows(WINDOW).any(|s| s == *w))
        .count()
}

/// A deterministic "RNG" for encapsulation: the message m is known to the test.
struct FixedRng(u8);
impl rand_core::TryRng for FixedRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.0 as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.0 as u64)
    }
    fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> {
        for (i, b) in d.iter_mut().enumerate() {
            *b = self.0.wrapping_mul(31).wrapping_add(i as u8);
        }
        Ok(())
    }
}
impl rand_core::TryCryptoRng for FixedRng {}

/// One operation, with the secrets it handles.
struct Case {
    name: &'static str,
    op: Box<dyn FnOnce() + Send>,
    secrets: Vec<(&'static str, Vec<u8>)>,
}

fn cases() -> Vec<Case> {
    let seed: [u8; 64] = core::array::from_fn(|i| (i as u8).wrapping_mul(73).wrapping_add(11));
    let dk = DecapsulationKey::<MlKem768>::boxed_from_seed(&seed);
    let dk_bytes = dk.to_bytes().as_ref().to_vec();
    let dk_secrets = vec![
        ("seed d", seed[..32].to_vec()),
        ("seed z", seed[32..].to_vec()),
        ("dk: s-hat", dk_bytes[..384 * 3].to_vec()),
    ];
    let ek = Box::new(dk.encapsulation_key().clone());
    let (ct, ss) = ek.encapsulate(&mut FixedRng(5));
    let ss = ss.as_bytes().to_vec();
    let ct_bytes = ct.as_bytes().as_ref().to_vec();
    let xi = [42u8; 32];
    let sk = SigningKey::<MlDsa65>::boxed_from_seed(&xi);
    let sk_bytes = sk.to_bytes().as_ref().to_vec();
    let dk2 = DecapsulationKey::<MlKem768>::boxed_from_seed(&seed);
    vec![
        Case {
            name: "ML-KEM-768 DecapsulationKey::boxed_from_seed",
            op: Box::new(move || {
                black_box(DecapsulationKey::<MlKem768>::boxed_from_seed(&seed));
            }),
            secrets: dk_secrets.clone(),
        },
        Case {
            name: "ML-KEM-768 encapsulate",
            op: Box::new(move || {
                black_box(ek.encapsulate(&mut FixedRng(5)));
            }),
            secrets: vec![("shared secret", ss.clone())],
        },
        Case {
            name: "ML-KEM-768 decapsulate",
            op: Box::new(move || {
                let ct = Ciphertext::<MlKem768>::from_bytes(&ct_bytes).unwrap();
                black_box(dk2.decapsulate(&ct));
            }),
            secrets: [dk_secrets, vec![("shared secret", ss)]].concat(),
        },
        Case {
            name: "ML-DSA-65 sign_deterministic",
            op: Box::new(move || {
                black_box(sk.sign_deterministic(b"message", b"ctx").unwrap());
            }),
            secrets: vec![
                ("sk: K", sk_bytes[32..64].to_vec()),
                ("sk: s1 || s2 || t0", sk_bytes[128..].to_vec()),
                ("seed xi", xi.to_vec()),
            ],
        },
    ]
}

/// (residue words, secret windows found) per case, with or without the wrapper.
fn run(wipe: bool) -> Vec<(&'static str, usize, usize)> {
    cases()
        .into_iter()
        .map(|c| {
            let op = c.op;
            let (stack, top) = if wipe {
                stack_after(move || with_stack_wipe(DEPTH, op))
            } else {
                stack_after(op)
            };
            // Read after the operation: it may have mapped more heap.
            let mapped = mapped_ranges();
            assert!(!mapped.is_empty());
            let left = residue(&stack, top, &mapped);
            let found: usize = c
                .secrets
                .iter()
                .map(|(_, s)| windows_found(&stack, s))
                .sum();
            println!(
                "{} ({}): {left} words left, {found} secret windows",
                c.name,
                if wipe { "wiped" } else { "not wiped" }
            );
            (c.name, left, found)
        })
        .collect()
}

#[test]
fn with_stack_wipe_leaves_nothing() {
    for (name, left, found) in run(true) {
        assert_eq!(left, 0, "{name}: {left} words left on the stack");
        assert_eq!(found, 0, "{name}: {found} secret windows left on the stack");
    }
}

#[test]
fn negative_control_without_wiping_finds_them() {
    let r = run(false);
    for (name, left, _) in &r {
        assert!(
            *left > 0,
            "{name}: nothing left even without wiping: the check is vacuous"
        );
    }
    assert!(
        r.iter().map(|(_, _, f)| f).sum::<usize>() > 0,
        "no secret found without wiping: the search is vacuous"
    );
}
