// The packaged npm module as a user imports it: round trips, ACVP known answers,
// bad inputs. Run: node --test (after `npm install <packed pqlattice-wasm tarball>`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as pq from 'pqlattice-wasm';

const { ml_kem512, ml_kem768, ml_kem1024, ml_dsa44, ml_dsa65, ml_dsa87 } = pq;
const KEMS = { 'ML-KEM-512': ml_kem512, 'ML-KEM-768': ml_kem768, 'ML-KEM-1024': ml_kem1024 };
const DSAS = { 'ML-DSA-44': ml_dsa44, 'ML-DSA-65': ml_dsa65, 'ML-DSA-87': ml_dsa87 };
const hex = (s) => Uint8Array.from(Buffer.from(s ?? '', 'hex'));
const toHex = (b) => Buffer.from(b).toString('hex').toUpperCase();
const fixture = JSON.parse(readFileSync(
  process.env.PQ_FIXTURE ?? new URL('./fixtures/acvp-subset.json', import.meta.url), 'utf8'));

// PH(M) for HashML-DSA, with Node's own hashes (independent of the library).
function prehashDigest(name, msg) {
  const alg = {
    'SHA2-224': 'sha224', 'SHA2-256': 'sha256', 'SHA2-384': 'sha384', 'SHA2-512': 'sha512',
    'SHA2-512/224': 'sha512-224', 'SHA2-512/256': 'sha512-256', 'SHA3-224': 'sha3-224',
    'SHA3-256': 'sha3-256', 'SHA3-384': 'sha3-384', 'SHA3-512': 'sha3-512',
    'SHAKE-128': 'shake128', 'SHAKE-256': 'shake256',
  }[name];
  const opts = name === 'SHAKE-128' ? { outputLength: 32 } : name === 'SHAKE-256' ? { outputLength: 64 } : {};
  return new Uint8Array(createHash(alg, opts).update(msg).digest());
}

test('exports exactly the six parameter sets, X-Wing and the channel, with noble-style lengths', () => {
  assert.deepEqual(Object.keys(pq).sort(), ['activeBackend', 'channel', 'forceBackend', 'ml_dsa44', 'ml_dsa65', 'ml_dsa87',
    'ml_kem1024', 'ml_kem512', 'ml_kem768', 'ml_kem768_x25519', 'xwing']);
  assert.deepEqual(ml_kem768.lengths, { secretKey: 2400, publicKey: 1184, cipherText: 1088, seed: 64, msg: 32, msgRand: 32, sharedSecret: 32 });
  assert.deepEqual(ml_dsa87.lengths, { secretKey: 4896, publicKey: 2592, signature: 4627, seed: 32, signRand: 32 });
  assert.equal(ml_dsa65.securityLevel, 192);
});

test('runs the SIMD128 backend by default; the portable one gives the same bytes', () => {
  assert.equal(pq.activeBackend(), 'wasm-simd128');
  const run = () => {
    const out = [];
    for (const kem of Object.values(KEMS)) {
      const k = kem.keygen(new Uint8Array(64).fill(7));
      const e = kem.encapsulate(k.publicKey, new Uint8Array(32).fill(9));
      out.push(k.publicKey, k.secretKey, e.cipherText, kem.decapsulate(e.cipherText, k.secretKey));
    }
    for (const dsa of Object.values(DSAS)) {
      const k = dsa.keygen(new Uint8Array(32).fill(3));
      const sig = dsa.sign(new Uint8Array(40), k.secretKey, { extraEntropy: false });
      out.push(k.publicKey, k.secretKey, sig);
    }
    return out.map(toHex);
  };
  const simd = run();
  try {
    assert.equal(pq.forceBackend('portable'), true);
    assert.equal(pq.activeBackend(), 'portable');
    assert.deepEqual(run(), simd);
  } finally {
    assert.equal(pq.forceBackend('wasm-simd128'), true);
  }
  assert.equal(pq.forceBackend('avx2'), false);
  assert.equal(pq.activeBackend(), 'wasm-simd128');
  assert.throws(() => pq.forceBackend(1), TypeError);
});

