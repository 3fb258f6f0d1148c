// ops/s of pqlattice-wasm against @noble/post-quantum in the same Node process, for
// ML-KEM-768 and ML-DSA-65 (every operation). Usage: node bench.mjs [seconds per op]
// Prints a Markdown table; exits non-zero only if an operation gives a wrong result.
import * as ours from 'pqlattice-wasm';
import { ml_kem768 as nKem } from '@noble/post-quantum/ml-kem.js';
import { ml_dsa65 as nDsa } from '@noble/post-quantum/ml-dsa.js';

const SECONDS = Number(process.argv[2] ?? 0.6);

function opsPerSec(fn) {
  for (let i = 0; i < 3; i++) fn(); // warm up (JIT, wasm tier-up)
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    n++;
    elapsed = performance.now() - start;
  } while (elapsed < SECONDS * 1000 || n < 5);
  return (n * 1000) / elapsed;
}

function check(cond, what) {
  if (!cond) {
    console.error(`bench: wrong result: ${what}`);
    process.exit(1);
  }
}

const msg = new TextEncoder().encode('benchmark message of some 40 bytes......');
const rows = [];
for (const [label, lib] of [['pqlattice-wasm', ours.ml_kem768], ['noble', nKem]]) {
  const k = lib.keygen();
  const e = lib.encapsulate(k.publicKey);
  check(lib.decapsulate(e.cipherText, k.secretKey).every((b, i) => b === e.sharedSecret[i]), `${label} ML-KEM-768`);
  rows.push([label, 'ML-KEM-768 keygen', opsPerSec(() => lib.keygen())]);
  rows.push([label, 'ML-KEM-768 encapsulate', opsPerSec(() => lib.encapsulate(k.publicKey))]);
  rows.push([label, 'ML-KEM-768 decapsulate', opsPerSec(() => lib.decapsulate(e.cipherText, k.secretKey))]);
}
for (const [label, lib] of [['pqlattice-wasm', ours.ml_dsa65], ['noble', nDsa]]) {
  const k = lib.keygen();
  const sig = lib.sign(msg, k.secretKey);
  check(lib.verify(sig, msg, k.publicKey), `${label} ML-DSA-65`);
  rows.push([label, 'ML-DSA-65 keygen', opsPerSec(() => lib.keygen())]);
  rows.push([label, 'ML-DSA-65 sign', opsPerSec(() => lib.sign(msg, k.secretKey))]);
  rows.push([label, 'ML-DSA-65 verify', opsPerSec(() => lib.verify(sig, msg, k.publicKey))]);
}

const ops = [...new Set(rows.map((r) => r[1]))];
const get = (label, op) => rows.find((r) => r[0] === label && r[1] === op)[2];
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
console.log(`Node ${process.version}, ${SECONDS}s per op, ops/s (higher is better)\n`);
console.log('| operation | pqlattice-wasm | @noble/post-quantum | speed-up |');
console.log('|---|---:|---:|---:|');
let below = 0;
for (const op of ops) {
  const a = get('pqlattice-wasm', op), b = get('noble', op);
  if (a / b < 5) below++;
  console.log(`| ${op} | ${fmt(a)} | ${fmt(b)} | ${(a / b).toFixed(1)}x |`);
}
console.log(`\n5x bar: ${below === 0 ? 'met on every operation' : `NOT met on ${below} of ${ops.length} operations`}`);
