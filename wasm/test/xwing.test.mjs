// X-Wing (draft-connolly-cfrg-xwing-kem-10) in the npm package: the draft's vectors
// (test-vectors/xwing/test-vectors.json, every case, every field), interoperability with
// @noble/post-quantum's ml_kem768_x25519 in both directions, noble's API shape, and bad
// input. Run: node --test (scripts/test-wasm.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { xwing, ml_kem768_x25519, ml_kem768 } from 'pqlattice-wasm';
import { ml_kem768_x25519 as noble } from '@noble/post-quantum/hybrid.js';

const VECTORS = new URL('../../test-vectors/xwing/test-vectors.json', import.meta.url);
const hex = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const toHex = (b) => Buffer.from(b).toString('hex');
const rand = (n) => crypto.getRandomValues(new Uint8Array(n));

test('X-Wing: the draft vectors, every case and field', () => {
  const cases = JSON.parse(readFileSync(VECTORS, 'utf8'));
  assert.equal(cases.length, 3, 'the file holds the three cases of the draft appendix C');
  for (const [i, v] of cases.entries()) {
    const k = xwing.keygen(hex(v.seed));
    assert.equal(toHex(k.secretKey), v.sk, `case ${i}: sk`);
    assert.equal(toHex(k.publicKey), v.pk, `case ${i}: pk`);
    assert.equal(toHex(xwing.getPublicKey(hex(v.sk))), v.pk, `case ${i}: getPublicKey`);
    const e = xwing.encapsulate(hex(v.pk), hex(v.eseed));
    assert.equal(toHex(e.cipherText), v.ct, `case ${i}: ct`);
    assert.equal(toHex(e.sharedSecret), v.ss, `case ${i}: ss (encapsulate)`);
    assert.equal(toHex(xwing.decapsulate(hex(v.ct), hex(v.sk))), v.ss, `case ${i}: ss (decapsulate)`);
    // Negative control: one flipped eseed bit changes both outputs.
    const eseed = hex(v.eseed); eseed[5] ^= 1;
    const e2 = xwing.encapsulate(hex(v.pk), eseed);
    assert.notEqual(toHex(e2.cipherText), v.ct);
    assert.notEqual(toHex(e2.sharedSecret), v.ss);
  }
});

test('X-Wing: the same object under noble\'s name, with noble\'s shape', () => {
  assert.equal(ml_kem768_x25519, xwing);
  assert.deepEqual(
    Object.fromEntries(Object.entries(noble.lengths)),
    Object.fromEntries(Object.entries(xwing.lengths).filter(([k]) => k in noble.lengths)));
  for (const m of ['keygen', 'getPublicKey', 'encapsulate', 'decapsulate']) {
    assert.equal(typeof xwing[m], 'function', m);
    assert.equal(typeof noble[m], 'function', m);
  }
  // Destructured use (no `this`), as with noble.
  const { keygen, encapsulate, decapsulate } = xwing;
  const k = keygen();
  const e = encapsulate(k.publicKey);
  assert.deepEqual(decapsulate(e.cipherText, k.secretKey), e.sharedSecret);
  assert.equal(xwing.info.name, 'X-Wing');
});

test('X-Wing: interoperability with @noble/post-quantum ml_kem768_x25519, both directions', () => {
  for (let round = 0; round < 4; round++) {
    // Same seed, same key pair; same eseed, same ciphertext and secret.
    const seed = rand(32), eseed = rand(64);
    const ka = xwing.keygen(seed), kb = noble.keygen(seed);
    assert.deepEqual(ka.publicKey, kb.publicKey);
    assert.deepEqual(ka.secretKey, kb.secretKey);
    assert.deepEqual(xwing.getPublicKey(kb.secretKey), noble.getPublicKey(ka.secretKey));
    const ea = xwing.encapsulate(ka.publicKey, eseed), eb = noble.encapsulate(kb.publicKey, eseed);
    assert.deepEqual(ea.cipherText, eb.cipherText);
    assert.deepEqual(ea.sharedSecret, eb.sharedSecret);
    // Ours encapsulates to noble's fresh key, noble decapsulates; and the other way.
    const nk = noble.keygen(), ok = xwing.keygen();
    const toNoble = xwing.encapsulate(nk.publicKey);
    assert.deepEqual(noble.decapsulate(toNoble.cipherText, nk.secretKey), toNoble.sharedSecret);
    const toUs = noble.encapsulate(ok.publicKey);
    assert.deepEqual(xwing.decapsulate(toUs.cipherText, ok.secretKey), toUs.sharedSecret);
    // A tampered ciphertext (ML-KEM part, then X25519 part): both give the same
    // (implicit-rejection / combined) secret, different from the real one.
    for (const at of [0, 1100]) {
      const bad = toUs.cipherText.slice(); bad[at] ^= 0x40;
      const ours = xwing.decapsulate(bad, ok.secretKey);
      assert.deepEqual(ours, noble.decapsulate(bad, ok.secretKey), `tampered at ${at}`);
      assert.notDeepEqual(ours, toUs.sharedSecret);
    }
  }
});

test('X-Wing: bad input throws the library\'s errors, and later calls still work', () => {
  const k = xwing.keygen(rand(32));
  const e = xwing.encapsulate(k.publicKey);
  assert.throws(() => xwing.keygen(rand(31)), /X-Wing seed: expected 32 bytes, got 31/);
  assert.throws(() => xwing.getPublicKey(rand(33)), /X-Wing decapsulation key \(seed\): expected 32 bytes, got 33/);
  assert.throws(() => xwing.encapsulate(k.publicKey.subarray(1)), /X-Wing encapsulation key: expected 1216 bytes, got 1215/);
  assert.throws(() => xwing.encapsulate(k.publicKey, rand(32)), /eseed: expected 64 bytes, got 32/);
  assert.throws(() => xwing.decapsulate(e.cipherText.subarray(0, 1119), k.secretKey), /X-Wing ciphertext: expected 1120 bytes, got 1119/);
  assert.throws(() => xwing.decapsulate(e.cipherText, new Uint8Array(0)), /expected 32 bytes, got 0/);
  // An ML-KEM part that fails the FIPS 203 modulus check.
  const badPk = k.publicKey.slice(); badPk[0] = 0xff; badPk[1] |= 0x0f;
  assert.throws(() => xwing.encapsulate(badPk), (err) => err instanceof Error && !(err instanceof TypeError));
  for (const bad of [undefined, null, 'x', 5, [1, 2], new Int8Array(32), new Uint8Array(32).buffer]) {
    assert.throws(() => xwing.decapsulate(bad, k.secretKey), TypeError);
    assert.throws(() => xwing.getPublicKey(bad), TypeError);
  }
  assert.throws(() => xwing.keygen('seed'), TypeError);
  // The module still works, with the same bytes as before.
  assert.deepEqual(xwing.decapsulate(e.cipherText, k.secretKey), e.sharedSecret);
  assert.deepEqual(xwing.getPublicKey(k.secretKey), k.publicKey);
  assert.equal(ml_kem768.encapsulate(ml_kem768.keygen().publicKey).cipherText.length, 1088);
});
