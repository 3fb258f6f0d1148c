// Key objects (pqlattice extension): parsed once, same bytes as the noble-style
// functions, freed (and unusable) after free(). Run: node --test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ml_kem512, ml_kem768, ml_kem1024, ml_dsa44, ml_dsa65, ml_dsa87 } from 'pqlattice-wasm';

const KEMS = { 'ML-KEM-512': ml_kem512, 'ML-KEM-768': ml_kem768, 'ML-KEM-1024': ml_kem1024 };
const DSAS = { 'ML-DSA-44': ml_dsa44, 'ML-DSA-65': ml_dsa65, 'ML-DSA-87': ml_dsa87 };
const filled = (n, f) => Uint8Array.from({ length: n }, (_, i) => (i * f + 11) & 0xff);

for (const [name, kem] of Object.entries(KEMS)) {
  test(`${name}: key objects give the bytes of the functions`, () => {
    const seed = filled(64, 13);
    const { publicKey, secretKey } = kem.keygen(seed);
    const dk = kem.DecapsulationKey.fromSeed(seed);
    const dk2 = kem.DecapsulationKey.fromBytes(secretKey);
    assert.deepEqual(dk.getPublicKey(), publicKey);
    assert.deepEqual(dk.toBytes(), secretKey);
    assert.deepEqual(dk2.toBytes(), secretKey);
    const ek = kem.EncapsulationKey.fromBytes(publicKey);
    assert.deepEqual(ek.toBytes(), publicKey);
    const m = filled(32, 3);
    const e = ek.encapsulate(m);
    assert.deepEqual(e, kem.encapsulate(publicKey, m));
    assert.deepEqual(dk.decapsulate(e.cipherText), e.sharedSecret);
    assert.deepEqual(dk2.decapsulate(e.cipherText), e.sharedSecret);
    const fresh = ek.encapsulate();
    assert.notDeepEqual(fresh.sharedSecret, e.sharedSecret);
    assert.deepEqual(dk.decapsulate(fresh.cipherText), fresh.sharedSecret);
    const bad = e.cipherText.slice(); bad[0] ^= 1;
    assert.deepEqual(dk.decapsulate(bad), kem.decapsulate(bad, secretKey), 'implicit rejection');
    assert.notDeepEqual(dk.decapsulate(bad), e.sharedSecret);
    // Bad input: library errors, as for the functions.
    assert.throws(() => dk.decapsulate(e.cipherText.subarray(1)), new RegExp(`expected ${kem.lengths.cipherText} bytes`));
    assert.throws(() => kem.DecapsulationKey.fromSeed(seed.subarray(1)), /seed: expected 64 bytes, got 63/);
    const badSk = secretKey.slice(); badSk[kem.lengths.secretKey - 40] ^= 1;
    assert.throws(() => kem.DecapsulationKey.fromBytes(badSk), /decapsulation key check failed/);
    const badPk = publicKey.slice(); badPk[0] = 0xff; badPk[1] |= 0x0f;
    assert.throws(() => kem.EncapsulationKey.fromBytes(badPk), /encapsulation key check failed/);
    assert.throws(() => ek.encapsulate(filled(31, 1)), /expected 32 bytes, got 31/);
    assert.throws(() => dk.decapsulate(Object.setPrototypeOf({ length: 9 }, Uint8Array.prototype)), TypeError);
    // free(): later calls throw, free is idempotent, the other objects still work.
    dk.free();
    dk.free();
    assert.throws(() => dk.decapsulate(e.cipherText), /the key was freed/);
    assert.throws(() => dk.toBytes(), /the key was freed/);
    assert.deepEqual(dk2.decapsulate(e.cipherText), e.sharedSecret);
    ek.free();
    assert.throws(() => ek.encapsulate(), /the key was freed/);
    dk2.free();
  });
}

for (const [name, dsa] of Object.entries(DSAS)) {
  test(`${name}: key objects give the bytes of the functions`, () => {
    const seed = filled(32, 7);
    const { publicKey, secretKey } = dsa.keygen(seed);
    const sk = dsa.SigningKey.fromSeed(seed);
    const sk2 = dsa.SigningKey.fromBytes(secretKey);
    assert.deepEqual(sk.getPublicKey(), publicKey);
    assert.deepEqual(sk.toBytes(), secretKey);
    const msg = filled(100, 5);
    const context = filled(9, 1);
    const det = sk.sign(msg, { context, extraEntropy: false });
    assert.deepEqual(det, dsa.sign(msg, secretKey, { context, extraEntropy: false }));
    assert.deepEqual(sk2.sign(msg, { context, extraEntropy: filled(32, 0).fill(0) }), det);
    const vk = dsa.VerifyingKey.fromBytes(publicKey);
    assert.deepEqual(vk.toBytes(), publicKey);
    assert.equal(vk.verify(det, msg, { context }), true);
    assert.equal(vk.verify(det, msg), false, 'context is bound');
    const hedged = sk.sign(msg);
    assert.notDeepEqual(hedged, sk.sign(msg));
    assert.equal(vk.verify(hedged, msg), true);
    assert.equal(dsa.verify(hedged, msg, publicKey), true);
    assert.throws(() => sk.sign(msg, { context: new Uint8Array(256) }), /context string too long: 256 bytes/);
    assert.throws(() => sk.sign(msg, { ctx: context }), TypeError);
    assert.throws(() => vk.verify(det.subarray(1), msg), new RegExp(`expected ${dsa.lengths.signature} bytes`));
    const badSk = secretKey.slice(); badSk.fill(0xff, 128, 256);
    assert.throws(() => dsa.SigningKey.fromBytes(badSk), /ML-DSA signing key is malformed/);
    assert.throws(() => dsa.SigningKey.fromSeed(filled(31, 1)), /seed: expected 32 bytes, got 31/);
    sk.free();
    assert.throws(() => sk.sign(msg), /the key was freed/);
    assert.throws(() => sk.getPublicKey(), /the key was freed/);
    assert.equal(vk.verify(sk2.sign(msg), msg), true);
    vk.free();
    assert.throws(() => vk.verify(det, msg), /the key was freed/);
    sk2.free();
  });
}

test('key objects are made only by fromSeed / fromBytes, and methods check their receiver', () => {
  assert.throws(() => new ml_kem768.DecapsulationKey(), TypeError);
  assert.throws(() => new ml_dsa65.SigningKey({}, {}), TypeError);
  const dk = ml_kem768.DecapsulationKey.fromSeed(new Uint8Array(64));
  assert.throws(() => ml_kem768.DecapsulationKey.prototype.decapsulate.call({}, new Uint8Array(1088)), TypeError);
  assert.throws(() => ml_kem512.DecapsulationKey.prototype.decapsulate.call(dk, new Uint8Array(768)), TypeError,
    'an ML-KEM-768 key is not an ML-KEM-512 key');
  if (typeof Symbol.dispose === 'symbol') {
    dk[Symbol.dispose]();
    assert.throws(() => dk.getPublicKey(), /the key was freed/);
  } else dk.free();
  assert.ok(Object.isFrozen(ml_kem768.DecapsulationKey));
});
