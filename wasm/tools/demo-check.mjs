// Loads wasm/demo/ in headless Chromium through chromedriver (WebDriver), waits for the
// demo to finish, checks it reports success with matching keys, saves a screenshot.
// Usage: node tools/demo-check.mjs <screenshot.png>   (needs ../pkg built; CHROMEDRIVER, CHROMIUM)
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { extname } from 'node:path';

const ROOT = new URL('../', import.meta.url); // serves wasm/ (demo/ and pkg/)
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const shot = process.argv[2] ?? 'demo.png';
const deadline = Date.now() + 60_000;

const server = createServer(async (req, res) => {
  try {
    const path = new URL(req.url, 'http://x').pathname;
    if (path.includes('..')) throw new Error('bad path');
    const file = new URL('.' + (path.endsWith('/') ? path + 'index.html' : path), ROOT);
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file.pathname)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const site = `http://127.0.0.1:${server.address().port}`;

const driverPort = 9500 + Math.floor(Math.random() * 400);
const driver = spawn(process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver', [`--port=${driverPort}`], { stdio: 'ignore' });
const wd = `http://127.0.0.1:${driverPort}`;
async function call(method, path, body) {
  const r = await fetch(wd + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${JSON.stringify(j.value).slice(0, 300)}`);
  return j.value;
}

let code = 1;
let session;
try {
  for (;;) { // wait for chromedriver
    try { await call('GET', '/status'); break; } catch { if (Date.now() > deadline) throw new Error('chromedriver did not start'); await new Promise((r) => setTimeout(r, 200)); }
  }
  session = (await call('POST', '/session', { capabilities: { alwaysMatch: { browserName: 'chrome', 'goog:chromeOptions': {
    binary: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--window-size=1100,1000',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] } } } })).sessionId;
  const s = `/session/${session}`;
  await call('POST', `${s}/url`, { url: `${site}/demo/` });
  let result = null;
  while (!result && Date.now() < deadline) {
    result = await call('POST', `${s}/execute/sync`, { script: 'return document.body.dataset.result ?? null', args: [] });
    if (!result) await new Promise((r) => setTimeout(r, 250));
  }
  const info = await call('POST', `${s}/execute/sync`, { script:
    'return { status: document.getElementById("status").textContent, keysMatch: document.body.dataset.keysMatch, rows: document.querySelectorAll("#table tbody tr").length, ua: navigator.userAgent }', args: [] });
  await writeFile(shot, Buffer.from(await call('GET', `${s}/screenshot`), 'base64'));
  console.log(`demo: ${info.status}`);
  console.log(`demo: keysMatch=${info.keysMatch}, ${info.rows} timing rows, ${info.ua.match(/HeadlessChrome\/\S+/)?.[0]}, screenshot ${shot}`);
  if (result === 'ok' && info.keysMatch === 'true' && info.rows === 9 && /HeadlessChrome/.test(info.ua)) code = 0;
  else console.log(`demo: FAILED (result=${result})`);
} catch (e) {
  console.log(`demo: FAILED: ${e.message}`);
} finally {
  if (session) await call('DELETE', `/session/${session}`).catch(() => {});
  driver.kill();
  server.close();
}
process.exit(code);
