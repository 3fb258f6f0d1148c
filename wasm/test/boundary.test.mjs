// The JS boundary (issue 14, section 3): byte arguments are read only through the
// built-in typed-array accessors, so nothing an object can override (a `length` getter,
// a prototype) changes what reaches the wasm module; sizes the module cannot hold are
// Errors, never wasm traps; and after each such call the module still works.
// Run: node --test (after `npm install <packed pqlattice-wasm tarball>`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ml_kem768, ml_dsa65, ml_dsa44 } from 'pqlattice-wasm';

const seed64 = Uint8Array.from({ length: 64 }, (_, i) => i * 7 + 1);
const seed32 = Uint8Array.from({ length: 32 }, (_, i) => i * 5 + 3);
const m32 = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const kem = ml_kem768.keygen(seed64);
const dsa = ml_dsa65.keygen(seed32);
const enc = ml_kem768.encapsulate(kem.publicKey, m32);
const msg = new TextEncoder().encode('still works');
const detSig = ml_dsa65.sign(msg, dsa.secretKey, { extraEntropy: false });

// No wasm trap: a trap is a WebAssembly.RuntimeError and leaves the module unusable.
function notATrap(e) {
  assert.ok(!(e instanceof WebAssembly.RuntimeError), `wasm trap: ${e.message}`);
  assert.ok(e instanceof Error, `not an Error: ${e}`);
  return true;
}

// Valid calls give the same bytes as before the bad call (the module is not corrupted).
function stillWorks() {
  assert.deepEqual(ml_kem768.keygen(seed64), kem);
  assert.deepEqual(ml_kem768.encapsulate(kem.publicKey, m32), enc);
  assert.deepEqual(ml_kem768.decapsulate(enc.cipherText, kem.secretKey), enc.sharedSecret);
  assert.deepEqual(ml_dsa65.sign(msg, dsa.secretKey, { extraEntropy: false }), detSig);
  assert.equal(ml_dsa65.verify(detSig, msg, dsa.publicKey), true);
  const fresh = ml_kem768.keygen();
  const e = ml_kem768.encapsulate(fresh.publicKey);
  assert.deepEqual(ml_kem768.decapsulate(e.cipherText, fresh.secretKey), e.sharedSecret);
}

const lyingLength = (n) => class extends Uint8Array { get length() { return n; } };

test('a subclass whose length getter lies is read with its real length', () => {
  const L64 = lyingLength(64);
  // 32 real bytes: the seed is too short, whatever `length` says.
  assert.throws(() => ml_kem768.keygen(new L64(32)), (e) => notATrap(e) && /ML-KEM-768 seed: expected 64 bytes, got 32/.test(e.message));
  stillWorks();
  // 64 real bytes behind a getter saying 0: the key pair of those 64 bytes.
  const L0 = lyingLength(0);
  const s = new L0(64);
  s.set(seed64);
  assert.deepEqual(ml_kem768.keygen(s), kem);
  // Other overridable properties do not matter either.
  const u = seed64.slice();
  Object.defineProperty(u, 'byteLength', { get: () => 2 });
  Object.defineProperty(u, 'byteOffset', { get: () => 5 });
  Object.defineProperty(u, 'buffer', { get: () => new ArrayBuffer(1) });
  assert.deepEqual(ml_kem768.keygen(u), kem);
  stillWorks();
});

test('sign: a 1.1 MB message whose length getter says 0 is signed in full', () => {
  const L0 = lyingLength(0);
  const big = new L0(1_100_000);
  for (let i = 0; i < big.byteLength; i += 997) big[i] = i & 0xff;
  const plain = new Uint8Array(big.buffer.slice(0));
  const sig = ml_dsa65.sign(big, dsa.secretKey, { extraEntropy: false });
  assert.deepEqual(sig, ml_dsa65.sign(plain, dsa.secretKey, { extraEntropy: false }));
  assert.equal(ml_dsa65.verify(sig, plain, dsa.publicKey), true);
  assert.equal(ml_dsa65.verify(sig, big, dsa.publicKey), true);
  assert.equal(ml_dsa65.verify(sig, plain.subarray(1), dsa.publicKey), false);
  stillWorks();
});

test('decapsulate: a 2400-byte secret key whose getter says 64 gives the right secret', () => {
  for (let i = 0; i < 3; i++) stillWorks(); // "after a few ordinary calls"
  const L64 = lyingLength(64);
  const sk = new L64(2400);
  sk.set(kem.secretKey);
  assert.deepEqual(ml_kem768.decapsulate(enc.cipherText, sk), enc.sharedSecret);
  const ct = new L64(enc.cipherText.length);
  ct.set(enc.cipherText);
  assert.deepEqual(ml_kem768.decapsulate(ct, sk), enc.sharedSecret);
  assert.deepEqual(ml_kem768.getPublicKey(sk), kem.publicKey);
  const Lneg = lyingLength(-1);
  const sk2 = new Lneg(2400);
  sk2.set(kem.secretKey);
  assert.deepEqual(ml_kem768.decapsulate(enc.cipherText, sk2), enc.sharedSecret);
  stillWorks();
});

