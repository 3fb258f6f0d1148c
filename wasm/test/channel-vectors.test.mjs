// The deterministic channel vectors (test-vectors/channel/v1.json, docs/channel.md
// section 11) reproduced byte for byte through the npm package's JavaScript API.
//
// Choosing the handshake randomness is a test hook: the shipped package cannot do it
// (channel.test.mjs checks that), so this file loads the package built with the
// `test-hooks` feature (scripts/test-wasm.sh builds it, wraps it with the same
// index.js, and passes its directory in PQ_HOOKS_PKG). Run: node --test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const dir = process.env.PQ_HOOKS_PKG;
if (!dir) throw new Error('PQ_HOOKS_PKG: the directory of the test-hooks build of the package');
const { channel } = await import(pathToFileURL(`${dir}/index.js`).href);
const { Identity, Handshake } = channel;

const V = JSON.parse(readFileSync(new URL('../../test-vectors/channel/v1.json', import.meta.url), 'utf8'));
const hex = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const toHex = (b) => Buffer.from(b).toString('hex');

// Runs the vectors' handshake with the given randomness; returns messages and sessions.
function run(iRand, rRand) {
  const ii = Identity.fromSeed(hex(V.initiator.identity_seed));
  const ri = Identity.fromSeed(hex(V.responder.identity_seed));
  const i = Handshake.__initiatorWithRandomness(ii, { pin: ri.peerId() }, iRand);
  const r = Handshake.__responderWithRandomness(ri, { pin: ii.peerId() }, rRand);
  const m1 = i.writeMessage();
  r.readMessage(m1);
  const m2 = r.writeMessage();
  i.readMessage(m2);
  const m3 = i.writeMessage();
  r.readMessage(m3);
  return { ii, ri, m1, m2, m3, a: i.intoSession(), b: r.intoSession() };
}

test('channel vectors v1: identities, every handshake message, TH_final, exporter, records', () => {
  assert.equal(V.version, channel.version);
  assert.equal(V.suite, channel.suite);
  const { ii, ri, m1, m2, m3, a, b } = run(hex(V.initiator.randomness), hex(V.responder.randomness));
  for (const [id, v] of [[ii, V.initiator], [ri, V.responder]]) {
    assert.equal(toHex(id.peerId()), v.peer_id);
    assert.equal(id.fingerprint(), v.fingerprint);
    assert.equal(toHex(id.getPublicKey()), v.verifying_key);
    assert.equal(channel.fingerprint(hex(v.peer_id)), v.fingerprint);
    assert.equal(toHex(channel.parsePeerId(v.fingerprint)), v.peer_id);
  }
  assert.equal(toHex(m1), V.messages.initiator_hello, 'InitiatorHello');
  assert.equal(toHex(m2), V.messages.responder_hello, 'ResponderHello');
  assert.equal(toHex(m3), V.messages.initiator_auth, 'InitiatorAuth');
  assert.equal(toHex(a.transcriptHash()), V.transcript_hash);
  assert.equal(toHex(b.transcriptHash()), V.transcript_hash);
  assert.equal(a.peerFingerprint(), V.responder.fingerprint);
  assert.equal(b.peerFingerprint(), V.initiator.fingerprint);
  assert.equal(V.exporter.length, 3);
  for (const e of V.exporter) {
    assert.equal(toHex(a.export(hex(e.label), hex(e.context), e.length)), e.output, `export ${e.label}/${e.context}/${e.length}`);
    assert.equal(toHex(b.export(hex(e.label), hex(e.context), e.length)), e.output);
  }
  assert.equal(V.records.length, 7);
  for (const [n, rec] of V.records.entries()) {
    const [from, to] = rec.from === 'initiator' ? [a, b] : [b, a];
    const sealed = rec.kind === 'data' ? from.seal(hex(rec.plaintext))
      : rec.kind === 'key_update' ? from.updateKeys() : from.close();
    assert.equal(toHex(sealed), rec.record, `record ${n} (${rec.from} ${rec.kind})`);
    const got = to.open(hex(rec.record));
    const want = { data: 'data', key_update: 'keyUpdate', close: 'close' }[rec.kind];
    assert.equal(got.type, want);
    if (want === 'data') assert.equal(toHex(got.data), rec.plaintext);
  }
  assert.equal(a.isSendClosed() && a.isReceiveClosed() && b.isSendClosed() && b.isReceiveClosed(), true);
});

test('channel vectors v1: negative controls (one randomness byte changed gives other bytes)', () => {
  const iRand = hex(V.initiator.randomness);
  iRand[40] ^= 1; // random_I
  const x = run(iRand, hex(V.responder.randomness));
  assert.notEqual(toHex(x.m1), V.messages.initiator_hello);
  assert.notEqual(toHex(x.a.transcriptHash()), V.transcript_hash);
  const rRand = hex(V.responder.randomness);
  rRand[3] ^= 1; // eseed (the X-Wing encapsulation)
  const y = run(hex(V.initiator.randomness), rRand);
  assert.equal(toHex(y.m1), V.messages.initiator_hello);
  assert.notEqual(toHex(y.m2), V.messages.responder_hello);
  assert.notEqual(toHex(y.a.seal(hex(V.records[0].plaintext))), V.records[0].record);
  // Wrong randomness lengths are the library's length errors.
  assert.throws(() => Handshake.__initiatorWithRandomness(x.ii, { anyPeer: true }, new Uint8Array(95)), /expected 96 bytes, got 95/);
  assert.throws(() => Handshake.__responderWithRandomness(x.ri, { anyPeer: true }, new Uint8Array(129)), /expected 128 bytes, got 129/);
});
