// The secure channel (docs/channel.md) in the npm package: Node <-> Node handshakes under
// every peer policy, records, key updates, close, exporter; bad input (truncated and
// flipped messages and records, replays, wrong pins, use after failure, bad types)
// throws an Error with the library's message, and the module keeps working.
// Run: node --test (scripts/test-wasm.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channel, ml_kem768 } from 'pqlattice-wasm';

const { Identity, Handshake } = channel;
const enc = (s) => new TextEncoder().encode(s);
const rand = (n) => crypto.getRandomValues(new Uint8Array(n));

// Runs a handshake between two fresh objects; returns the messages and both sides.
function handshake(a, b, policyA, policyB) {
  const i = Handshake.initiator(a, policyA);
  const r = Handshake.responder(b, policyB);
  const m1 = i.writeMessage();
  r.readMessage(m1);
  const m2 = r.writeMessage();
  i.readMessage(m2);
  const m3 = i.writeMessage();
  r.readMessage(m3);
  return { i, r, m1, m2, m3 };
}

const alice = Identity.fromSeed(new Uint8Array(32).fill(0xa1));
const bob = Identity.fromSeed(new Uint8Array(32).fill(0xb0));
const carol = Identity.generate();

test('channel: identities, fingerprints and PeerIds', () => {
  const fp = alice.fingerprint();
  assert.match(fp, /^([a-z2-7]{4}-){12}[a-z2-7]{4}$/);
  assert.equal(alice.peerId().length, 32);
  assert.deepEqual(channel.parsePeerId(fp), alice.peerId());
  assert.deepEqual(channel.parsePeerId(fp.toUpperCase().replaceAll('-', ' ')), alice.peerId());
  assert.deepEqual(channel.parsePeerId(Buffer.from(alice.peerId()).toString('hex')), alice.peerId());
  assert.equal(channel.fingerprint(alice.peerId()), fp);
  assert.deepEqual(Identity.fromSeed(alice.seed()).peerId(), alice.peerId());
  assert.equal(alice.getPublicKey().length, 1952);
  assert.notDeepEqual(carol.peerId(), Identity.generate().peerId());
  assert.throws(() => channel.parsePeerId('abcd-efgh'), /invalid fingerprint/);
  assert.throws(() => channel.parsePeerId(fp.slice(0, -1) + 'r'), /invalid fingerprint/); // padding bits
  assert.throws(() => channel.fingerprint(new Uint8Array(31)), /PeerId: expected 32 bytes, got 31/);
  assert.throws(() => channel.parsePeerId(alice.peerId()), TypeError);
  assert.throws(() => Identity.fromSeed(new Uint8Array(33)), /seed: expected 32 bytes, got 33/);
  assert.throws(() => new Identity(), TypeError);
  const gone = Identity.generate();
  gone.free();
  gone.free(); // idempotent
  assert.throws(() => gone.fingerprint(), /the identity was freed/);
  assert.throws(() => Handshake.initiator(gone, { anyPeer: true }), /the identity was freed/);
});

