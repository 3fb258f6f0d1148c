// Key files (SPKI / PKCS#8, DER and PEM; RFC 9935, RFC 9881) and streaming ML-DSA
// through the npm module: the RFCs' example keys (test-vectors/x509) read and written
// back byte for byte, the keys they hold checked against keygen(seed 00 01 02 ...) and
// @noble/post-quantum; malformed inputs throw; a 1 MiB message signed in pieces gives
// the one-shot signature. Run: node --test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ml_kem512, ml_kem768, ml_kem1024, ml_dsa44, ml_dsa65, ml_dsa87 } from 'pqlattice-wasm';
import * as nobleKem from '@noble/post-quantum/ml-kem.js';
import * as nobleDsa from '@noble/post-quantum/ml-dsa.js';

const DIR = new URL('../../test-vectors/x509/', import.meta.url);
const text = (name) => readFileSync(new URL(name, DIR), 'utf8');
const derOf = (pem) => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
const seedOf = (n) => Uint8Array.from({ length: n }, (_, i) => i);
const cat = (a, b) => { const r = new Uint8Array(a.length + b.length); r.set(a); r.set(b, a.length); return r; };

const SETS = [
  ['ML-KEM-512', ml_kem512, 'DecapsulationKey', 'EncapsulationKey', 64, nobleKem.ml_kem512],
  ['ML-KEM-768', ml_kem768, 'DecapsulationKey', 'EncapsulationKey', 64, nobleKem.ml_kem768],
  ['ML-KEM-1024', ml_kem1024, 'DecapsulationKey', 'EncapsulationKey', 64, nobleKem.ml_kem1024],
  ['ML-DSA-44', ml_dsa44, 'SigningKey', 'VerifyingKey', 32, nobleDsa.ml_dsa44],
  ['ML-DSA-65', ml_dsa65, 'SigningKey', 'VerifyingKey', 32, nobleDsa.ml_dsa65],
  ['ML-DSA-87', ml_dsa87, 'SigningKey', 'VerifyingKey', 32, nobleDsa.ml_dsa87],
];
const FORMS = ['seed', 'expanded', 'both'];

