// Exports a few ACVP known-answer cases per parameter set from ../../test-vectors
// (gzip'd JSON) into test/fixtures/acvp-subset.json, used by test/api.test.mjs.
// Usage: node tools/make-fixture.mjs [out.json]   (default: test/fixtures/acvp-subset.json)
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const root = new URL('../../test-vectors/acvp/', import.meta.url);
const load = (p) => JSON.parse(gunzipSync(readFileSync(new URL(p, root))).toString('utf8'));

// The first `n` tests of the groups matching `pred`, with the group fields merged in.
function pick(file, pred, n, keep) {
  const out = [];
  for (const g of load(file).testGroups) {
    if (!pred(g)) continue;
    for (const t of g.tests.slice(0, n)) {
      const c = { parameterSet: g.parameterSet, tcId: t.tcId };
      for (const k of keep) if (t[k] !== undefined) c[k] = t[k];
      out.push({ group: g, c });
    }
  }
  return out.map(({ c }) => c);
}

const fx = { source: 'test-vectors/acvp (NIST ACVP-Server v1.1.0.43), a subset', mlkem: {}, mldsa: {} };
const KEM = 'ML-KEM-keyGen-FIPS203/internalProjection.json.gz';
const ED = 'ML-KEM-encapDecap-FIPS203/internalProjection.json.gz';
fx.mlkem.keyGen = pick(KEM, () => true, 2, ['d', 'z', 'ek', 'dk']);
fx.mlkem.encap = pick(ED, (g) => g.function === 'encapsulation', 2, ['ek', 'm', 'c', 'k']);
fx.mlkem.decap = pick(ED, (g) => g.function === 'decapsulation', 2, ['dk', 'c', 'k', 'reason']);
fx.mlkem.ekCheck = pick(ED, (g) => g.function === 'encapsulationKeyCheck', 4, ['ek', 'testPassed', 'reason']);
fx.mlkem.dkCheck = pick(ED, (g) => g.function === 'decapsulationKeyCheck', 4, ['dk', 'testPassed', 'reason']);

const DKG = 'ML-DSA-keyGen-FIPS204/internalProjection.json.gz';
fx.mldsa.keyGen = pick(DKG, () => true, 2, ['seed', 'pk', 'sk']);

// sigGen: prompt + expected signature, joined on tcId.
const prompt = load('ML-DSA-sigGen-FIPS204/prompt.json.gz');
const sigs = new Map();
for (const g of load('ML-DSA-sigGen-FIPS204/expectedResults.json.gz').testGroups)
  for (const t of g.tests) sigs.set(t.tcId, t.signature);
fx.mldsa.sigGen = [];
for (const g of prompt.testGroups) {
  for (const t of g.tests.slice(0, 1)) {
    fx.mldsa.sigGen.push({
      parameterSet: g.parameterSet, tcId: t.tcId, deterministic: g.deterministic,
      signatureInterface: g.signatureInterface, preHash: g.preHash ?? 'none', externalMu: !!g.externalMu,
      hashAlg: t.hashAlg, message: t.message, mu: t.mu, context: t.context, rnd: t.rnd, sk: t.sk,
      signature: sigs.get(t.tcId),
    });
  }
}
const SV = 'ML-DSA-sigVer-FIPS204/internalProjection.json.gz';
fx.mldsa.sigVer = [];
for (const g of load(SV).testGroups) {
  for (const t of g.tests.slice(0, 2)) {
    fx.mldsa.sigVer.push({
      parameterSet: g.parameterSet, tcId: t.tcId, signatureInterface: g.signatureInterface,
      preHash: g.preHash, externalMu: g.externalMu, hashAlg: t.hashAlg, pk: t.pk, message: t.message,
      mu: t.mu, context: t.context, signature: t.signature, testPassed: t.testPassed, reason: t.reason,
    });
  }
}
const out = process.argv[2] ?? new URL('../test/fixtures/acvp-subset.json', import.meta.url);
writeFileSync(out, JSON.stringify(fx, null, 1) + '\n');
const count = (o) => Object.values(o).reduce((n, a) => n + a.length, 0);
console.log(`wrote ${count(fx.mlkem)} ML-KEM and ${count(fx.mldsa)} ML-DSA cases`);