test('channel: Node <-> Node handshake, records, key update, exporter, close', () => {
  const { i, r, m1, m2, m3 } = handshake(alice, bob, { pin: bob.fingerprint() }, { pin: alice.peerId() });
  assert.deepEqual([m1.length, m2.length, m3.length],
    [channel.lengths.initiatorHello, channel.lengths.responderHello, channel.lengths.initiatorAuth]);
  assert.equal(i.nextStep(), 'done');
  assert.equal(r.nextStep(), 'done');
  assert.equal(i.peerFingerprint(), bob.fingerprint());
  assert.deepEqual(r.peerId(), alice.peerId());
  const a = i.intoSession(), b = r.intoSession();
  assert.equal(i.nextStep(), 'done');
  assert.throws(() => i.writeMessage(), /already turned into a session/);
  assert.equal(a.role(), 'initiator');
  assert.equal(b.role(), 'responder');
  assert.deepEqual(a.transcriptHash(), b.transcriptHash());
  assert.equal(a.peerFingerprint(), bob.fingerprint());
  // Records both ways, an empty one, the largest one.
  for (const msg of ['hello', '', 'x'.repeat(1000)]) {
    const rec = a.seal(enc(msg));
    assert.equal(rec.length, enc(msg).length + channel.lengths.recordOverhead);
    assert.deepEqual(b.open(rec), { type: 'data', data: enc(msg) });
    assert.deepEqual(a.open(b.seal(enc(msg + '!'))), { type: 'data', data: enc(msg + '!') });
  }
  const big = rand(channel.lengths.maxRecordPlaintext);
  assert.deepEqual(b.open(a.seal(big)).data, big);
  assert.throws(() => a.seal(new Uint8Array(channel.lengths.maxRecordPlaintext + 1)), /65537/);
  // Exporter: same on both sides, depends on label and context, length checked.
  const label = enc('EXPORTER-test'), ctx = enc('ctx');
  assert.deepEqual(a.export(label, ctx, 48), b.export(label, ctx, 48));
  assert.notDeepEqual(a.export(label, ctx, 32), a.export(label, enc('ctx2'), 32));
  assert.equal(a.export(label, ctx, channel.lengths.maxExport).length, 8160);
  assert.throws(() => a.export(label, ctx, 0), /export/i);
  assert.throws(() => a.export(label, ctx, 8161), /8161/);
  assert.throws(() => a.export(label, ctx, 2 ** 40), /export/i);
  assert.throws(() => a.export(label, ctx, -1), TypeError);
  assert.throws(() => a.export(label, ctx, 1.5), TypeError);
  assert.throws(() => a.export('label', ctx, 1), TypeError);
  // Key update, then data under the new key.
  assert.deepEqual(b.open(a.updateKeys()), { type: 'keyUpdate' });
  assert.deepEqual(b.open(a.seal(enc('after'))), { type: 'data', data: enc('after') });
  // Close: half-close, then the other side.
  assert.deepEqual(b.open(a.close()), { type: 'close' });
  assert.equal(a.isSendClosed(), true);
  assert.equal(b.isReceiveClosed(), true);
  assert.throws(() => a.seal(enc('late')), /closed/);
  assert.deepEqual(a.open(b.seal(enc('still open'))), { type: 'data', data: enc('still open') });
  assert.deepEqual(a.open(b.close()), { type: 'close' });
  assert.equal(a.isFailed(), false);
  a.free(); b.free(); i.free(); r.free();
  assert.throws(() => a.seal(enc('x')), /the session was freed/);
});

test('channel: peer policies (pin, allow-list, trust on first use, any peer)', () => {
  // Allow-list with several entries, fingerprints and bytes mixed.
  const ok = handshake(alice, bob, { allow: [carol.fingerprint(), bob.peerId()] }, { allow: [alice.fingerprint()] });
  assert.equal(ok.r.nextStep(), 'done');
  handshake(alice, bob, { trustOnFirstUse: null }, { anyPeer: true });
  handshake(alice, bob, { trustOnFirstUse: bob.fingerprint() }, { trustOnFirstUse: alice.peerId() });
  // Refusals: the library's errors, on the side whose policy refuses.
  const refuse = (policyA, policyB, side, re) => {
    const i = Handshake.initiator(alice, policyA);
    const r = Handshake.responder(bob, policyB);
    r.readMessage(i.writeMessage());
    const m2 = r.writeMessage();
    if (side === 'initiator') {
      assert.throws(() => i.readMessage(m2), re);
      assert.equal(i.nextStep(), 'failed');
      assert.equal(i.peerId(), undefined);
      assert.throws(() => i.writeMessage(), /failed earlier/);
      assert.throws(() => i.intoSession(), /failed earlier/);
    } else {
      i.readMessage(m2);
      assert.throws(() => r.readMessage(i.writeMessage()), re);
      assert.equal(r.nextStep(), 'failed');
      assert.throws(() => r.intoSession(), /failed earlier/);
    }
  };
  refuse({ pin: carol.fingerprint() }, { anyPeer: true }, 'initiator', /mismatch/);
  refuse({ allow: [carol.peerId()] }, { anyPeer: true }, 'initiator', /allow/i);
  refuse({ trustOnFirstUse: carol.peerId() }, { anyPeer: true }, 'initiator', /changed/i);
  refuse({ anyPeer: true }, { pin: carol.peerId() }, 'responder', /mismatch/);
  refuse({ anyPeer: true }, { allow: [] }, 'responder', /allow/i);
  // Policy objects the wrapper refuses (TypeError), and the library's own limits.
  for (const bad of [undefined, null, 'pin', [], {}, { pin: bob.peerId(), allow: [] }, { pinned: bob.peerId() },
    { anyPeer: 1 }, { allow: bob.peerId() }, { pin: 5 }, { pin: new Uint16Array(16) }]) {
    assert.throws(() => Handshake.initiator(alice, bad), TypeError, JSON.stringify(bad));
  }
  assert.throws(() => Handshake.initiator(alice, { pin: 'not a fingerprint' }), /invalid fingerprint/);
  assert.throws(() => Handshake.initiator(alice, { pin: new Uint8Array(31) }), /expected 32 bytes, got 31/);
  const many = Array.from({ length: channel.lengths.maxAllowList + 1 }, () => rand(32));
  assert.throws(() => Handshake.initiator(alice, { allow: many }), /1025/);
  assert.throws(() => Handshake.initiator('alice', { anyPeer: true }), TypeError);
  assert.throws(() => Handshake.initiator(ok.i, { anyPeer: true }), TypeError);
});