for (const [name, scheme, Priv, Pub, seedLen] of SETS) {
  test(`${name}: RFC example key files read and written back byte for byte`, () => {
    const { publicKey, secretKey } = scheme.keygen(seedOf(seedLen));
    const pubPem = text(`${name}.pub`);
    const pubDer = derOf(pubPem);
    for (const pk of [scheme[Pub].fromSpkiPem(pubPem), scheme[Pub].fromSpki(pubDer)]) {
      assert.deepEqual(pk.toBytes(), publicKey);
      assert.equal(pk.toSpkiPem(), pubPem);
      assert.deepEqual(pk.toSpki(), pubDer);
      pk.free();
    }
    for (const form of FORMS) {
      const pem = text(`${name}-${form}.priv`);
      const der = derOf(pem);
      for (const sk of [scheme[Priv].fromPkcs8Pem(pem), scheme[Priv].fromPkcs8(der)]) {
        assert.deepEqual(sk.toBytes(), secretKey, form);
        for (const out of FORMS) {
          const want = derOf(text(`${name}-${out}.priv`));
          if (form === 'expanded' && out !== 'expanded') {
            // Made from the expanded key: no seed to write.
            assert.throws(() => sk.toPkcs8(out), /has no seed/);
            assert.throws(() => sk.toPkcs8Pem(out), /has no seed/);
          } else {
            assert.deepEqual(sk.toPkcs8(out), want, `${form} -> ${out}`);
            assert.equal(sk.toPkcs8Pem(out), text(`${name}-${out}.priv`));
          }
        }
        if (form !== 'expanded') {
          assert.deepEqual(sk.toPkcs8(), derOf(text(`${name}-seed.priv`)));
        }
        sk.free();
        assert.throws(() => sk.toPkcs8(), /freed/);
      }
    }
  });

  test(`${name}: malformed and foreign key files throw`, () => {
    const pubDer = derOf(text(`${name}.pub`));
    const privDer = derOf(text(`${name}-seed.priv`));
    for (const [der, from] of [[pubDer, scheme[Pub].fromSpki], [privDer, scheme[Priv].fromPkcs8]]) {
      assert.ok(from(der)); // control: the untouched file parses
      for (let n = 0; n < der.length; n += der.length > 200 ? 97 : 1) {
        assert.throws(() => from(der.subarray(0, n)), /truncated|unexpected DER tag|expected \d+ bytes/, `truncated to ${n}`);
      }
      assert.throws(() => from(der.subarray(0, der.length - 1)), Error);
      assert.throws(() => from(cat(der, new Uint8Array(1))), /trailing bytes/);
      const oid = der.slice();
      const at = oid.findIndex((_, i) => oid[i] === 0x06 && oid[i + 1] === 0x09) + 10;
      oid[at] ^= 0x40;
      assert.throws(() => from(oid), /another algorithm or parameter set/);
      assert.throws(() => from('MIIB'), TypeError);
    }
    // Files of every other set, and the other kind, are refused.
    for (const [other, otherScheme, oPriv, oPub] of SETS) {
      if (other === name) continue;
      assert.throws(() => scheme[Pub].fromSpkiPem(text(`${other}.pub`)), /another algorithm or parameter set/);
      assert.throws(() => scheme[Priv].fromPkcs8Pem(text(`${other}-both.priv`)), /another algorithm or parameter set/);
      assert.ok(otherScheme[oPub].fromSpkiPem(text(`${other}.pub`)));
      assert.ok(otherScheme[oPriv].fromPkcs8Pem(text(`${other}-seed.priv`)));
    }
    assert.throws(() => scheme[Priv].fromPkcs8(pubDer), /unexpected DER tag/);
    assert.throws(() => scheme[Pub].fromSpki(privDer), /unexpected DER tag/);
    // PEM: wrong label, encrypted, damaged base64, not a string, too long.
    assert.throws(() => scheme[Priv].fromPkcs8Pem(text(`${name}.pub`)), /PEM/);
    assert.throws(() => scheme[Pub].fromSpkiPem(text(`${name}-seed.priv`)), /PEM/);
    const pem = text(`${name}-seed.priv`);
    assert.throws(() => scheme[Priv].fromPkcs8Pem(pem.replaceAll('PRIVATE KEY', 'ENCRYPTED PRIVATE KEY')), /PEM/);
    assert.throws(() => scheme[Priv].fromPkcs8Pem(pem.replace(/\n-----END/, '!\n-----END')), /PEM|base64/);
    assert.throws(() => scheme[Priv].fromPkcs8Pem(privDer), TypeError);
    assert.throws(() => scheme[Priv].fromPkcs8Pem('x'.repeat(70000)), /too long/);
    // Forms: only the three names.
    const sk = scheme[Priv].fromPkcs8(privDer);
    assert.throws(() => sk.toPkcs8('seeds'), TypeError);
    assert.throws(() => sk.toPkcs8(0), TypeError);
    assert.throws(() => sk.toPkcs8Pem('Both'), TypeError);
    sk.free();
  });
}

test('the RFCs\' inconsistent example keys', () => {
  const kem = (i) => () => ml_kem512.DecapsulationKey.fromPkcs8Pem(text(`bad-ML-KEM-512-${i}.priv`));
  assert.throws(kem(1), /seed does not regenerate the expanded key/);
  assert.ok(kem(2)()); // a mutated s-hat with a valid H(ek): the 7.3 check cannot see it
  assert.throws(kem(3), /decapsulation key check failed/);
  assert.throws(kem(4), /seed does not regenerate the expanded key/);
  const dsa = (i) => () => ml_dsa44.SigningKey.fromPkcs8Pem(text(`bad-ML-DSA-44-${i}.priv`));
  assert.throws(dsa(1), /seed does not regenerate the expanded key/);
  assert.throws(dsa(2), /signing key is malformed/);
  assert.throws(dsa(3), /signing key is malformed/);
});

for (const [name, scheme, Priv, Pub, seedLen, noble] of SETS) {
  test(`${name}: key files carry @noble/post-quantum keys`, () => {
    const seed = crypto.getRandomValues(new Uint8Array(seedLen));
    const n = noble.keygen(seed);
    // Seed form from our key object; its expanded key is noble's secret key.
    const sk = scheme[Priv].fromSeed(seed);
    const again = scheme[Priv].fromPkcs8(sk.toPkcs8());
    assert.deepEqual(again.toBytes(), n.secretKey);
    // noble's expanded secret key in the expandedKey form; noble's public key in SPKI.
    const exp = scheme[Priv].fromBytes(n.secretKey);
    assert.deepEqual(scheme[Priv].fromPkcs8(exp.toPkcs8('expanded')).toBytes(), n.secretKey);
    const pk = scheme[Pub].fromSpki(scheme[Pub].fromBytes(n.publicKey).toSpki());
    assert.deepEqual(pk.toBytes(), n.publicKey);
    if (scheme.info.type === 'ml-kem') {
      const { cipherText, sharedSecret } = pk.encapsulate();
      assert.deepEqual(noble.decapsulate(cipherText, n.secretKey), sharedSecret);
      const e = noble.encapsulate(n.publicKey);
      assert.deepEqual(again.decapsulate(e.cipherText), e.sharedSecret);
    } else {
      const msg = seedOf(100);
      assert.equal(noble.verify(again.sign(msg), msg, n.publicKey), true);
      assert.equal(pk.verify(noble.sign(msg, n.secretKey), msg), true);
    }
    for (const k of [sk, again, exp, pk]) k.free();
  });
}