for (const [name, kem] of Object.entries(KEMS)) {
  test(`${name}: round trip and lengths`, () => {
    const { publicKey, secretKey } = kem.keygen();
    assert.equal(publicKey.length, kem.lengths.publicKey);
    assert.equal(secretKey.length, kem.lengths.secretKey);
    assert.deepEqual(kem.getPublicKey(secretKey), publicKey);
    const { cipherText, sharedSecret } = kem.encapsulate(publicKey);
    assert.equal(cipherText.length, kem.lengths.cipherText);
    assert.equal(sharedSecret.length, 32);
    assert.deepEqual(kem.decapsulate(cipherText, secretKey), sharedSecret);
    const again = kem.encapsulate(publicKey);
    assert.notDeepEqual(again.sharedSecret, sharedSecret, 'encapsulation is randomized');
    const tampered = cipherText.slice();
    tampered[5] ^= 0x40;
    assert.notDeepEqual(kem.decapsulate(tampered, secretKey), sharedSecret);
    const seed = new Uint8Array(64).fill(3);
    assert.deepEqual(kem.keygen(seed), kem.keygen(seed));
    assert.notDeepEqual(kem.keygen().publicKey, publicKey);
  });

  test(`${name}: ACVP keyGen / encap / decap / key checks`, () => {
    const fx = fixture.mlkem;
    let n = 0;
    for (const c of fx.keyGen.filter((c) => c.parameterSet === name)) {
      const { publicKey, secretKey } = kem.keygen(hex(c.d + c.z));
      assert.equal(toHex(publicKey), c.ek, `keyGen tcId ${c.tcId}`);
      assert.equal(toHex(secretKey), c.dk, `keyGen tcId ${c.tcId}`);
      n++;
    }
    for (const c of fx.encap.filter((c) => c.parameterSet === name)) {
      const { cipherText, sharedSecret } = kem.encapsulate(hex(c.ek), hex(c.m));
      assert.equal(toHex(cipherText), c.c, `encap tcId ${c.tcId}`);
      assert.equal(toHex(sharedSecret), c.k, `encap tcId ${c.tcId}`);
      n++;
    }
    for (const c of fx.decap.filter((c) => c.parameterSet === name)) {
      assert.equal(toHex(kem.decapsulate(hex(c.c), hex(c.dk))), c.k, `decap tcId ${c.tcId} (${c.reason})`);
      n++;
    }
    for (const c of fx.ekCheck.filter((c) => c.parameterSet === name)) {
      if (c.testPassed) kem.encapsulate(hex(c.ek));
      else assert.throws(() => kem.encapsulate(hex(c.ek)), /encapsulation key check failed/, `tcId ${c.tcId}`);
      n++;
    }
    for (const c of fx.dkCheck.filter((c) => c.parameterSet === name)) {
      const ct = new Uint8Array(kem.lengths.cipherText);
      if (c.testPassed) kem.decapsulate(ct, hex(c.dk));
      else assert.throws(() => kem.decapsulate(ct, hex(c.dk)), /decapsulation key check failed/, `tcId ${c.tcId}`);
      n++;
    }
    assert.ok(n >= 8, `only ${n} cases for ${name}`);
  });

  test(`${name}: bad inputs throw Error with the library message`, () => {
    const L = kem.lengths;
    const { publicKey, secretKey } = kem.keygen();
    assert.throws(() => kem.keygen(new Uint8Array(63)), { name: 'Error', message: `${name} seed: expected 64 bytes, got 63` });
    assert.throws(() => kem.encapsulate(publicKey.subarray(1)), new RegExp(`expected ${L.publicKey} bytes, got ${L.publicKey - 1}`));
    assert.throws(() => kem.encapsulate(publicKey, new Uint8Array(33)), /expected 32 bytes, got 33/);
    assert.throws(() => kem.decapsulate(new Uint8Array(L.cipherText + 1), secretKey), new RegExp(`expected ${L.cipherText} bytes`));
    assert.throws(() => kem.decapsulate(new Uint8Array(L.cipherText), secretKey.subarray(0, 10)), new RegExp(`expected ${L.secretKey} bytes, got 10`));
    assert.throws(() => kem.decapsulate(new Uint8Array(0), new Uint8Array(0)), Error);
    // Out-of-range encapsulation key: a 12-bit coefficient of 0xFFF >= q.
    const bad = publicKey.slice();
    bad[3] = 0xff; bad[4] |= 0x0f;
    assert.throws(() => kem.encapsulate(bad), (e) => e instanceof Error && /encapsulation key check failed/.test(e.message));
    // Corrupted H(ek) inside the secret key.
    const badSk = secretKey.slice();
    badSk[L.secretKey - 40] ^= 1;
    assert.throws(() => kem.decapsulate(new Uint8Array(L.cipherText), badSk), /decapsulation key check failed/);
    assert.throws(() => kem.getPublicKey(badSk), /decapsulation key check failed/);
    // Wrong types are TypeErrors, not wasm traps.
    assert.throws(() => kem.encapsulate('not bytes'), TypeError);
    assert.throws(() => kem.decapsulate([1, 2, 3], secretKey), TypeError);
    // The module still works after all those errors.
    const { cipherText, sharedSecret } = kem.encapsulate(publicKey);
    assert.deepEqual(kem.decapsulate(cipherText, secretKey), sharedSecret);
  });
}

