//! What a call leaves in linear memory, searched from JavaScript (issue 14).
//!
//! - Secrets: after each export that handles secrets returns, the module's stack region
//!   and its heap hold no 8-byte piece of any secret of the call (seeds, z, shared
//!   secrets, `m`, signing randomness, the secret parts of the key encodings). Negative
//!   controls: with the stack wiping turned off (`test_hooks`, test builds only) the same
//!   search finds them on the stack (for the calls that still leave them there unwiped:
//!   see `check`), and with the heap wiping off, the seed of a key
//!   generation in the heap (the block of the seed argument is freed last, so nothing
//!   reuses it before the search; for other calls a later allocation may or may not
//!   overwrite a freed block, so their heap search without wiping proves nothing).
//! - Stack depth: the stack region below the caller is painted, the export called, and
//!   the lowest changed byte gives its stack use: at most 64 KiB for every export,
//!   wiping included, and without wiping at most the wiped depth.
//!
//! Memory is read only from JavaScript (`memory.buffer`), never through Rust pointers.

use pqlattice_wasm::test_hooks::{set_heap_wipe, set_stack_wipe, stack_wipe_bytes};
use pqlattice_wasm::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use zeroize::Zeroize;

#[wasm_bindgen(inline_js = r#"
const kept = [];
export function keep(bytes) { kept.push(bytes.slice()); }
export function forget() { kept.length = 0; }
export function fresh(n) {
  const b = new Uint8Array(n);
  crypto.getRandomValues(b);
  kept.push(b.slice());
  return b;
}
// Every 8-byte window, at every offset, of every kept secret (windows with fewer than 4
// distinct byte values are left out: they could match fills and paint).
function windows() {
  const set = new Set();
  for (const s of kept) {
    const dv = new DataView(s.buffer, s.byteOffset, s.byteLength);
    for (let i = 0; i + 8 <= s.length; i++) {
      if (new Set(s.subarray(i, i + 8)).size >= 4) set.add(dv.getBigUint64(i, true));
    }
  }
  return set;
}
// 8-byte aligned words of memory[lo, hi) equal to a window of a kept secret: a copy of
// 15 or more bytes anywhere in the range contains at least one.
export function hits(memory, lo, hi) {
  const set = windows();
  const dv = new DataView(memory.buffer);
  let n = 0;
  for (let p = (lo + 7) & ~7; p + 8 <= hi; p += 8) if (set.has(dv.getBigUint64(p, true))) n++;
  return n;
}
// Where the hits are: address:secret#offset, for failure messages.
export function hit_addresses(memory, lo, hi) {
  const where = new Map();
  kept.forEach((s, k) => {
    const dv = new DataView(s.buffer, s.byteOffset, s.byteLength);
    for (let i = 0; i + 8 <= s.length; i++) {
      if (new Set(s.subarray(i, i + 8)).size >= 4) where.set(dv.getBigUint64(i, true), `${k}+${i}`);
    }
  });
  const dv = new DataView(memory.buffer);
  const out = [];
  for (let p = (lo + 7) & ~7; p + 8 <= hi && out.length < 12; p += 8) {
    const w = where.get(dv.getBigUint64(p, true));
    if (w !== undefined) out.push(`${p}:${w}`);
  }
  return out.join(' ');
}
export function kept_count() { return kept.length; }
export function paint(memory, lo, hi, byte) { new Uint8Array(memory.buffer, lo, hi - lo).fill(byte); }
export function low_water(memory, lo, hi, byte) {
  const m = new Uint8Array(memory.buffer, lo, hi - lo);
  for (let i = 0; i < m.length; i++) if (m[i] !== byte) return lo + i;
  return hi;
}
export function memory_size(memory) { return memory.buffer.byteLength; }
"#)]
extern "C" {
    fn keep(bytes: &[u8]);
    fn forget();
    fn fresh(n: usize) -> Vec<u8>;
    fn hits(memory: &JsValue, lo: usize, hi: usize) -> usize;
    fn kept_count() -> usize;
    fn hit_addresses(memory: &JsValue, lo: usize, hi: usize) -> String;
    fn paint(memory: &JsValue, lo: usize, hi: usize, byte: u8);
    fn low_water(memory: &JsValue, lo: usize, hi: usize, byte: u8) -> usize;
    fn memory_size(memory: &JsValue) -> usize;
}

// Symbols of the linker (wasm-ld): the stack region [__stack_low, __stack_high) below
// the data, the heap from __heap_base up. Only their addresses are used.
unsafe extern "C" {
    static __stack_low: u8;
    static __stack_high: u8;
    static __heap_base: u8;
}

fn stack_low() -> usize {
    (&raw const __stack_low) as usize
}
fn stack_high() -> usize {
    (&raw const __stack_high) as usize
}
fn heap_base() -> usize {
    (&raw const __heap_base) as usize
}

const PAINT: u8 = 0xA5;

/// What one call left behind.
#[derive(Debug)]
struct Found {
    /// Words of the stack region below the caller that hold a piece of a secret.
    stack: usize,
    /// Words of the heap that hold a piece of a secret.
    heap: usize,
    /// Bytes of stack used below the caller (the painted region's low-water mark).
    used: usize,
    /// The caller's stack position and the addresses of the first stack hits.
    top: usize,
    addresses: String,
}

