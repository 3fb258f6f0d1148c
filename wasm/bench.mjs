// ops/s of pqlattice-wasm against @noble/post-quantum in the same Node process, for
// ML-KEM-768 and ML-DSA-65 (every operation). Usage: node bench.mjs [seconds per op]
// Our module runs twice: with its default WebAssembly SIMD128 kernels and forced to the
// portable backend (the same .wasm, so the SIMD gain is measured under the same load).
// Each figure is the best of ROUNDS interleaved rounds (every operation of every library
// once per round), which damps the drift of a shared, loaded machine.
// Prints a Markdown table; exits non-zero only if an operation gives a wrong result.
import * as ours from 'pqlattice-wasm';
import { ml_kem768 as nKem } from '@noble/post-quantum/ml-kem.js';
import { ml_dsa65 as nDsa } from '@noble/post-quantum/ml-dsa.js';

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
