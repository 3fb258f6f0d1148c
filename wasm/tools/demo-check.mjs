// Loads wasm/demo/ in headless Chromium through chromedriver (WebDriver), waits for the
// demo to finish, checks it reports success with matching keys, saves a screenshot.
// Usage: node tools/demo-check.mjs <screenshot.png>   (needs ../pkg built; CHROMEDRIVER, CHROMIUM)
import { writeFile } from 'node:fs/promises';
import { serveDirectory, webDriver } from './webdriver.mjs';

const shot = process.argv[2] ?? 'demo.png';
const deadline = Date.now() + 60_000;
const files = await serveDirectory(new URL('../', import.meta.url)); // serves wasm/ (demo/ and pkg/)

let code = 1;
let wd;
try {
  wd = await webDriver(deadline);
  await wd.call('POST', '/url', { url: `${files.url}/demo/` });
  let result = null;
  while (!result && Date.now() < deadline) {
    result = await wd.call('POST', '/execute/sync', { script: 'return document.body.dataset.result ?? null', args: [] });
    if (!result) await new Promise((r) => setTimeout(r, 250));
  }
  const info = await wd.call('POST', '/execute/sync', { script:
    'return { status: document.getElementById("status").textContent, keysMatch: document.body.dataset.keysMatch, rows: document.querySelectorAll("#table tbody tr").length, ua: navigator.userAgent }', args: [] });
  await writeFile(shot, Buffer.from(await wd.call('GET', '/screenshot'), 'base64'));
  console.log(`demo: ${info.status}`);
  console.log(`demo: keysMatch=${info.keysMatch}, ${info.rows} timing rows, ${info.ua.match(/HeadlessChrome\/\S+/)?.[0]}, screenshot ${shot}`);
  if (result === 'ok' && info.keysMatch === 'true' && info.rows === 9 && /HeadlessChrome/.test(info.ua)) code = 0;
  else console.log(`demo: FAILED (result=${result})`);
} catch (e) {
  console.log(`demo: FAILED: ${e.message}`);
} finally {
  await wd?.close();
  files.close();
}
process.exit(code);