test('channel: truncated and flipped handshake messages fail with typed errors, nothing half-open', () => {
  const pin = { pin: bob.peerId() }, pinA = { pin: alice.peerId() };
  const ref = handshake(alice, bob, pin, pinA);
  const msgs = { m1: ref.m1, m2: ref.m2, m3: ref.m3 };
  const seen = new Set();
  // One fresh handshake per mutation, run as far as it goes: some side must throw an
  // Error (not a trap, not a TypeError; the receiver of the mutated message, or the
  // other side once the transcripts differ), and that side then refuses everything.
  const tryMutation = (which, mutate) => {
    const i = Handshake.initiator(alice, pin);
    const r = Handshake.responder(bob, pinA);
    const plan = [[i, r, 'm1'], [r, i, 'm2'], [i, r, 'm3']];
    let err, thrower;
    for (const [from, to, name] of plan) {
      const m = from.writeMessage();
      try { to.readMessage(name === which ? mutate(m) : m); } catch (e) { err = e; thrower = to; break; }
    }
    assert.ok(err instanceof Error && !(err instanceof TypeError), `${which}: expected an Error, got ${err}`);
    seen.add(err.message.replace(/[0-9a-z]{4}(-[0-9a-z]{4}){12}/g, 'FP'));
    assert.equal(thrower.nextStep(), 'failed');
    assert.throws(() => thrower.intoSession(), /failed earlier/);
    assert.throws(() => thrower.writeMessage(), /failed earlier/);
  };
  for (const [which, m] of Object.entries(msgs)) {
    // Truncations at the edges of every field and at a spread of lengths.
    const cuts = new Set([0, 1, 2, 33, 34, 36, 37, 38, 40, 41, 1156, 1157, m.length - 17, m.length - 16, m.length - 1]);
    for (let n = 0; n < m.length; n += 211) cuts.add(n);
    for (const n of cuts) if (n >= 0 && n < m.length) tryMutation(which, (x) => x.subarray(0, n));
    tryMutation(which, (x) => new Uint8Array([...x, 0])); // one byte too many
    // Flips at every field boundary and a spread of positions.
    const flips = new Set([0, 1, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 1156, 1157, 2000, m.length - 1]);
    for (let p = 0; p < m.length; p += 97) flips.add(p);
    for (const p of flips) if (p < m.length) tryMutation(which, (x) => { const y = x.slice(); y[p] ^= 0x01; return y; });
  }
  // Messages out of order / replayed.
  const i = Handshake.initiator(alice, pin);
  assert.throws(() => i.readMessage(ref.m2), /write|state/i);
  assert.equal(i.nextStep(), 'failed');
  const r = Handshake.responder(bob, pinA);
  assert.throws(() => r.readMessage(ref.m3), /unexpected|expected/i);
  const r2 = Handshake.responder(bob, pinA);
  r2.readMessage(ref.m1);
  assert.throws(() => r2.readMessage(ref.m1), /write|state/i);
  const r3 = Handshake.responder(bob, pinA);
  assert.throws(() => r3.intoSession(), /state|into_session/i);
  assert.throws(() => r3.readMessage(ref.m1), /failed earlier/);
  // A replayed ResponderHello from another handshake: the initiator's fresh key share
  // does not match, so it does not open.
  const i2 = Handshake.initiator(alice, pin);
  i2.writeMessage();
  assert.throws(() => i2.readMessage(ref.m2), /decrypt|handshake/i);
  // Bad types.
  const i3 = Handshake.initiator(alice, pin);
  i3.writeMessage();
  for (const bad of [undefined, null, 'msg', [1, 2], new Int8Array(8), new ArrayBuffer(8)]) {
    assert.throws(() => i3.readMessage(bad), TypeError);
  }
  assert.equal(i3.nextStep(), 'read', 'a TypeError in the wrapper does not reach the state machine');
  console.log(`distinct handshake errors seen: ${seen.size}: ${[...seen].join(' | ')}`);
  assert.ok(seen.size >= 5, 'the mutations reach several different checks');
  // The module still works: a full handshake and an unrelated call.
  const again = handshake(alice, bob, pin, pinA);
  assert.deepEqual(again.i.intoSession().transcriptHash(), again.r.intoSession().transcriptHash());
  assert.equal(ml_kem768.keygen().publicKey.length, 1184);
});