for (const [name, dsa] of Object.entries(DSAS)) {
  test(`${name}: round trips (pure, context, deterministic, prehash, external mu)`, () => {
    const { publicKey, secretKey } = dsa.keygen();
    assert.equal(publicKey.length, dsa.lengths.publicKey);
    assert.equal(secretKey.length, dsa.lengths.secretKey);
    assert.deepEqual(dsa.getPublicKey(secretKey), publicKey);
    const msg = new TextEncoder().encode('attack at dawn');
    const context = new Uint8Array([1, 2, 3]);
    const sig = dsa.sign(msg, secretKey, { context });
    assert.equal(sig.length, dsa.lengths.signature);
    assert.equal(dsa.verify(sig, msg, publicKey, { context }), true);
    assert.equal(dsa.verify(sig, msg, publicKey), false, 'context is bound');
    assert.equal(dsa.verify(sig, msg.subarray(1), publicKey, { context }), false);
    const flipped = sig.slice(); flipped[10] ^= 1;
    assert.equal(dsa.verify(flipped, msg, publicKey, { context }), false);
    assert.notDeepEqual(dsa.sign(msg, secretKey, { context }), sig, 'hedged by default');
    const det = dsa.sign(msg, secretKey, { extraEntropy: false });
    assert.deepEqual(dsa.sign(msg, secretKey, { extraEntropy: false }), det);
    assert.deepEqual(dsa.sign(msg, secretKey, { extraEntropy: new Uint8Array(32) }), det);
    assert.equal(dsa.verify(det, msg, publicKey), true);

    const ph = dsa.prehash('SHA2-512');
    const digest = prehashDigest('SHA2-512', msg);
    const phSig = ph.sign(digest, secretKey, { context });
    assert.equal(ph.verify(phSig, digest, publicKey, { context }), true);
    assert.equal(dsa.verify(phSig, msg, publicKey, { context }), false, 'HashML-DSA is domain separated');
    assert.equal(dsa.prehash('SHA3-512').verify(phSig, digest, publicKey, { context }), false, 'OID is bound');

    const mu = dsa.computeMu(publicKey, msg, { context });
    assert.equal(mu.length, 64);
    const muSig = dsa.internal.sign(mu, secretKey, { externalMu: true });
    assert.equal(dsa.verify(muSig, msg, publicKey, { context }), true, 'external mu signature is a normal signature');
    assert.equal(dsa.internal.verify(sig, mu, publicKey, { externalMu: true }), true);
  });

  test(`${name}: ACVP keyGen / sigGen / sigVer`, () => {
    const fx = fixture.mldsa;
    let n = 0;
    for (const c of fx.keyGen.filter((c) => c.parameterSet === name)) {
      const { publicKey, secretKey } = dsa.keygen(hex(c.seed));
      assert.equal(toHex(publicKey), c.pk, `keyGen tcId ${c.tcId}`);
      assert.equal(toHex(secretKey), c.sk, `keyGen tcId ${c.tcId}`);
      n++;
    }
    for (const c of fx.sigGen.filter((c) => c.parameterSet === name)) {
      const sk = hex(c.sk);
      const extraEntropy = c.deterministic ? false : hex(c.rnd);
      let sig;
      if (c.signatureInterface === 'internal') {
        sig = c.externalMu
          ? dsa.internal.sign(hex(c.mu), sk, { externalMu: true, extraEntropy })
          : dsa.internal.sign(hex(c.message), sk, { extraEntropy });
      } else if (c.preHash === 'preHash') {
        sig = dsa.prehash(c.hashAlg).sign(prehashDigest(c.hashAlg, hex(c.message)), sk, { context: hex(c.context), extraEntropy });
      } else {
        sig = dsa.sign(hex(c.message), sk, { context: hex(c.context), extraEntropy });
      }
      assert.equal(toHex(sig), c.signature, `sigGen tcId ${c.tcId}`);
      n++;
    }
    for (const c of fx.sigVer.filter((c) => c.parameterSet === name)) {
      const pk = hex(c.pk), sig = hex(c.signature);
      let ok;
      if (c.signatureInterface === 'internal') {
        ok = c.externalMu
          ? dsa.internal.verify(sig, hex(c.mu), pk, { externalMu: true })
          : dsa.internal.verify(sig, hex(c.message), pk);
      } else if (c.preHash === 'preHash') {
        ok = dsa.prehash(c.hashAlg).verify(sig, prehashDigest(c.hashAlg, hex(c.message)), pk, { context: hex(c.context) });
      } else {
        ok = dsa.verify(sig, hex(c.message), pk, { context: hex(c.context) });
      }
      assert.equal(ok, c.testPassed, `sigVer tcId ${c.tcId} (${c.reason})`);
      n++;
    }
    assert.ok(n >= 18, `only ${n} cases for ${name}`);
  });

  test(`${name}: bad inputs throw Error with the library message`, () => {
    const L = dsa.lengths;
    const { publicKey, secretKey } = dsa.keygen();
    const msg = new Uint8Array(5);
    assert.throws(() => dsa.keygen(new Uint8Array(31)), { name: 'Error', message: `${name} seed: expected 32 bytes, got 31` });
    assert.throws(() => dsa.sign(msg, secretKey, { context: new Uint8Array(256) }),
      { name: 'Error', message: 'context string too long: 256 bytes, at most 255 allowed' });
    const sig = dsa.sign(msg, secretKey, { context: new Uint8Array(255) });
    assert.equal(dsa.verify(sig, msg, publicKey, { context: new Uint8Array(255) }), true, '255 bytes is allowed');
    assert.throws(() => dsa.verify(sig, msg, publicKey, { context: new Uint8Array(300) }), /context string too long: 300 bytes/);
    assert.throws(() => dsa.verify(sig.subarray(1), msg, publicKey), new RegExp(`expected ${L.signature} bytes, got ${L.signature - 1}`));
    assert.throws(() => dsa.verify(sig, msg, publicKey.subarray(2)), new RegExp(`expected ${L.publicKey} bytes`));
    assert.throws(() => dsa.sign(msg, secretKey.subarray(0, 100)), new RegExp(`expected ${L.secretKey} bytes, got 100`));
    assert.throws(() => dsa.sign(msg, secretKey, { extraEntropy: new Uint8Array(16) }), /extraEntropy: expected 32 bytes, got 16/);
    const badSk = secretKey.slice(); badSk.fill(0xff, 128, 256); // s1 coefficients out of range
    assert.throws(() => dsa.sign(msg, badSk), /ML-DSA signing key is malformed/);
    assert.throws(() => dsa.prehash('SHA2-256').sign(new Uint8Array(31), secretKey), /pre-hash digest for SHA2-256 must be 32 bytes, got 31/);
    assert.throws(() => dsa.prehash('MD5'), /unsupported pre-hash function/);
    assert.throws(() => dsa.internal.sign(new Uint8Array(63), secretKey, { externalMu: true }), /mu: expected 64 bytes, got 63/);
    assert.throws(() => dsa.sign(msg, secretKey, { ctx: new Uint8Array(1) }), TypeError, 'typo in option name');
    assert.throws(() => dsa.verify(sig, 'msg', publicKey), TypeError);
    assert.equal(dsa.verify(sig, msg, publicKey), false);
    assert.equal(dsa.verify(new Uint8Array(L.signature), msg, publicKey), false, 'all-zero signature');
  });
}

