// Interoperability with @noble/post-quantum (pinned in ../package.json): keys, ciphertexts
// and signatures made by one are accepted by the other, for all six parameter sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ours from 'pqlattice-wasm';
import * as nobleKem from '@noble/post-quantum/ml-kem.js';
import * as nobleDsa from '@noble/post-quantum/ml-dsa.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { sha3_384 } from '@noble/hashes/sha3.js';

const rand = (n) => crypto.getRandomValues(new Uint8Array(n));

for (const name of ['ml_kem512', 'ml_kem768', 'ml_kem1024']) {
  const a = ours[name], b = nobleKem[name];
  test(`${name}: interop with @noble/post-quantum`, () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(b.lengths)),
      Object.fromEntries(Object.entries(a.lengths).filter(([k]) => k in b.lengths)));
    // noble's ciphertext decapsulates in ours, and ours in noble's.
    const nk = b.keygen();
    const enc1 = b.encapsulate(nk.publicKey);
    const ok = a.keygen();
    const enc2 = a.encapsulate(ok.publicKey);
    // ...with keys crossing too: ours encapsulates to noble's key and vice versa.
    const enc3 = a.encapsulate(nk.publicKey);
    const enc4 = b.encapsulate(ok.publicKey);
    assert.deepEqual(b.decapsulate(enc3.cipherText, nk.secretKey), enc3.sharedSecret);
    assert.deepEqual(a.decapsulate(enc4.cipherText, ok.secretKey), enc4.sharedSecret);
    assert.deepEqual(b.decapsulate(enc2.cipherText, ok.secretKey), enc2.sharedSecret, 'noble decapsulates with our secret key');
    assert.deepEqual(a.decapsulate(enc1.cipherText, nk.secretKey), enc1.sharedSecret, 'we decapsulate with noble secret key');
    // Same seed, same keys; same m, same ciphertext; tampered ciphertext, same rejection key.
    const seed = rand(64), m = rand(32);
    const ka = a.keygen(seed), kb = b.keygen(seed);
    assert.deepEqual(ka.publicKey, kb.publicKey);
    assert.deepEqual(ka.secretKey, kb.secretKey);
    const ea = a.encapsulate(ka.publicKey, m), eb = b.encapsulate(kb.publicKey, m);
    assert.deepEqual(ea.cipherText, eb.cipherText);
    assert.deepEqual(ea.sharedSecret, eb.sharedSecret);
    const bad = ea.cipherText.slice(); bad[0] ^= 1;
    assert.deepEqual(a.decapsulate(bad, ka.secretKey), b.decapsulate(bad, kb.secretKey));
    assert.deepEqual(a.getPublicKey(kb.secretKey), b.getPublicKey(ka.secretKey));
  });
}

const PREHASH = { ml_dsa44: sha256, ml_dsa65: sha3_384, ml_dsa87: sha512 };
for (const name of ['ml_dsa44', 'ml_dsa65', 'ml_dsa87']) {
  const a = ours[name], b = nobleDsa[name];
  test(`${name}: interop with @noble/post-quantum`, () => {
    for (const k of Object.keys(b.lengths)) assert.equal(a.lengths[k], b.lengths[k], k);
    const msg = rand(100), context = rand(17);
    const nk = b.keygen(), ok = a.keygen();
    // noble's signatures verify in ours and ours in noble's (hedged, with context).
    const nsig = b.sign(msg, nk.secretKey, { context });
    const osig = a.sign(msg, ok.secretKey, { context });
    assert.equal(a.verify(nsig, msg, nk.publicKey, { context }), true, 'ours verifies noble');
    assert.equal(b.verify(osig, msg, ok.publicKey, { context }), true, 'noble verifies ours');
    assert.equal(a.verify(nsig, msg, nk.publicKey), false);
    assert.equal(b.verify(osig, msg, ok.publicKey), false);
    // Same seed, same keys; deterministic signatures are byte-identical.
    const seed = rand(32);
    const ka = a.keygen(seed), kb = b.keygen(seed);
    assert.deepEqual(ka.publicKey, kb.publicKey);
    assert.deepEqual(ka.secretKey, kb.secretKey);
    assert.deepEqual(a.sign(msg, ka.secretKey, { context, extraEntropy: false }),
      b.sign(msg, kb.secretKey, { context, extraEntropy: false }));
    const rnd = rand(32);
    assert.deepEqual(a.sign(msg, ka.secretKey, { extraEntropy: rnd }), b.sign(msg, kb.secretKey, { extraEntropy: rnd }));
    // HashML-DSA with a noble hash function passed to both.
    const h = PREHASH[name];
    const nph = b.prehash(h).sign(msg, nk.secretKey, { context });
    const oph = a.prehash(h).sign(msg, ok.secretKey, { context });
    assert.equal(a.prehash(h).verify(nph, msg, nk.publicKey, { context }), true);
    assert.equal(b.prehash(h).verify(oph, msg, ok.publicKey, { context }), true);
    assert.deepEqual(a.prehash(h).sign(msg, ka.secretKey, { extraEntropy: false }),
      b.prehash(h).sign(msg, kb.secretKey, { extraEntropy: false }));
    // External mu: noble signs our mu, we verify, and the other way round.
    const mu = a.computeMu(nk.publicKey, msg, { context });
    const nmu = b.internal.sign(mu, nk.secretKey, { externalMu: true });
    assert.equal(a.internal.verify(nmu, mu, nk.publicKey, { externalMu: true }), true);
    assert.equal(a.verify(nmu, msg, nk.publicKey, { context }), true);
    const omu = a.internal.sign(a.computeMu(ok.publicKey, msg), ok.secretKey, { externalMu: true });
    assert.equal(b.verify(omu, msg, ok.publicKey), true);
    assert.deepEqual(a.getPublicKey(kb.secretKey), b.getPublicKey(ka.secretKey));
  });
}
