// Runs wasm/demo/channel.html in headless Chromium (chromedriver, WebDriver) against the
// live examples/channel_server.rs over WebSocket:
//   1. the page pins the server's fingerprint (as printed by the server), completes the
//      handshake, has 4 messages echoed (one of 64 KiB, one after a key update) and
//      closes; the server must log that client's fingerprint with 4 echoes;
//   2. negative run: the page pins a fingerprint that differs from the server's in one
//      character: the handshake must fail with the library's pin error, no message is
//      exchanged, and the server must log a failed connection.
// Usage: node tools/channel-check.mjs <server binary> <screenshot.png>
//        (needs ../pkg built; CHROMEDRIVER, CHROMIUM as for demo-check.mjs)
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { serveDirectory, webDriver } from './webdriver.mjs';

const [serverBin, shot = 'channel.png'] = process.argv.slice(2);
if (!serverBin) throw new Error('usage: node tools/channel-check.mjs <channel_server binary> <screenshot.png>');
const deadline = Date.now() + 120_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The server: free ports on 127.0.0.1, a fresh identity; its stdout is read line by line.
const server = spawn(serverBin, ['--tcp', '0', '--ws', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const serverLines = [];
createInterface({ input: server.stdout }).on('line', (l) => { serverLines.push(l); console.log(`  server: ${l}`); });
async function serverLine(re, what) {
  for (;;) {
    const hit = serverLines.map((l) => l.match(re)).find(Boolean);
    if (hit) return hit;
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) before printing ${what}`);
    if (Date.now() > deadline) throw new Error(`the server did not print ${what}`);
    await sleep(100);
  }
}

const files = await serveDirectory(new URL('../', import.meta.url)); // wasm/: demo/ and pkg/
const site = files.url;
let wd;
let code = 1;
try {
  wd = await webDriver(deadline);
  const fp = (await serverLine(/^server fingerprint: (\S+)$/, 'its fingerprint'))[1];
  const ws = (await serverLine(/^ws listening on (ws:\/\/\S+)$/, 'its WebSocket address'))[1];

  async function runPage(pin) {
    await wd.call('POST', '/url', { url: `${site}/demo/channel.html?auto=1&ws=${encodeURIComponent(ws)}&pin=${encodeURIComponent(pin)}` });
    let result = null;
    while (!result && Date.now() < deadline) {
      result = await wd.call('POST', '/execute/sync', { script: 'return document.body.dataset.result ?? null', args: [] });
      if (!result) await sleep(250);
    }
    return wd.call('POST', '/execute/sync', { script:
      'return { ...document.body.dataset, status: document.getElementById("status").textContent, rows: document.querySelectorAll("#table tbody tr").length, ua: navigator.userAgent }', args: [] });
  }

  // 1. The real server, pinned.
  const ok = await runPage(fp);
  await writeFile(shot, Buffer.from(await wd.call('GET', '/screenshot'), 'base64'));
  console.log(`channel page: ${ok.status}`);
  console.log(`channel page: client ${ok.client}, ${ok.rows} table rows, ${ok.ua.match(/HeadlessChrome\/\S+/)?.[0]}, screenshot ${shot}`);
  const served = await serverLine(new RegExp(`^\\[ws\\] client ${ok.client} echoed (\\d+) message\\(s\\), closed$`), 'the page\'s connection');
  const pass1 = ok.result === 'ok' && ok.peer === fp && ok.echoed === '4' && served[1] === '4' && /HeadlessChrome/.test(ok.ua);
  if (!pass1) console.log(`channel page: FAILED (result=${ok.result}, error=${ok.error}, peer=${ok.peer}, echoed=${ok.echoed})`);

  // 2. A pin one character off: must fail in the handshake, before any message.
  const wrong = (fp[0] === 'a' ? 'b' : 'a') + fp.slice(1);
  const failedBefore = serverLines.filter((l) => l.startsWith('[ws] connection failed')).length;
  const bad = await runPage(wrong);
  console.log(`channel page, wrong pin ${wrong}: ${bad.status}`);
  for (;;) { // the server notices the client leaving
    if (serverLines.filter((l) => l.startsWith('[ws] connection failed')).length > failedBefore) break;
    if (Date.now() > deadline) break;
    await sleep(100);
  }
  const serverFailed = serverLines.filter((l) => l.startsWith('[ws] connection failed')).length > failedBefore;
  const pass2 = bad.result === 'fail' && /peer key mismatch/.test(bad.error ?? '') && bad.peer === undefined
    && bad.echoed === undefined && serverFailed;
  if (!pass2) console.log(`channel page, wrong pin: FAILED (result=${bad.result}, error=${bad.error}, server saw a failure: ${serverFailed})`);
  if (pass1 && pass2) code = 0;
} catch (e) {
  console.log(`channel page: FAILED: ${e.message}`);
} finally {
  await wd?.close();
  files.close();
  server.kill();
}
process.exit(code);
