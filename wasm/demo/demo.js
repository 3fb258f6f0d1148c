// Demo: two parties agree on a key with ML-KEM-768 and sign the transcript with ML-DSA-65.
// The package is served next to the demo (../pkg/ after scripts/test-wasm.sh builds it).
const status = document.getElementById('status');
const hex = (b, n = 12) => Array.from(b.subarray(0, n), (x) => x.toString(16).padStart(2, '0')).join('') + '…';
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

function step(list, text) {
  const li = document.createElement('li');
  li.innerHTML = text;
  document.getElementById(list).append(li);
}

function timed(rows, name, fn) {
  const t0 = performance.now();
  const out = fn();
  rows.push([name, out.bytes, performance.now() - t0]);
  return out;
}

function run({ ml_kem768, ml_dsa65 }) {
  for (const id of ['alice', 'bob']) document.getElementById(id).replaceChildren();
  const rows = [];
  // Long-term identity keys (in practice: pinned, or checked out of band).
  const aliceId = timed(rows, 'Alice ML-DSA-65 keygen (public key)', () => {
    const k = ml_dsa65.keygen(); return { ...k, bytes: k.publicKey.length }; });
  const bobId = timed(rows, 'Bob ML-DSA-65 keygen (public key)', () => {
    const k = ml_dsa65.keygen(); return { ...k, bytes: k.publicKey.length }; });
  // 1. Alice: ephemeral ML-KEM-768 key pair.
  const kem = timed(rows, 'Alice ML-KEM-768 keygen (public key)', () => {
    const k = ml_kem768.keygen(); return { ...k, bytes: k.publicKey.length }; });
  step('alice', `ML-KEM-768 key pair; sends public key (${kem.publicKey.length} B) <code>${hex(kem.publicKey)}</code>`);
  // 2. Bob: encapsulates to it.
  const enc = timed(rows, 'Bob ML-KEM-768 encapsulate (ciphertext)', () => {
    const e = ml_kem768.encapsulate(kem.publicKey); return { ...e, bytes: e.cipherText.length }; });
  step('bob', `encapsulates: ciphertext (${enc.cipherText.length} B) <code>${hex(enc.cipherText)}</code>`);
  // 3. Transcript = Alice's public key || Bob's ciphertext; both sign it.
  const transcript = new Uint8Array([...kem.publicKey, ...enc.cipherText]);
  const context = new TextEncoder().encode('pqlattice-demo v1');
  const bobSig = timed(rows, 'Bob ML-DSA-65 sign transcript (signature)', () => {
    const s = ml_dsa65.sign(transcript, bobId.secretKey, { context }); return { s, bytes: s.length }; }).s;
  step('bob', `signs the transcript (${transcript.length} B): signature ${bobSig.length} B`);
  // 4. Alice: decapsulates and checks Bob's signature.
  const aliceKey = timed(rows, 'Alice ML-KEM-768 decapsulate (shared secret)', () => {
    const k = ml_kem768.decapsulate(enc.cipherText, kem.secretKey); return { k, bytes: k.length }; }).k;
  const bobOk = timed(rows, 'Alice ML-DSA-65 verify Bob', () => ({ ok: ml_dsa65.verify(bobSig, transcript, bobId.publicKey, { context }), bytes: '' })).ok;
  step('alice', `decapsulates: shared key <code>${hex(aliceKey, 16)}</code>`);
  step('alice', `Bob's signature: <b>${bobOk ? 'valid' : 'INVALID'}</b>`);
  const aliceSig = timed(rows, 'Alice ML-DSA-65 sign transcript (signature)', () => {
    const s = ml_dsa65.sign(transcript, aliceId.secretKey, { context }); return { s, bytes: s.length }; }).s;
  step('alice', `signs the transcript: signature ${aliceSig.length} B`);
  const aliceOk = timed(rows, 'Bob ML-DSA-65 verify Alice', () => ({ ok: ml_dsa65.verify(aliceSig, transcript, aliceId.publicKey, { context }), bytes: '' })).ok;
  step('bob', `shared key <code>${hex(enc.sharedSecret, 16)}</code>`);
  step('bob', `Alice's signature: <b>${aliceOk ? 'valid' : 'INVALID'}</b>`);
  // A forged transcript must not verify (the demo checks itself).
  const forged = transcript.slice(); forged[0] ^= 1;
  const forgedRejected = !ml_dsa65.verify(bobSig, forged, bobId.publicKey, { context });

  const keysMatch = equal(aliceKey, enc.sharedSecret);
  const ok = keysMatch && bobOk && aliceOk && forgedRejected;
  const tbody = document.querySelector('#table tbody');
  tbody.replaceChildren();
  for (const [name, bytes, ms] of rows) {
    const tr = document.createElement('tr');
    tr.innerHTML = `<td>${name}</td><td class="n">${bytes}</td><td class="n">${ms.toFixed(2)}</td>`;
    tbody.append(tr);
  }
  status.className = ok ? 'ok' : 'fail';
  status.textContent = ok
    ? `success: keys match (${aliceKey.length} bytes), both signatures valid, forged transcript rejected`
    : `FAILURE: keysMatch=${keysMatch} bobSig=${bobOk} aliceSig=${aliceOk} forgedRejected=${forgedRejected}`;
  document.body.dataset.result = ok ? 'ok' : 'fail';
  document.body.dataset.keysMatch = String(keysMatch);
}

try {
  const pq = await import('../pkg/index.js');
  run(pq);
  document.getElementById('again').onclick = () => run(pq);
} catch (e) {
  status.className = 'fail';
  status.textContent = 'FAILURE: ' + (e?.message ?? e);
  document.body.dataset.result = 'fail';
}
