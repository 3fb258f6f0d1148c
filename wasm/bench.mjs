// ops/s of pqlattice-wasm against @noble/post-quantum in the same Node process, for
// ML-KEM-768, ML-DSA-65 and X-Wing (every operation), and the secure channel (a whole
// handshake in this process, records). Usage: node bench.mjs [seconds per op]
// Our module runs twice: with its default WebAssembly SIMD128 kernels and forced to the
// portable backend (the same .wasm, so the SIMD gain is measured under the same load).
// Each figure is the best of ROUNDS interleaved rounds (every operation of every library
// once per round), which damps the drift of a shared, loaded machine.
// Then: the noble-style functions (key bytes parsed on every call) against key objects
// (parsed once); and, if WASM_BENCH_HOOKS points at a wasm-bindgen build of the crate
// with the `test-hooks` feature (scripts/test-wasm.sh makes one; never shipped), the
// cost of stack wiping: the same module with the wiping on and off.
// Prints Markdown tables; exits non-zero only if an operation gives a wrong result.
import * as ours from 'pqlattice-wasm';
import { ml_kem768 as nKem } from '@noble/post-quantum/ml-kem.js';
import { ml_dsa65 as nDsa } from '@noble/post-quantum/ml-dsa.js';
import { ml_kem768_x25519 as nXWing } from '@noble/post-quantum/hybrid.js';

const SECONDS = Number(process.argv[2] ?? 0.6);
const ROUNDS = 5;

// ops/s of `fn` over about `seconds`.
function opsPerSec(fn, seconds) {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    n++;
    elapsed = performance.now() - start;
  } while (elapsed < seconds * 1000 || n < 2);
  return (n * 1000) / elapsed;
}

function check(cond, what) {
  if (!cond) {
    console.error(`bench: wrong result: ${what}`);
    process.exit(1);
  }
}

const msg = new TextEncoder().encode('benchmark message of some 40 bytes......');
const jobs = []; // [library, operation, fn]
const SIMD = ours.activeBackend();
// Runs `fn` with our module forced to the portable backend, then restores the default.
function portable(fn) {
  check(ours.forceBackend('portable'), 'forcing the portable backend');
  try {
    return fn();
  } finally {
    ours.forceBackend(SIMD);
  }
}
const wrap = (lib) => Object.fromEntries(Object.entries(lib).map(([k, f]) =>
  [k, typeof f === 'function' ? (...a) => portable(() => f(...a)) : f]));
for (const [label, lib] of [['pqlattice-wasm', ours.ml_kem768], ['portable', wrap(ours.ml_kem768)], ['noble', nKem]]) {
  const k = lib.keygen();
  const e = lib.encapsulate(k.publicKey);
  check(lib.decapsulate(e.cipherText, k.secretKey).every((b, i) => b === e.sharedSecret[i]), `${label} ML-KEM-768`);
  jobs.push([label, 'ML-KEM-768 keygen', () => lib.keygen()]);
  jobs.push([label, 'ML-KEM-768 encapsulate', () => lib.encapsulate(k.publicKey)]);
  jobs.push([label, 'ML-KEM-768 decapsulate', () => lib.decapsulate(e.cipherText, k.secretKey)]);
}
for (const [label, lib] of [['pqlattice-wasm', ours.ml_dsa65], ['portable', wrap(ours.ml_dsa65)], ['noble', nDsa]]) {
  const k = lib.keygen();
  const sig = lib.sign(msg, k.secretKey);
  check(lib.verify(sig, msg, k.publicKey), `${label} ML-DSA-65`);
  jobs.push([label, 'ML-DSA-65 keygen', () => lib.keygen()]);
  jobs.push([label, 'ML-DSA-65 sign', () => lib.sign(msg, k.secretKey)]);
  jobs.push([label, 'ML-DSA-65 verify', () => lib.verify(sig, msg, k.publicKey)]);
}
for (const [label, lib] of [['pqlattice-wasm', ours.xwing], ['portable', wrap(ours.xwing)], ['noble', nXWing]]) {
  const k = lib.keygen();
  const e = lib.encapsulate(k.publicKey);
  check(lib.decapsulate(e.cipherText, k.secretKey).every((b, i) => b === e.sharedSecret[i]), `${label} X-Wing`);
  jobs.push([label, 'X-Wing keygen', () => lib.keygen()]);
  jobs.push([label, 'X-Wing encapsulate', () => lib.encapsulate(k.publicKey)]);
  jobs.push([label, 'X-Wing decapsulate', () => lib.decapsulate(e.cipherText, k.secretKey)]);
}