test('look-alikes and other non-Uint8Arrays are TypeErrors, not traps', () => {
  const u = new Uint8Array(64);
  const fakes = [
    Object.setPrototypeOf({ length: 2 ** 31 }, Uint8Array.prototype),
    Object.setPrototypeOf({ length: -1 }, Uint8Array.prototype),
    Object.setPrototypeOf({ length: 64, byteLength: 64, buffer: new ArrayBuffer(64), byteOffset: 0 }, Uint8Array.prototype),
    Object.defineProperty({ length: 64 }, Symbol.toStringTag, { value: 'Uint8Array' }),
    new Proxy(u, {}),
    Object.create(u),
    new Int8Array(64),
    new Uint8ClampedArray(64),
    new Uint16Array(32),
    new DataView(new ArrayBuffer(64)),
    new ArrayBuffer(64),
    Array.from({ length: 64 }, () => 1),
    { length: 64 },
    '0'.repeat(64),
    null,
    64,
  ];
  for (const [i, fake] of fakes.entries()) {
    assert.throws(() => ml_kem768.keygen(fake), (e) => notATrap(e) && e instanceof TypeError, `fake ${i}`);
    assert.throws(() => ml_kem768.decapsulate(fake, kem.secretKey), TypeError, `fake ${i}`);
    assert.throws(() => ml_kem768.decapsulate(enc.cipherText, fake), TypeError, `fake ${i}`);
    assert.throws(() => ml_dsa65.sign(fake, dsa.secretKey), TypeError, `fake ${i}`);
    assert.throws(() => ml_dsa65.sign(msg, dsa.secretKey, { context: fake }), TypeError, `fake ${i}`);
    assert.throws(() => ml_dsa65.verify(detSig, fake, dsa.publicKey), TypeError, `fake ${i}`);
    assert.throws(() => ml_dsa65.sign(msg, dsa.secretKey, { extraEntropy: fake }), TypeError, `fake ${i}`);
  }
  stillWorks();
  // Genuine Uint8Arrays from elsewhere are accepted: Node's Buffer (a subclass), views
  // with an offset, arrays of another realm's constructor are not needed here.
  assert.deepEqual(ml_kem768.keygen(Buffer.from(seed64)), kem);
  const wide = new Uint8Array(100);
  wide.set(seed64, 17);
  assert.deepEqual(ml_kem768.keygen(wide.subarray(17, 81)), kem);
});

test('a detached or out-of-bounds array is an Error', () => {
  const a = seed64.slice();
  structuredClone(a.buffer, { transfer: [a.buffer] }); // detaches a.buffer
  assert.throws(() => ml_kem768.keygen(a), notATrap);
  stillWorks();
  const rab = new ArrayBuffer(64, { maxByteLength: 128 });
  const view = new Uint8Array(rab, 32, 32);
  rab.resize(16); // the view is now out of bounds: 0 bytes
  assert.throws(() => ml_dsa65.keygen(view), notATrap);
  assert.equal(ml_dsa65.verify(detSig, new Uint8Array(rab, 0), dsa.publicKey), false);
  stillWorks();
});

test('a message too large for wasm memory (2.1 GiB) is an Error for sign and verify', () => {
  const huge = new Uint8Array(2.1 * 2 ** 30); // not touched: only its size is read
  const tooLarge = (e) => notATrap(e) && /more than the wasm module can hold/.test(e.message);
  assert.throws(() => ml_dsa65.sign(huge, dsa.secretKey), tooLarge);
  stillWorks();
  assert.throws(() => ml_dsa65.verify(detSig, huge, dsa.publicKey), tooLarge);
  stillWorks();
  assert.throws(() => ml_dsa65.prehash('SHA2-256').sign(huge, dsa.secretKey), tooLarge);
  assert.throws(() => ml_dsa65.computeMu(dsa.publicKey, huge), tooLarge);
  assert.throws(() => ml_dsa65.internal.sign(huge, dsa.secretKey), tooLarge);
  assert.throws(() => ml_kem768.decapsulate(huge, kem.secretKey), tooLarge);
  // Two arguments that fit one by one but not together.
  const half = huge.subarray(0, 2 ** 30 + 10);
  assert.throws(() => ml_dsa65.sign(half, dsa.secretKey, { context: half }), tooLarge);
  stillWorks();
});

// Last: grows the module's memory to nearly 4 GiB (shared by the rest of this process).
test('memory that cannot grow any more: an Error (not an allocator abort), then valid calls work', async () => {
  // The glue module that index.js instantiated (same URL, so the same instance);
  // initSync returns its exports once initialized.
  const glue = await import(new URL('../node_modules/pqlattice-wasm/pqlattice_wasm.js', import.meta.url));
  const { memory } = glue.initSync();
  assert.ok(memory instanceof WebAssembly.Memory);
  const page = 65536;
  const leave = 48 * 2 ** 20; // 48 MiB of room left for the module to grow into
  memory.grow(65536 - memory.buffer.byteLength / page - leave / page);
  assert.ok(memory.buffer.byteLength >= 4 * 2 ** 30 - leave - page);
  assert.throws(() => memory.grow(leave / page + 1), RangeError, 'the 4 GiB limit holds');
  const outOfMemory = (e) => notATrap(e) && /out of memory/.test(e.message);
  const big = new Uint8Array(100 * 2 ** 20);
  assert.throws(() => ml_dsa65.sign(big, dsa.secretKey), outOfMemory);
  stillWorks();
  assert.throws(() => ml_dsa44.verify(new Uint8Array(2420), big, ml_dsa44.keygen().publicKey), outOfMemory);
  stillWorks();
  // A message that fits still signs (8 MiB of the 48 left).
  const fits = new Uint8Array(8 * 2 ** 20).fill(1);
  const sig = ml_dsa65.sign(fits, dsa.secretKey);
  assert.equal(ml_dsa65.verify(sig, fits, dsa.publicKey), true);
  stillWorks();
});
