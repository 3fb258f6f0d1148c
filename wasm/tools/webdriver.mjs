// Helpers shared by demo-check.mjs and channel-check.mjs: a static file server for
// wasm/ and a headless Chromium session through chromedriver (WebDriver).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { extname } from 'node:path';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** Serves the directory `root` (a file: URL ending in '/') on 127.0.0.1; returns { url, close }. */
export async function serveDirectory(root) {
  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url, 'http://x').pathname;
      if (path.includes('..')) throw new Error('bad path');
      const file = new URL('.' + (path.endsWith('/') ? path + 'index.html' : path), root);
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file.pathname)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/**
 * Starts chromedriver and a headless Chromium session. Returns { call(method, path, body),
 * close() }, where `path` is relative to the session (e.g. '/url').
 */
export async function webDriver(deadline) {
  const port = 9500 + Math.floor(Math.random() * 400);
  const driver = spawn(process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver', [`--port=${port}`], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  async function raw(method, path, body) {
    const r = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const j = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${JSON.stringify(j.value).slice(0, 300)}`);
    return j.value;
  }
  let session;
  try {
    for (;;) { // wait for chromedriver
      try { await raw('GET', '/status'); break; } catch {
        if (Date.now() > deadline) throw new Error('chromedriver did not start');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    session = (await raw('POST', '/session', { capabilities: { alwaysMatch: { browserName: 'chrome', 'goog:chromeOptions': {
      binary: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--window-size=1100,1000',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] } } } })).sessionId;
  } catch (e) {
    driver.kill();
    throw e;
  }
  return {
    call: (method, path, body) => raw(method, `/session/${session}${path}`, body),
    async close() {
      await raw('DELETE', `/session/${session}`).catch(() => {});
      driver.kill();
    },
  };
}