for (const [, , fn] of jobs) for (let i = 0; i < 3; i++) fn(); // warm up (JIT, wasm tier-up)
const rows = jobs.map(([label, op]) => [label, op, 0]);
for (let r = 0; r < ROUNDS; r++) {
  jobs.forEach(([, , fn], i) => {
    rows[i][2] = Math.max(rows[i][2], opsPerSec(fn, SECONDS / ROUNDS));
  });
}
const ops = [...new Set(rows.map((r) => r[1]))];
const get = (label, op) => rows.find((r) => r[0] === label && r[1] === op)[2];
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
console.log(`Node ${process.version}, ${SECONDS}s per op (best of ${ROUNDS} interleaved rounds), ops/s (higher is better); default backend: ${SIMD}\n`);
console.log(`| operation | pqlattice-wasm (${SIMD}) | pqlattice-wasm (portable) | @noble/post-quantum | vs noble | ${SIMD} vs portable |`);
console.log('|---|---:|---:|---:|---:|---:|');
let below = 0;
for (const op of ops) {
  const a = get('pqlattice-wasm', op), p = get('portable', op), b = get('noble', op);
  if (a / b < 5) below++;
  console.log(`| ${op} | ${fmt(a)} | ${fmt(p)} | ${fmt(b)} | ${(a / b).toFixed(1)}x | ${(a / p).toFixed(2)}x |`);
}
console.log(`\n5x bar: ${below === 0 ? 'met on every operation' : `NOT met on ${below} of ${ops.length} operations`}`);

// ---- key objects against key bytes parsed on every call (same module, same rounds)
function table(title, cols, pairs) {
  // pairs: [op, fnA, fnB]; prints ops/s of both and the ratio A/B.
  for (const [, a, b] of pairs) for (let i = 0; i < 3; i++) { a(); b(); }
  const best = pairs.map(() => [0, 0]);
  for (let r = 0; r < ROUNDS; r++) {
    pairs.forEach(([, a, b], i) => {
      best[i][0] = Math.max(best[i][0], opsPerSec(a, SECONDS / ROUNDS));
      best[i][1] = Math.max(best[i][1], opsPerSec(b, SECONDS / ROUNDS));
    });
  }
  console.log(`\n${title}\n`);
  console.log(`| operation | ${cols[0]} | ${cols[1]} | ${cols[0]} / ${cols[1]} |`);
  console.log('|---|---:|---:|---:|');
  pairs.forEach(([op], i) => {
    const [a, b] = best[i];
    console.log(`| ${op} | ${fmt(a)} | ${fmt(b)} | ${(a / b).toFixed(2)}x |`);
  });
  return best;
}

{
  const { ml_kem768: kem, ml_dsa65: dsa } = ours;
  const kp = kem.keygen();
  const e = kem.encapsulate(kp.publicKey);
  const dk = kem.DecapsulationKey.fromBytes(kp.secretKey);
  const ek = kem.EncapsulationKey.fromBytes(kp.publicKey);
  check(dk.decapsulate(e.cipherText).every((b, i) => b === e.sharedSecret[i]), 'key object decapsulate');
  const d = dsa.keygen();
  const sk = dsa.SigningKey.fromBytes(d.secretKey);
  const vk = dsa.VerifyingKey.fromBytes(d.publicKey);
  const sig = sk.sign(msg);
  check(vk.verify(sig, msg) && dsa.verify(sig, msg, d.publicKey), 'key object sign/verify');
  table('Key objects (parsed once) against key bytes (parsed on every call), ops/s:', ['key object', 'key bytes'], [
    ['ML-KEM-768 encapsulate', () => ek.encapsulate(), () => kem.encapsulate(kp.publicKey)],
    ['ML-KEM-768 decapsulate', () => dk.decapsulate(e.cipherText), () => kem.decapsulate(e.cipherText, kp.secretKey)],
    ['ML-DSA-65 sign', () => sk.sign(msg), () => dsa.sign(msg, d.secretKey)],
    ['ML-DSA-65 verify', () => vk.verify(sig, msg), () => dsa.verify(sig, msg, d.publicKey)],
  ]);
  for (const k of [dk, ek, sk, vk]) k.free();
}