test('channel: records truncated, flipped, replayed, reordered or after close fail; the session then refuses', () => {
  const fresh = () => {
    const { i, r } = handshake(alice, bob, { pin: bob.peerId() }, { pin: alice.peerId() });
    return [i.intoSession(), r.intoSession()];
  };
  const failsThenRefuses = (b, rec, re) => {
    assert.throws(() => b.open(rec), re);
    assert.equal(b.isFailed(), true);
    assert.throws(() => b.open(rec), /failed earlier/);
    assert.throws(() => b.export(enc('l'), enc(''), 16), /failed earlier/);
  };
  const [a0, b0] = fresh();
  const rec = a0.seal(enc('a record of some length'));
  for (let n = 0; n < rec.length; n += 3) {
    const [a, b] = fresh();
    const r = a.seal(enc('a record of some length'));
    failsThenRefuses(b, r.subarray(0, n), n < 18 ? /malformed|shorter/i : /authentication/i);
  }
  for (let p = 0; p < rec.length; p++) {
    const [a, b] = fresh();
    const r = a.seal(enc('a record of some length'));
    r[p] ^= 0x80;
    failsThenRefuses(b, r, p === 0 ? /malformed|0x17/i : /authentication/i);
  }
  // Replay and reordering.
  {
    const [a, b] = fresh();
    const r1 = a.seal(enc('one')), r2 = a.seal(enc('two'));
    assert.deepEqual(b.open(r1), { type: 'data', data: enc('one') });
    failsThenRefuses(b, r1, /authentication/i);
    const [c, d] = fresh();
    const s1 = c.seal(enc('one')), s2 = c.seal(enc('two'));
    void s1;
    failsThenRefuses(d, s2, /authentication/i);
    void r2;
  }
  // A record from another session.
  {
    const [, b] = fresh();
    failsThenRefuses(b, rec, /authentication/i);
  }
  // After the peer's close: Closed (not fatal for our own direction).
  {
    const [a, b] = fresh();
    const early = a.seal(enc('x'));
    assert.deepEqual(b.open(early), { type: 'data', data: enc('x') });
    assert.deepEqual(b.open(a.close()), { type: 'close' });
    assert.throws(() => b.open(early), /closed/);
    assert.equal(b.isFailed(), false);
    assert.deepEqual(a.open(b.seal(enc('y'))), { type: 'data', data: enc('y') });
  }
  // Oversized record, bad types.
  {
    const [, b] = fresh();
    assert.throws(() => b.open('record'), TypeError);
    assert.throws(() => b.open(null), TypeError);
    assert.equal(b.isFailed(), false, 'a TypeError in the wrapper does not reach the session');
    failsThenRefuses(b, new Uint8Array(channel.lengths.maxRecord + 1).fill(0x17), /malformed|longer/i);
  }
  assert.deepEqual(b0.open(rec), { type: 'data', data: enc('a record of some length') });
});

test('channel: the shipped package cannot choose handshake randomness', () => {
  assert.equal(Handshake.__initiatorWithRandomness, undefined);
  assert.equal(Handshake.__responderWithRandomness, undefined);
  // Two handshakes between the same identities: different messages and keys.
  const x = handshake(alice, bob, { anyPeer: true }, { anyPeer: true });
  const y = handshake(alice, bob, { anyPeer: true }, { anyPeer: true });
  assert.notDeepEqual(x.m1, y.m1);
  assert.notDeepEqual(x.i.intoSession().transcriptHash(), y.i.intoSession().transcriptHash());
});
