// The secure channel from a browser: connects to examples/channel_server.rs over
// WebSocket (one binary message per handshake message or record, docs/channel.md
// section 10.1), runs the handshake through the npm package with the server's
// fingerprint pinned, then exchanges messages (the server echoes them) and closes.
//
// Manual use: fill in the form. Automatic use (tools/channel-check.mjs, CI):
//   channel.html?auto=1&ws=ws://127.0.0.1:PORT&pin=FINGERPRINT
// runs a fixed exchange and sets document.body.dataset.result to 'ok' or 'fail'
// (with dataset.error, dataset.peer, dataset.client, dataset.echoed).
const $ = (id) => document.getElementById(id);
const enc = new TextEncoder();
const dec = new TextDecoder();
const rows = [];
let pq;
let conn; // { ws, session, next }

function log(text, cls) {
  const li = document.createElement('li');
  li.textContent = text;
  if (cls) li.className = cls;
  $('log').append(li);
}

function row(step, bytes, ms) {
  const tr = document.createElement('tr');
  for (const [v, n] of [[step, false], [bytes, true], [ms === undefined ? '' : ms.toFixed(2), true]]) {
    const td = document.createElement('td');
    td.textContent = String(v);
    if (n) td.className = 'n';
    tr.append(td);
  }
  $('table').tBodies[0].append(tr);
}

function setStatus(text, cls) {
  $('status').textContent = text;
  $('status').className = cls ?? '';
}

function chatEnabled(on) {
  for (const id of ['msg', 'send', 'rekey', 'close']) $(id).disabled = !on;
}

// A WebSocket with an async queue of binary messages. Text messages and an early end
// are errors (the channel uses binary messages only).
function openSocket(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const queue = [];
    const waiting = [];
    let ended = null;
    const push = (item) => (waiting.length ? waiting.shift()(item) : queue.push(item));
    ws.onmessage = (ev) => push(typeof ev.data === 'string'
      ? { error: new Error('the server sent a text message') }
      : { data: new Uint8Array(ev.data) });
    ws.onclose = (ev) => {
      ended = new Error(`the WebSocket closed (code ${ev.code})`);
      while (waiting.length) waiting.shift()({ error: ended });
      reject(ended);
    };
    ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    const next = () => new Promise((res, rej) => {
      const take = (item) => (item.error ? rej(item.error) : res(item.data));
      if (queue.length) take(queue.shift());
      else if (ended) rej(ended);
      else waiting.push(take);
    });
    ws.onopen = () => resolve({ ws, next });
  });
}

const me = { identity: null };

async function connect(url, pinText) {
  const { channel } = pq;
  if (conn) { try { conn.ws.close(); } catch { /* already closed */ } conn = undefined; }
  chatEnabled(false);
  $('peer').textContent = 'not connected';
  const pin = channel.parsePeerId(pinText.trim()); // throws on a malformed fingerprint
  setStatus(`connecting to ${url} …`);
  const t0 = performance.now();
  const { ws, next } = await openSocket(url);
  try {
    const hs = channel.Handshake.initiator(me.identity, { pin });
    const names = { write: ['InitiatorHello', 'InitiatorAuth'], read: ['ResponderHello'] };
    let w = 0;
    while (hs.nextStep() === 'write' || hs.nextStep() === 'read') {
      const t = performance.now();
      if (hs.nextStep() === 'write') {
        const m = hs.writeMessage();
        ws.send(m);
        row(`send ${names.write[w++]}`, m.length, performance.now() - t);
      } else {
        const m = await next();
        const t1 = performance.now();
        hs.readMessage(m); // verifies the server's signature, Finished and the pin
        row(`receive ${names.read[0]} (check signature, Finished, pin)`, m.length, performance.now() - t1);
        $('peer').textContent = hs.peerFingerprint();
        log(`server proved the pinned identity ${hs.peerFingerprint()}`);
      }
    }
    const session = hs.intoSession();
    hs.free();
    row('handshake, total', '', performance.now() - t0);
    conn = { ws, next, session };
    log(`channel established; transcript hash ${Array.from(session.transcriptHash().subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')}…`);
    setStatus(`connected: server ${session.peerFingerprint()} (pinned)`, 'ok');
    chatEnabled(true);
    return session;
  } catch (e) {
    ws.close(); // no alerts in this protocol: the transport just ends
    throw e;
  }
}

// Sends one message and waits for its echo; returns the echoed bytes.
async function exchange(bytes) {
  const { ws, next, session } = conn;
  const t = performance.now();
  const rec = session.seal(bytes);
  ws.send(rec);
  const got = session.open(await next());
  if (got.type !== 'data') throw new Error(`expected an echo, got ${got.type}`);
  row(`message ${bytes.length} B, sealed and echoed`, rec.length, performance.now() - t);
  return got.data;
}

async function rekey() {
  const rec = conn.session.updateKeys();
  conn.ws.send(rec);
  row('key update', rec.length);
  log('sent a key update: later records use the next key');
}

async function close() {
  const { ws, next, session } = conn;
  const rec = session.close();
  ws.send(rec);
  row('close', rec.length);
  const got = session.open(await next());
  if (got.type !== 'close') throw new Error(`expected the server's close, got ${got.type}`);
  log('both directions closed (authenticated close records)');
  session.free();
  ws.close();
  conn = undefined;
  chatEnabled(false);
  setStatus('closed', '');
}

function fail(e) {
  const msg = e?.message ?? String(e);
  log(`error: ${msg}`, 'fail');
  setStatus(`FAILURE: ${msg}`, 'fail');
  return msg;
}

async function auto(params) {
  const messages = [enc.encode('hello from the browser'), new Uint8Array(0), crypto.getRandomValues(new Uint8Array(65536)), enc.encode('after a key update')];
  const session = await connect(params.get('ws'), params.get('pin') ?? '');
  document.body.dataset.peer = session.peerFingerprint();
  let echoed = 0;
  for (const [n, m] of messages.entries()) {
    if (n === 3) await rekey();
    const back = await exchange(m);
    if (back.length !== m.length || back.some((b, i) => b !== m[i])) throw new Error(`echo ${n} differs`);
    echoed++;
    if (m.length < 100) log(`echo: "${dec.decode(back)}"`);
  }
  await close();
  document.body.dataset.echoed = String(echoed);
  setStatus(`success: server ${document.body.dataset.peer} pinned and verified, ${echoed} messages echoed, closed`, 'ok');
}

try {
  pq = await import('../pkg/index.js');
  me.identity = pq.channel.Identity.generate();
  $('me').textContent = me.identity.fingerprint();
  document.body.dataset.client = me.identity.fingerprint();
  const params = new URLSearchParams(location.search);
  if (params.has('ws')) $('url').value = params.get('ws');
  if (params.has('pin')) $('pin').value = params.get('pin');
  $('form').onsubmit = (ev) => {
    ev.preventDefault();
    connect($('url').value, $('pin').value).catch(fail);
  };
  $('chat').onsubmit = (ev) => {
    ev.preventDefault();
    const text = $('msg').value;
    exchange(enc.encode(text)).then((b) => log(`echo: "${dec.decode(b)}"`)).catch(fail);
  };
  $('rekey').onclick = () => rekey().catch(fail);
  $('close').onclick = () => close().catch(fail);
  if (params.get('auto') === '1') {
    try {
      await auto(params);
      document.body.dataset.result = 'ok';
    } catch (e) {
      document.body.dataset.error = fail(e);
      document.body.dataset.result = 'fail';
    }
  }
} catch (e) {
  document.body.dataset.error = fail(e);
  document.body.dataset.result = 'fail';
}