/// Paints the stack below this frame, runs `op` (whose frames lie below it), then
/// searches the stack region and the heap for the kept secrets. `op` must leave no
/// secret of its own in the heap (it zeroizes what the export returned to it).
#[inline(never)]
fn run_and_search(op: &mut dyn FnMut()) -> Found {
    let mark = 0u8;
    let top = core::hint::black_box(&mark) as *const u8 as usize;
    let (lo, high, heap) = (stack_low(), stack_high(), heap_base());
    assert!(
        lo < top && top <= high && high <= heap,
        "layout: stack [{lo:#x}, {high:#x}), caller at {top:#x}, heap from {heap:#x}"
    );
    let mem = wasm_bindgen::memory();
    // 1 KiB under the local: the rest of this frame.
    let paint_hi = top - 1024;
    paint(&mem, lo, paint_hi, PAINT);
    op();
    let low = low_water(&mem, lo, paint_hi, PAINT);
    assert!(low > lo, "the call used the whole stack region");
    Found {
        stack: hits(&mem, lo, top),
        heap: hits(&mem, heap, memory_size(&mem)),
        used: top - low,
        top,
        addresses: hit_addresses(&mem, lo, top),
    }
}

/// The same call under the three wiping modes: (both on, stack wiping off, heap wiping
/// off). `setup` runs with wiping on and returns the op's inputs; the secrets to look
/// for are those `fresh` handed out and those `keep` was given after `forget`.
fn three_ways<S>(setup: &mut dyn FnMut() -> S, op: &mut dyn FnMut(&mut S)) -> [Found; 3] {
    [(true, true), (false, true), (true, false)].map(|(stack, heap)| {
        set_stack_wipe(true);
        set_heap_wipe(true);
        forget();
        let mut s = setup();
        set_stack_wipe(stack);
        set_heap_wipe(heap);
        let found = run_and_search(&mut || op(&mut s));
        set_stack_wipe(true);
        set_heap_wipe(true);
        assert!(kept_count() > 0, "no secret to look for");
        found
    })
}

/// Keeps (in JS) the secret parts of an ML-KEM decapsulation key:
/// dk_PKE and z (H(ek) and ek are public).
fn keep_kem_secret_key(dk: &[u8], ek_len: usize) {
    let pke = dk.len() - ek_len - 64;
    keep(&dk[..pke]);
    keep(&dk[dk.len() - 32..]);
}

/// Keeps the secret parts of an ML-DSA signing key: K, and s1 || s2 || t0 (rho and
/// tr are public).
fn keep_dsa_secret_key(sk: &[u8]) {
    keep(&sk[32..64]);
    keep(&sk[128..]);
}

/// The failures of one call's three searches (empty if all hold). `stack_control`: the
/// search without stack wiping must find the call's secrets on the stack. It is off for
/// the calls that build keys from seeds or key bytes and use them (key generation,
/// `getPublicKey`, ML-DSA signing, the ML-DSA key objects, the channel's life): the
/// keys are built in place on the heap, so the searched values (seeds, key encodings)
/// no longer reach the stack even without wiping (0 words found); the wiping still
/// runs after them (for intermediate values the search does not cover). That the
/// search finds what is left on the stack is shown by the calls whose control is on
/// (ML-KEM and X-Wing encapsulation and decapsulation: 3 to 12 words) and by
/// `the_search_finds_a_secret_left_on_the_stack`.
fn check(name: &str, found: &[Found; 3], stack_control: bool, heap_control: bool) -> Vec<String> {
    let [wiped, no_stack_wipe, no_heap_wipe] = found;
    let mut failures = Vec::new();
    if (wiped.stack, wiped.heap) != (0, 0) {
        failures.push(format!(
            "{name}: secrets left behind: {} stack words, {} heap words; caller at {:#x}, stack hits at {}, used {} B",
            wiped.stack, wiped.heap, wiped.top, wiped.addresses, wiped.used
        ));
    }
    if stack_control && no_stack_wipe.stack == 0 {
        failures.push(format!(
            "{name}: negative control: without stack wiping the search should find secrets on the stack"
        ));
    }
    if heap_control && no_heap_wipe.heap == 0 {
        failures.push(format!(
            "{name}: negative control: without heap wiping the search should find secrets in the heap"
        ));
    }
    console_log!(
        "{name}: stack {} B with wiping ({} B without); words found without stack wiping: {}, without heap wiping: {} in the heap",
        wiped.used,
        no_stack_wipe.used,
        no_stack_wipe.stack,
        no_heap_wipe.heap
    );
    failures
}

/// Copies `secret` into a stack buffer of a frame of its own and returns without wiping.
#[inline(never)]
fn leave_on_stack(secret: &[u8]) {
    let mut buf = [0u8; 256];
    let n = secret.len().min(buf.len());
    buf[..n].copy_from_slice(&secret[..n]);
    core::hint::black_box(&mut buf);
}