// ---- the secure channel: a whole handshake (both sides in this process), records
{
  const { channel } = ours;
  const a = channel.Identity.generate(), b = channel.Identity.generate();
  const handshake = () => {
    const i = channel.Handshake.initiator(a, { pin: b.peerId() });
    const r = channel.Handshake.responder(b, { pin: a.peerId() });
    r.readMessage(i.writeMessage());
    i.readMessage(r.writeMessage());
    r.readMessage(i.writeMessage());
    const pair = [i.intoSession(), r.intoSession()];
    i.free(); r.free();
    return pair;
  };
  const [x, y] = handshake();
  check(x.transcriptHash().every((v, k) => v === y.transcriptHash()[k]), 'channel handshake');
  x.free(); y.free();
  const [s, t] = handshake();
  const data = { '1 KiB': new Uint8Array(1024).fill(7), '64 KiB': new Uint8Array(65536).fill(7) };
  const rows2 = [['full handshake (both sides)', () => { const [p, q] = handshake(); p.free(); q.free(); }, 0]];
  for (const [name, d] of Object.entries(data)) {
    rows2.push([`seal + open, ${name} records`, () => check(t.open(s.seal(d)).data.length === d.length, 'record'), d.length]);
  }
  for (const [, fn] of rows2) for (let i = 0; i < 3; i++) fn();
  const best = rows2.map(() => 0);
  for (let r = 0; r < ROUNDS; r++) rows2.forEach(([, fn], i) => { best[i] = Math.max(best[i], opsPerSec(fn, SECONDS / ROUNDS)); });
  console.log('\nSecure channel (X-Wing + ML-DSA-65 handshake, ChaCha20-Poly1305 records), both sides in this process:\n');
  console.log('| operation | ops/s | ms per op | MiB/s of plaintext |');
  console.log('|---|---:|---:|---:|');
  rows2.forEach(([op, , n], i) => {
    console.log(`| ${op} | ${fmt(best[i])} | ${(1000 / best[i]).toFixed(3)} | ${n ? ((best[i] * n) / 2 ** 20).toFixed(0) : ''} |`);
  });
  s.free(); t.free(); a.free(); b.free();
}

// ---- the cost of stack wiping (test-hooks build: the same module, wiping on / off)
if (process.env.WASM_BENCH_HOOKS) {
  const dir = new URL(`file://${process.env.WASM_BENCH_HOOKS.replace(/\/?$/, '/')}`);
  const h = await import(new URL('pqlattice_wasm.js', dir));
  const { readFileSync } = await import('node:fs');
  h.initSync({ module: readFileSync(new URL('pqlattice_wasm_bg.wasm', dir)) });
  const seed = new Uint8Array(64).fill(1);
  const kp = h.ml_kem768_keygen(seed);
  const pk = kp.slice(0, 1184), skb = kp.slice(1184);
  const ct = h.ml_kem768_encapsulate(pk, undefined).slice(0, 1088);
  const dkp = h.ml_dsa65_keygen(seed.subarray(0, 32));
  const dsk = dkp.slice(1952);
  const on = (f) => () => { h.__setStackWipe(true); return f(); };
  const off = (f) => () => { h.__setStackWipe(false); try { return f(); } finally { h.__setStackWipe(true); } };
  const ops = [
    ['ML-KEM-768 keygen', () => h.ml_kem768_keygen(undefined)],
    ['ML-KEM-768 encapsulate', () => h.ml_kem768_encapsulate(pk, undefined)],
    ['ML-KEM-768 decapsulate', () => h.ml_kem768_decapsulate(ct, skb)],
    ['ML-DSA-65 keygen', () => h.ml_dsa65_keygen(undefined)],
    ['ML-DSA-65 sign', () => h.ml_dsa65_sign(msg, dsk, new Uint8Array(0), undefined, false)],
  ];
  const kemBytes = h.__stackWipeBytes('ML-KEM-768');
  const dsaBytes = h.__stackWipeBytes('ML-DSA-65');
  const best = table(`Stack wiping (${kemBytes} bytes after each ML-KEM-768 call, ${dsaBytes} after each ML-DSA-65 call), ops/s of the test-hooks build:`,
    ['wiping off', 'wiping on'], ops.map(([op, f]) => [op, off(f), on(f)]));
  // The wiping alone (an empty operation, then the same depth wiped): steadier on a
  // loaded machine than the difference of two whole operations.
  const alone = [kemBytes, dsaBytes].map((n) => {
    for (let i = 0; i < 3; i++) h.__wipeStack(n);
    let b = 0;
    for (let r = 0; r < ROUNDS; r++) b = Math.max(b, opsPerSec(() => h.__wipeStack(n), SECONDS / ROUNDS));
    return 1e6 / b; // microseconds per wipe
  });
  console.log('\nThe wiping alone, against the operation (with wiping) it follows:\n');
  console.log('| operation | wiped bytes | wiping alone (us) | operation (us) | share |');
  console.log('|---|---:|---:|---:|---:|');
  ops.forEach(([op], i) => {
    const [n, us] = op.startsWith('ML-KEM') ? [kemBytes, alone[0]] : [dsaBytes, alone[1]];
    const opUs = 1e6 / best[i][1];
    console.log(`| ${op} | ${n} | ${us.toFixed(1)} | ${opUs.toFixed(1)} | ${((100 * us) / opUs).toFixed(1)} % |`);
  });
}