const MIB = 1 << 20;
const bigMessage = () => {
  const m = new Uint8Array(MIB);
  let x = 0x12345678;
  for (let i = 0; i < m.length; i++) { x = (Math.imul(x, 1103515245) + 12345) | 0; m[i] = x >>> 24; }
  return m;
};
const PIECES = [1, 7, 4096, 65539, 0, 204800, 13, 1000, 31749];

for (const [name, scheme, , , , noble] of SETS.filter((s) => s[1].info.type === 'ml-dsa')) {
  test(`${name}: a 1 MiB message signed in pieces = the one-shot signature`, () => {
    const msg = bigMessage();
    const context = seedOf(9);
    const sk = scheme.SigningKey.fromSeed(seedOf(32));
    const vk = scheme.VerifyingKey.fromBytes(sk.getPublicKey());
    const feed = (s, m) => {
      for (let off = 0, k = 0; off < m.length; k++) {
        const n = Math.min(PIECES[k % PIECES.length], m.length - off);
        assert.equal(s.update(m.subarray(off, off + n)), s);
        off += n;
      }
      return s;
    };
    const oneShot = sk.sign(msg, { context, extraEntropy: false });
    const streamed = feed(sk.signer({ context }), msg).sign({ extraEntropy: false });
    assert.deepEqual(streamed, oneShot);
    assert.deepEqual(oneShot, noble.sign(msg, sk.toBytes(), { context, extraEntropy: false }), 'noble agrees');
    const rnd = seedOf(32).reverse();
    assert.deepEqual(feed(sk.signer({ context }), msg).sign({ extraEntropy: rnd }),
      sk.sign(msg, { context, extraEntropy: rnd }));
    const hedged = feed(sk.signer({ context }), msg).sign();
    assert.notDeepEqual(hedged, oneShot);
    assert.equal(vk.verify(hedged, msg, { context }), true);
    assert.equal(noble.verify(hedged, msg, sk.getPublicKey(), { context }), true);
    // Streamed verification, and its failures.
    assert.equal(feed(vk.verifier({ context }), msg).verify(oneShot), true);
    assert.equal(feed(vk.verifier({ context }), msg.subarray(1)).verify(oneShot), false);
    const changed = msg.slice(); changed[MIB - 1] ^= 1;
    assert.equal(feed(vk.verifier({ context }), changed).verify(oneShot), false);
    assert.equal(feed(vk.verifier(), msg).verify(oneShot), false, 'another context');
    const badSig = oneShot.slice(); badSig[5] ^= 1;
    assert.equal(feed(vk.verifier({ context }), msg).verify(badSig), false);
    // Each finishes once; bad arguments throw without finishing it.
    const s = sk.signer({ context }).update(msg);
    assert.throws(() => s.sign({ context }), /unknown option "context"/);
    assert.throws(() => s.update('text'), TypeError);
    assert.throws(() => s.sign({ extraEntropy: seedOf(31) }), /expected 32 bytes, got 31/);
    assert.throws(() => s.sign(), /already finished/);
    const v = vk.verifier({ context }).update(msg);
    assert.throws(() => v.verify('sig'), TypeError);
    assert.throws(() => v.verify(oneShot.subarray(1)), /expected \d+ bytes/);
    assert.throws(() => v.verify(oneShot), /already finished/);
    assert.throws(() => sk.signer({ context: new Uint8Array(256) }), /context string too long/);
    assert.throws(() => sk.signer({ ctx: context }), /unknown option "ctx"/);
    const late = sk.signer();
    sk.free();
    assert.throws(() => late.sign(), /freed/);
    assert.throws(() => sk.signer(), /freed/);
    assert.throws(() => late.sign(), /already finished/);
    vk.free();
  });
}