/// Negative control of the stack search itself: a secret copied to the stack by a
/// frame below the caller is found there; a frame that copies nothing leaves nothing.
#[wasm_bindgen_test]
fn the_search_finds_a_secret_left_on_the_stack() {
    forget();
    let secret = fresh(64);
    let found = run_and_search(&mut || leave_on_stack(&secret));
    assert!(found.stack >= 4, "{found:?}");
    let found = run_and_search(&mut || leave_on_stack(&[0; 64]));
    assert_eq!(found.stack, 0, "{found:?}");
    forget();
}

type KemSet = (
    &'static str,
    fn(Option<Vec<u8>>) -> Result<Vec<u8>, JsError>,
    fn(&[u8], Option<Vec<u8>>) -> Result<Vec<u8>, JsError>,
    fn(&[u8], &[u8]) -> Result<Vec<u8>, JsError>,
    fn(&[u8]) -> Result<Vec<u8>, JsError>,
    usize,
    usize,
);

const KEM_SETS: [KemSet; 3] = [
    (
        "ML-KEM-512",
        ml_kem512_keygen,
        ml_kem512_encapsulate,
        ml_kem512_decapsulate,
        ml_kem512_public_key,
        800,
        768,
    ),
    (
        "ML-KEM-768",
        ml_kem768_keygen,
        ml_kem768_encapsulate,
        ml_kem768_decapsulate,
        ml_kem768_public_key,
        1184,
        1088,
    ),
    (
        "ML-KEM-1024",
        ml_kem1024_keygen,
        ml_kem1024_encapsulate,
        ml_kem1024_decapsulate,
        ml_kem1024_public_key,
        1568,
        1568,
    ),
];