test('random and mis-sized inputs never trap the module (only Error or a result)', () => {
  // A wasm trap (panic = abort) would surface as WebAssembly.RuntimeError and leave the
  // module unusable; every input must instead give a result or a plain Error.
  let seedState = 12345;
  const rnd = (n) => { // deterministic bytes, reproducible failures
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) { seedState = (seedState * 1103515245 + 12345) >>> 0; b[i] = seedState >>> 24; }
    return b;
  };
  const sizes = (n) => [0, 1, n - 1, n, n + 1, 2 * n];
  let calls = 0, errors = 0;
  const attempt = (fn) => {
    calls++;
    try { fn(); } catch (e) {
      assert.ok(!(e instanceof WebAssembly.RuntimeError), `wasm trap: ${e.message}`);
      assert.ok(e instanceof Error, String(e));
      errors++;
    }
  };
  for (const kem of Object.values(KEMS)) {
    const L = kem.lengths;
    for (const n of sizes(L.seed)) attempt(() => kem.keygen(rnd(n)));
    for (const n of sizes(L.publicKey)) attempt(() => kem.encapsulate(rnd(n)));
    for (const n of sizes(L.secretKey)) attempt(() => kem.getPublicKey(rnd(n)));
    for (const n of sizes(L.cipherText)) for (const m of sizes(L.secretKey)) attempt(() => kem.decapsulate(rnd(n), rnd(m)));
  }
  for (const dsa of Object.values(DSAS)) {
    const L = dsa.lengths;
    const { publicKey, secretKey } = dsa.keygen();
    for (const n of sizes(L.seed)) attempt(() => dsa.keygen(rnd(n)));
    for (const n of sizes(L.secretKey)) attempt(() => dsa.sign(rnd(10), rnd(n)));
    for (const n of sizes(L.signature)) for (const m of sizes(L.publicKey)) attempt(() => dsa.verify(rnd(n), rnd(10), rnd(m)));
    for (const n of sizes(L.signature)) attempt(() => dsa.verify(rnd(n), rnd(10), publicKey));
    for (const n of [0, 255, 256, 1000]) attempt(() => dsa.sign(rnd(3), secretKey, { context: rnd(n) }));
    for (const n of sizes(64)) attempt(() => dsa.internal.sign(rnd(n), secretKey, { externalMu: true }));
    for (const n of sizes(64)) attempt(() => dsa.internal.verify(rnd(L.signature), rnd(n), publicKey, { externalMu: true }));
    for (const n of [0, 28, 32, 48, 64, 65]) for (const h of ['SHA2-224', 'SHA3-256', 'SHAKE-128', 'SHAKE-256']) {
      attempt(() => dsa.prehash(h).sign(rnd(n), secretKey));
      attempt(() => dsa.prehash(h).verify(rnd(L.signature), rnd(n), publicKey));
    }
    // Random bytes of the right length: a random "signature" must verify false, not throw.
    assert.equal(dsa.verify(rnd(L.signature), rnd(10), publicKey), false);
  }
  assert.ok(calls > 300 && errors > 100, `${calls} calls, ${errors} errors`);
  // The module still works.
  const { publicKey, secretKey } = ml_kem768.keygen();
  const { cipherText, sharedSecret } = ml_kem768.encapsulate(publicKey);
  assert.deepEqual(ml_kem768.decapsulate(cipherText, secretKey), sharedSecret);
});