#[wasm_bindgen_test]
fn kem_calls_leave_no_secret_in_memory() {
    let mut failures = Vec::new();
    for (name, keygen, encaps, decaps, public_key, ek_len, ct_len) in KEM_SETS {
        // A key pair and a ciphertext made with wiping on; their secrets are kept again
        // by the ops that use them.
        let mut pair = || {
            let kp = keygen(Some(fresh(64))).unwrap();
            let (ek, dk) = kp.split_at(ek_len);
            let m = fresh(32);
            let mut out = encaps(ek, Some(m)).unwrap();
            let ct = out[..ct_len].to_vec();
            let ss = out[ct_len..].to_vec();
            out.zeroize();
            (ek.to_vec(), dk.to_vec(), ct, ss)
        };

        let f = three_ways(&mut || (), &mut |_| {
            let mut out = keygen(Some(fresh(64))).unwrap();
            keep_kem_secret_key(&out[ek_len..], ek_len);
            out.zeroize();
        });
        failures.extend(check(&format!("{name} keygen(seed)"), &f, false, true));

        let f = three_ways(&mut || pair().0, &mut |ek| {
            let mut out = encaps(ek, Some(fresh(32))).unwrap();
            keep(&out[ct_len..]);
            out.zeroize();
        });
        failures.extend(check(&format!("{name} encapsulate(m)"), &f, true, false));

        let f = three_ways(&mut pair, &mut |(_, dk, ct, ss)| {
            keep_kem_secret_key(dk, ek_len);
            keep(ss);
            let mut got = decaps(ct, dk).unwrap();
            assert_eq!(&got, ss);
            got.zeroize();
            dk.zeroize();
            ss.zeroize();
        });
        failures.extend(check(&format!("{name} decapsulate"), &f, true, false));

        let f = three_ways(&mut pair, &mut |(_, dk, _, ss)| {
            ss.zeroize();
            keep_kem_secret_key(dk, ek_len);
            let _ = public_key(dk).unwrap();
            dk.zeroize();
        });
        failures.extend(check(&format!("{name} getPublicKey"), &f, false, false));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

type DsaSet = (
    &'static str,
    fn(Option<Vec<u8>>) -> Result<Vec<u8>, JsError>,
    fn(&[u8], &[u8], &[u8], Option<Vec<u8>>, bool) -> Result<Vec<u8>, JsError>,
    fn(&[u8], &[u8], &[u8], &[u8], Option<Vec<u8>>, bool) -> Result<Vec<u8>, JsError>,
    fn(&[u8], &[u8], bool, Option<Vec<u8>>, bool) -> Result<Vec<u8>, JsError>,
    fn(&[u8]) -> Result<Vec<u8>, JsError>,
    usize,
);

const DSA_SETS: [DsaSet; 3] = [
    (
        "ML-DSA-44",
        ml_dsa44_keygen,
        ml_dsa44_sign,
        ml_dsa44_sign_prehash,
        ml_dsa44_sign_internal,
        ml_dsa44_public_key,
        1312,
    ),
    (
        "ML-DSA-65",
        ml_dsa65_keygen,
        ml_dsa65_sign,
        ml_dsa65_sign_prehash,
        ml_dsa65_sign_internal,
        ml_dsa65_public_key,
        1952,
    ),
    (
        "ML-DSA-87",
        ml_dsa87_keygen,
        ml_dsa87_sign,
        ml_dsa87_sign_prehash,
        ml_dsa87_sign_internal,
        ml_dsa87_public_key,
        2592,
    ),
];

const SHA512_OID: [u8; 11] = [
    0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03,
];

#[wasm_bindgen_test]
fn dsa_calls_leave_no_secret_in_memory() {
    let mut failures = Vec::new();
    for (name, keygen, sign, sign_prehash, sign_internal, public_key, vk_len) in DSA_SETS {
        let mut secret_key = || {
            let mut kp = keygen(Some(fresh(32))).unwrap();
            let sk = kp[vk_len..].to_vec();
            kp.zeroize();
            sk
        };

        let f = three_ways(&mut || (), &mut |_| {
            let mut out = keygen(Some(fresh(32))).unwrap();
            keep_dsa_secret_key(&out[vk_len..]);
            out.zeroize();
        });
        failures.extend(check(&format!("{name} keygen(seed)"), &f, false, true));

        let f = three_ways(&mut secret_key, &mut |sk| {
            keep_dsa_secret_key(sk);
            let _ = sign(b"message", sk, b"ctx", Some(fresh(32)), false).unwrap();
            sk.zeroize();
        });
        failures.extend(check(&format!("{name} sign"), &f, false, false));

        let f = three_ways(&mut secret_key, &mut |sk| {
            keep_dsa_secret_key(sk);
            let _ = sign_prehash(&SHA512_OID, &[7; 64], sk, b"", Some(fresh(32)), false).unwrap();
            sk.zeroize();
        });
        failures.extend(check(&format!("{name} prehash sign"), &f, false, false));

        let f = three_ways(&mut secret_key, &mut |sk| {
            keep_dsa_secret_key(sk);
            let _ = sign_internal(&[9; 64], sk, true, Some(fresh(32)), false).unwrap();
            sk.zeroize();
        });
        failures.extend(check(
            &format!("{name} internal sign (external mu)"),
            &f,
            false,
            false,
        ));

        let f = three_ways(&mut secret_key, &mut |sk| {
            keep_dsa_secret_key(sk);
            let _ = public_key(sk).unwrap();
            sk.zeroize();
        });
        failures.extend(check(&format!("{name} getPublicKey"), &f, false, false));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Key objects: made from a seed, used, freed; afterwards no secret of theirs is left on
/// the stack or in the heap (the heap held the key until `free`, i.e. drop).
#[wasm_bindgen_test]
fn key_objects_leave_no_secret_in_memory() {
    let mut failures = Vec::new();
    let f = three_ways(&mut || (), &mut |_| {
        let mut seed = fresh(64);
        let dk = MlKem1024DecapsulationKey::from_seed(&seed).unwrap();
        seed.zeroize();
        let mut sk = dk.to_bytes();
        keep_kem_secret_key(&sk, 1568);
        sk.zeroize();
        let ek = MlKem1024EncapsulationKey::from_bytes(&dk.public_key()).unwrap();
        let mut out = ek.encapsulate(Some(fresh(32))).unwrap();
        keep(&out[1568..]);
        let mut ss = dk.decapsulate(&out[..1568]).unwrap();
        assert_eq!(ss, out[1568..]);
        ss.zeroize();
        out.zeroize();
        drop(dk);
    });
    failures.extend(check("ML-KEM-1024 key objects", &f, true, false));
    let f = three_ways(&mut || (), &mut |_| {
        let mut seed = fresh(32);
        let sk = MlDsa65SigningKey::from_seed(&seed).unwrap();
        seed.zeroize();
        let mut bytes = sk.to_bytes();
        keep_dsa_secret_key(&bytes);
        let vk = MlDsa65VerifyingKey::from_bytes(&sk.public_key()).unwrap();
        drop(sk);
        let sk2 = MlDsa65SigningKey::from_bytes(&bytes).unwrap();
        bytes.zeroize();
        // Signing last (verification below is shallower): without wiping, its
        // leftovers are what the negative control finds.
        let sig = sk2.sign(b"message", b"", Some(fresh(32)), false).unwrap();
        assert!(vk.verify(&sig, b"message", b"").unwrap());
        drop(sk2);
    });
    failures.extend(check("ML-DSA-65 key objects", &f, false, false));
    assert!(failures.is_empty(), "{failures:#?}");
}

/// X-Wing: keygen from a seed, encapsulate with a chosen eseed, decapsulate,
/// getPublicKey; the secret key is the seed, so the seed and the shared secret are
/// what must not be left behind.
#[wasm_bindgen_test]
fn xwing_calls_leave_no_secret_in_memory() {
    let mut failures = Vec::new();
    let mut pair = || {
        let seed = fresh(32);
        let kp = xwing_keygen(Some(seed.clone())).unwrap();
        let mut out = xwing_encapsulate(&kp[..1216], Some(fresh(64))).unwrap();
        let (ct, ss) = (out[..1120].to_vec(), out[1120..].to_vec());
        out.zeroize();
        (kp[..1216].to_vec(), seed, ct, ss)
    };
    let f = three_ways(&mut || (), &mut |_| {
        let mut out = xwing_keygen(Some(fresh(32))).unwrap();
        out.zeroize();
    });
    failures.extend(check("X-Wing keygen(seed)", &f, false, true));
    let f = three_ways(&mut || pair().0, &mut |ek| {
        let mut out = xwing_encapsulate(ek, Some(fresh(64))).unwrap();
        keep(&out[1120..]);
        out.zeroize();
    });
    failures.extend(check("X-Wing encapsulate(eseed)", &f, true, false));
    let f = three_ways(&mut pair, &mut |(_, sk, ct, ss)| {
        keep(sk);
        keep(ss);
        let mut got = xwing_decapsulate(ct, sk).unwrap();
        assert_eq!(&got, ss);
        got.zeroize();
        sk.zeroize();
        ss.zeroize();
    });
    failures.extend(check("X-Wing decapsulate", &f, true, false));
    let f = three_ways(&mut pair, &mut |(_, sk, _, ss)| {
        ss.zeroize();
        keep(sk);
        let _ = xwing_public_key(sk).unwrap();
        sk.zeroize();
    });
    failures.extend(check("X-Wing getPublicKey", &f, false, false));
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A whole channel life (identities from seeds, a handshake with fixed randomness,
/// records both ways, a key update, an export, close, everything freed): afterwards no
/// identity seed, no secret part of either signing key, none of the handshake
/// randomness (ephemeral X-Wing seed, eseed, signing randomness) and no plaintext is
/// left on the stack or in the heap.
#[wasm_bindgen_test]
fn channel_life_leaves_no_secret_in_memory() {
    let f = three_ways(&mut || (), &mut |_| {
        let (si, sr) = (fresh(32), fresh(32));
        for seed in [&si, &sr] {
            let mut kp = ml_dsa65_keygen(Some(seed.clone())).unwrap();
            keep_dsa_secret_key(&kp[1952..]);
            kp.zeroize();
        }
        let a = ChannelIdentity::from_seed(&si).unwrap();
        let b = ChannelIdentity::from_seed(&sr).unwrap();
        // Randomness: seed_e, rnd_I (random_I is public); eseed, rnd_R (random_R too).
        let mut ri = fresh(32);
        ri.extend_from_slice(&[0x5a; 32]);
        ri.extend_from_slice(&fresh(32));
        let mut rr = fresh(64);
        rr.extend_from_slice(&[0x5b; 32]);
        rr.extend_from_slice(&fresh(32));
        let mut i =
            ChannelHandshake::initiator_with_randomness(&a, "pin", &b.peer_id(), &ri).unwrap();
        let mut r =
            ChannelHandshake::responder_with_randomness(&b, "pin", &a.peer_id(), &rr).unwrap();
        ri.zeroize();
        rr.zeroize();
        r.read_message(&i.write_message().unwrap()).unwrap();
        i.read_message(&r.write_message().unwrap()).unwrap();
        r.read_message(&i.write_message().unwrap()).unwrap();
        let (mut x, mut y) = (i.into_session().unwrap(), r.into_session().unwrap());
        drop((i, r, a, b));
        let msg = fresh(100);
        let mut got = y.open(&x.seal(&msg).unwrap()).unwrap();
        got.zeroize();
        y.open(&x.update_keys().unwrap()).unwrap();
        let mut got = x.open(&y.seal(&msg[..50]).unwrap()).unwrap();
        got.zeroize();
        let _ = x.export(b"label", b"", 64).unwrap();
        y.open(&x.close().unwrap()).unwrap();
        x.open(&y.close().unwrap()).unwrap();
        drop((x, y));
    });
    let failures = check("channel: identities, handshake, session", &f, false, false);
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The 64 KiB bound: stack used by every export and key-object method, wiping included
/// (every key is built in place on the heap, so none is on the stack); and for every
/// export that handles secrets, the wiping reaches below the deepest byte the operation
/// itself used. Exports that handle no secret (verification, `computeMu`, the names
/// marked "no secret") are not wiped.
#[wasm_bindgen_test]
fn stack_use_of_every_export() {
    const BOUND: usize = 64 * 1024;
    // Negative control: the measurement sees a call deeper than the bound (72 KiB of
    // zeroed frames: the test-hooks export that bench.mjs times), so the bound can fail.
    let control = run_and_search(&mut || wipe_stack_js(72 * 1024)).used;
    assert!(
        control > BOUND,
        "negative control: 72 KiB of stack measured as {control} B"
    );
    let mut worst = (0, String::new());
    let mut failures = Vec::new();
    let mut measure = |name: String, op: &mut dyn FnMut()| {
        let set = name.split(' ').next().unwrap_or_default();
        let secret =
            !(name.contains("verify") || name.contains("computeMu") || name.contains("no secret"));
        set_stack_wipe(false);
        let bare = run_and_search(op).used;
        set_stack_wipe(true);
        let wiped = run_and_search(op).used;
        let depth = stack_wipe_bytes(set);
        console_log!("stack use: {name}: {bare} B without wiping, {wiped} B with (bound {BOUND})");
        if wiped > BOUND {
            failures.push(format!("{name}: {wiped} bytes of stack (bound {BOUND})"));
        }
        if secret && wiped <= bare {
            failures.push(format!(
                "{name}: the wiping ({depth} B) does not reach below the {bare} B the call uses"
            ));
        }
        if wiped > worst.0 {
            worst = (wiped, name.clone());
        }
    };
    for (name, keygen, encaps, decaps, public_key, ek_len, ct_len) in KEM_SETS {
        let kp = keygen(None).unwrap();
        let (ek, dk) = kp.split_at(ek_len);
        let out = encaps(ek, None).unwrap();
        let ct = &out[..ct_len];
        measure(format!("{name} keygen()"), &mut || {
            drop(keygen(None).unwrap())
        });
        measure(format!("{name} keygen(seed)"), &mut || {
            drop(keygen(Some(vec![1; 64])).unwrap())
        });
        measure(format!("{name} encapsulate"), &mut || {
            drop(encaps(ek, None).unwrap())
        });
        measure(format!("{name} decapsulate"), &mut || {
            drop(decaps(ct, dk).unwrap())
        });
        measure(format!("{name} getPublicKey"), &mut || {
            drop(public_key(dk).unwrap())
        });
    }
    type Verify = fn(&[u8], &[u8], &[u8], &[u8]) -> Result<bool, JsError>;
    type VerifyPh = fn(&[u8], &[u8], &[u8], &[u8], &[u8]) -> Result<bool, JsError>;
    type VerifyInt = fn(&[u8], &[u8], &[u8], bool) -> Result<bool, JsError>;
    type Mu = fn(&[u8], &[u8], &[u8]) -> Result<Vec<u8>, JsError>;
    let verifiers: [(Verify, VerifyPh, VerifyInt, Mu); 3] = [
        (
            ml_dsa44_verify,
            ml_dsa44_verify_prehash,
            ml_dsa44_verify_internal,
            ml_dsa44_compute_mu,
        ),
        (
            ml_dsa65_verify,
            ml_dsa65_verify_prehash,
            ml_dsa65_verify_internal,
            ml_dsa65_compute_mu,
        ),
        (
            ml_dsa87_verify,
            ml_dsa87_verify_prehash,
            ml_dsa87_verify_internal,
            ml_dsa87_compute_mu,
        ),
    ];
    for (
        (name, keygen, sign, sign_prehash, sign_internal, public_key, vk_len),
        (verify, verify_ph, verify_int, mu),
    ) in DSA_SETS.into_iter().zip(verifiers)
    {
        let kp = keygen(None).unwrap();
        let (vk, sk) = kp.split_at(vk_len);
        let sig = sign(b"m", sk, b"", None, false).unwrap();
        let ph_sig = sign_prehash(&SHA512_OID, &[7; 64], sk, b"", None, false).unwrap();
        let mu_bytes = mu(vk, b"m", b"").unwrap();
        measure(format!("{name} keygen()"), &mut || {
            drop(keygen(None).unwrap())
        });
        measure(format!("{name} keygen(seed)"), &mut || {
            drop(keygen(Some(vec![1; 32])).unwrap())
        });
        measure(format!("{name} sign"), &mut || {
            drop(sign(b"m", sk, b"", None, false).unwrap())
        });
        measure(
            format!("{name} sign (3000-byte message, deterministic)"),
            &mut || drop(sign(&[5; 3000], sk, b"c", None, true).unwrap()),
        );
        measure(format!("{name} prehash sign"), &mut || {
            drop(sign_prehash(&SHA512_OID, &[7; 64], sk, b"", None, false).unwrap())
        });
        measure(format!("{name} internal sign (external mu)"), &mut || {
            drop(sign_internal(&mu_bytes, sk, true, None, false).unwrap())
        });
        measure(format!("{name} internal sign (M')"), &mut || {
            drop(sign_internal(b"m'", sk, false, None, true).unwrap())
        });
        measure(format!("{name} getPublicKey"), &mut || {
            drop(public_key(sk).unwrap())
        });
        measure(format!("{name} verify"), &mut || {
            assert!(verify(&sig, b"m", vk, b"").unwrap())
        });
        measure(format!("{name} prehash verify"), &mut || {
            assert!(verify_ph(&SHA512_OID, &ph_sig, &[7; 64], vk, b"").unwrap())
        });
        measure(format!("{name} internal verify (external mu)"), &mut || {
            assert!(verify_int(&sig, &mu_bytes, vk, true).unwrap())
        });
        measure(format!("{name} computeMu"), &mut || {
            drop(mu(vk, b"m", b"").unwrap())
        });
    }
    // Key objects of every parameter set.
    macro_rules! kem_objects {
        ($name:literal, $dk:ident, $ek:ident, $ct_len:literal) => {{
            let dk = $dk::from_seed(&[3; 64]).unwrap();
            let (ek_bytes, dk_bytes) = (dk.public_key(), dk.to_bytes());
            let ek = $ek::from_bytes(&ek_bytes).unwrap();
            let ct = ek.encapsulate(None).unwrap()[..$ct_len].to_vec();
            let n = |op: &str| format!("{} {op}", $name);
            measure(n("DecapsulationKey.fromSeed"), &mut || {
                drop($dk::from_seed(&[4; 64]).unwrap())
            });
            measure(n("DecapsulationKey.fromBytes"), &mut || {
                drop($dk::from_bytes(&dk_bytes).unwrap())
            });
            measure(n("DecapsulationKey.decapsulate"), &mut || {
                drop(dk.decapsulate(&ct).unwrap())
            });
            measure(n("DecapsulationKey.toBytes"), &mut || drop(dk.to_bytes()));
            measure(n("EncapsulationKey.encapsulate"), &mut || {
                drop(ek.encapsulate(None).unwrap())
            });
            measure(
                n("EncapsulationKey.fromBytes (no secret)"),
                &mut || drop($ek::from_bytes(&ek_bytes).unwrap()),
            );
            // Key files: every PKCS#8 form in and out, PEM, SPKI.
            for form in 0..3u8 {
                let der = dk.to_pkcs8(form).unwrap();
                measure(
                    n(&format!("DecapsulationKey.fromPkcs8 (form {form})")),
                    &mut || drop($dk::from_pkcs8(&der).unwrap()),
                );
                measure(
                    n(&format!("DecapsulationKey.toPkcs8 (form {form})")),
                    &mut || drop(dk.to_pkcs8(form).unwrap()),
                );
            }
            let pem = dk.to_pkcs8_pem(0).unwrap();
            measure(n("DecapsulationKey.fromPkcs8Pem"), &mut || {
                drop($dk::from_pkcs8_pem(&pem).unwrap())
            });
            measure(n("DecapsulationKey.toPkcs8Pem"), &mut || {
                drop(dk.to_pkcs8_pem(2).unwrap())
            });
            let spki = ek.to_spki();
            measure(
                n("EncapsulationKey.fromSpki (no secret)"),
                &mut || drop($ek::from_spki(&spki).unwrap()),
            );
        }};
    }
    kem_objects!(
        "ML-KEM-512",
        MlKem512DecapsulationKey,
        MlKem512EncapsulationKey,
        768
    );
    kem_objects!(
        "ML-KEM-768",
        MlKem768DecapsulationKey,
        MlKem768EncapsulationKey,
        1088
    );
    kem_objects!(
        "ML-KEM-1024",
        MlKem1024DecapsulationKey,
        MlKem1024EncapsulationKey,
        1568
    );
    macro_rules! dsa_objects {
        ($name:literal, $sk:ident, $vk:ident) => {{
            let sk = $sk::from_seed(&[5; 32]).unwrap();
            let (sk_bytes, vk_bytes) = (sk.to_bytes(), sk.public_key());
            let vk = $vk::from_bytes(&vk_bytes).unwrap();
            let sig = sk.sign(b"m", b"", None, false).unwrap();
            let n = |op: &str| format!("{} {op}", $name);
            measure(n("SigningKey.fromSeed"), &mut || {
                drop($sk::from_seed(&[6; 32]).unwrap())
            });
            measure(n("SigningKey.fromBytes"), &mut || {
                drop($sk::from_bytes(&sk_bytes).unwrap())
            });
            measure(n("SigningKey.sign"), &mut || {
                drop(sk.sign(b"m", b"", None, false).unwrap())
            });
            measure(n("SigningKey.toBytes"), &mut || drop(sk.to_bytes()));
            measure(n("SigningKey.getPublicKey (no secret)"), &mut || {
                drop(sk.public_key())
            });
            measure(n("VerifyingKey.fromBytes (no secret)"), &mut || {
                drop($vk::from_bytes(&vk_bytes).unwrap())
            });
            measure(n("VerifyingKey.verify"), &mut || {
                assert!(vk.verify(&sig, b"m", b"").unwrap())
            });
            // Key files and streaming.
            for form in 0..3u8 {
                let der = sk.to_pkcs8(form).unwrap();
                measure(
                    n(&format!("SigningKey.fromPkcs8 (form {form})")),
                    &mut || drop($sk::from_pkcs8(&der).unwrap()),
                );
                measure(n(&format!("SigningKey.toPkcs8 (form {form})")), &mut || {
                    drop(sk.to_pkcs8(form).unwrap())
                });
            }
            let pem = sk.to_pkcs8_pem(0).unwrap();
            measure(n("SigningKey.fromPkcs8Pem"), &mut || {
                drop($sk::from_pkcs8_pem(&pem).unwrap())
            });
            let spki = vk.to_spki();
            measure(n("VerifyingKey.fromSpki (no secret)"), &mut || {
                drop($vk::from_spki(&spki).unwrap())
            });
            let mut h = vk.mu_hasher(b"c").unwrap();
            measure(n("MuHasher.update (no secret)"), &mut || {
                h.update(&[9; 5000])
            });
            let mu = h.finalize();
            measure(n("SigningKey.signMu"), &mut || {
                drop(sk.sign_mu(&mu, None, false).unwrap())
            });
            let mu_sig = sk.sign_mu(&mu, None, true).unwrap();
            measure(n("VerifyingKey.verifyMu"), &mut || {
                assert!(vk.verify_mu(&mu_sig, &mu).unwrap())
            });
        }};
    }
    dsa_objects!("ML-DSA-44", MlDsa44SigningKey, MlDsa44VerifyingKey);
    dsa_objects!("ML-DSA-65", MlDsa65SigningKey, MlDsa65VerifyingKey);
    dsa_objects!("ML-DSA-87", MlDsa87SigningKey, MlDsa87VerifyingKey);
    // X-Wing.
    {
        let kp = xwing_keygen(None).unwrap();
        let (ek, dk) = kp.split_at(1216);
        let ct = xwing_encapsulate(ek, None).unwrap()[..1120].to_vec();
        measure("X-Wing keygen()".into(), &mut || {
            drop(xwing_keygen(None).unwrap())
        });
        measure("X-Wing keygen(seed)".into(), &mut || {
            drop(xwing_keygen(Some(vec![1; 32])).unwrap())
        });
        measure("X-Wing encapsulate".into(), &mut || {
            drop(xwing_encapsulate(ek, None).unwrap())
        });
        measure("X-Wing decapsulate".into(), &mut || {
            drop(xwing_decapsulate(&ct, dk).unwrap())
        });
        measure("X-Wing getPublicKey".into(), &mut || {
            drop(xwing_public_key(dk).unwrap())
        });
    }
    // The channel. Stateful calls get a fresh state per measurement (two each: without
    // and with wiping), made before the stack is painted.
    {
        let a = ChannelIdentity::from_seed(&[7; 32]).unwrap();
        let b = ChannelIdentity::from_seed(&[8; 32]).unwrap();
        let (pa, pb) = (a.peer_id(), b.peer_id());
        measure("ChannelIdentity fromSeed".into(), &mut || {
            drop(ChannelIdentity::from_seed(&[9; 32]).unwrap())
        });
        measure("ChannelIdentity generate".into(), &mut || {
            drop(ChannelIdentity::generate())
        });
        measure("ChannelIdentity seed".into(), &mut || drop(a.seed()));
        measure("ChannelHandshake initiator".into(), &mut || {
            drop(ChannelHandshake::initiator(&a, "pin", &pb).unwrap())
        });
        measure("ChannelHandshake responder".into(), &mut || {
            drop(ChannelHandshake::responder(&b, "allow", &pa).unwrap())
        });
        // The handshake at each of its six steps.
        type Pair = (ChannelHandshake, ChannelHandshake, Vec<u8>);
        let start = || -> Pair {
            let i = ChannelHandshake::initiator(&a, "pin", &pb).unwrap();
            let r = ChannelHandshake::responder(&b, "pin", &pa).unwrap();
            (i, r, Vec::new())
        };
        let after = |n: usize| -> Pair {
            let (mut i, mut r, mut m) = start();
            for k in 0..n {
                match k {
                    0 | 4 => m = i.write_message().unwrap(),
                    1 | 5 => r.read_message(&m).unwrap(),
                    2 => m = r.write_message().unwrap(),
                    _ => i.read_message(&m).unwrap(),
                }
            }
            (i, r, m)
        };
        let steps: [(&str, usize); 6] = [
            ("write InitiatorHello", 0),
            ("read InitiatorHello", 1),
            ("write ResponderHello", 2),
            ("read ResponderHello", 3),
            ("write InitiatorAuth", 4),
            ("read InitiatorAuth", 5),
        ];
        for (name, n) in steps {
            let mut states = vec![after(n), after(n)];
            measure(format!("ChannelHandshake {name}"), &mut || {
                let (mut i, mut r, m) = states.pop().unwrap();
                match n {
                    0 | 4 => drop(i.write_message().unwrap()),
                    1 | 5 => r.read_message(&m).unwrap(),
                    2 => drop(r.write_message().unwrap()),
                    _ => i.read_message(&m).unwrap(),
                }
            });
        }
        let mut states = vec![after(6), after(6)];
        measure("ChannelHandshake intoSession".into(), &mut || {
            let (mut i, _, _) = states.pop().unwrap();
            drop(i.into_session().unwrap());
        });
        // The session.
        let (mut i, mut r, _) = after(6);
        let (mut x, mut y) = (i.into_session().unwrap(), r.into_session().unwrap());
        let data = vec![3u8; 65536];
        measure("ChannelSession seal (64 KiB)".into(), &mut || {
            let rec = x.seal(&data).unwrap();
            drop(y.open(&rec).unwrap());
        });
        let mut records = vec![x.seal(&data).unwrap(), x.seal(&data).unwrap()];
        records.reverse();
        measure("ChannelSession open (64 KiB)".into(), &mut || {
            drop(y.open(&records.pop().unwrap()).unwrap())
        });
        measure("ChannelSession updateKeys".into(), &mut || {
            let rec = x.update_keys().unwrap();
            drop(y.open(&rec).unwrap());
        });
        measure("ChannelSession export".into(), &mut || {
            drop(x.export(b"label", b"context", 8160).unwrap())
        });
        let mut sessions: Vec<ChannelSession> =
            (0..2).map(|_| after(6).0.into_session().unwrap()).collect();
        measure("ChannelSession close".into(), &mut || {
            drop(sessions.pop().unwrap().close().unwrap());
        });
    }
    console_log!("deepest: {} B ({})", worst.0, worst.1);
    assert!(failures.is_empty(), "{failures:#?}");
}
