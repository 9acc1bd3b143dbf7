// Browser check of the lexcite workspace page (GET /): starts the real server on a small corpus,
// drives the page in Debian's headless Chromium and asserts what a user sees.
//
//   node scripts/browser/check.mjs [--bin target/release/lexcite] [--out docs] [--keep]
//   node scripts/browser/check.mjs --url http://127.0.0.1:8080 --key FULL --read-key READ_ONLY
//
// --serve-web serves the page from the working tree's web/ (through a local proxy) instead of
// the copy embedded in the binary.
//
// Exits non-zero when an assertion fails.

import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const WEB = path.join(ROOT, 'crates', 'lexcite-http', 'web');
const CORPUS_FILES = [
  '57-NQ-TW_2024-12-22_BoChinhTri.txt',
  'Luat-Bao-ve-du-lieu-ca-nhan_91-2025-QH15.txt',
  'ND-13-2023-ND-CP_Bao-ve-du-lieu-ca-nhan.txt',
  'ND-356-2025-ND-CP_huong-dan-Luat-BVDLCN.txt',
];
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const DRAFT = `Dự thảo Tờ trình về bảo vệ dữ liệu cá nhân

Theo khoản 1 Điều 2 Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, dữ liệu cá nhân là dữ liệu số hoặc thông tin dưới dạng khác xác định hoặc giúp xác định một con người cụ thể.
Điều 99 Luật Bảo vệ dữ liệu cá nhân quy định về xử phạt vi phạm hành chính.
Nghị định số 123/2099/NĐ-CP hướng dẫn chi tiết việc chuyển dữ liệu ra nước ngoài.
Theo Điều 25 Nghị định 13/2023/NĐ-CP, việc chuyển dữ liệu cá nhân ra nước ngoài phải lập hồ sơ đánh giá tác động.
Nghị quyết số 57-NQ/TW của Bộ Chính trị đặt mục tiêu quy mô kinh tế số đạt tối thiểu 30% GDP vào năm 2030.
Theo khoản 2 Điều 38 Luật số 91/2025/QH15, doanh nghiệp nhỏ được lựa chọn không thực hiện quy định tại Điều 21 trong thời gian 10 năm.
Nghị định số 356/2025/NĐ-CP ngày 15/12/2025 của Chính phủ quy định chi tiết Luật Bảo vệ dữ liệu cá nhân.
`;
const QUESTION = 'Mục tiêu đến năm 2030 về kinh tế số là bao nhiêu?';
const LOOKUP = 'khoản 2 Điều 38 Luật Bảo vệ dữ liệu cá nhân';

// ---------------------------------------------------------------- arguments

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const flag = (name) => argv.includes(`--${name}`);
const BIN = path.resolve(ROOT, opt('bin', process.env.LEXCITE_BIN || 'target/release/lexcite'));
const OUT = path.resolve(ROOT, opt('out', 'docs'));
const KEEP = flag('keep');
const SERVE_WEB = flag('serve-web');

// ---------------------------------------------------------------- reporting

const T0 = Date.now();
const failures = [];
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
function log(...a) { console.log(`[${secs(Date.now() - T0).padStart(7)}]`, ...a); }
function check(name, ok, detail = '') {
  if (ok) log(`  ok    ${name}`);
  else {
    failures.push(`${name}${detail ? `: ${detail}` : ''}`);
    log(`  FAIL  ${name}${detail ? ` — ${detail}` : ''}`);
  }
  return ok;
}
const timings = [];
async function step(name, fn) {
  const t = Date.now();
  log(`▶ ${name}`);
  try {
    await fn();
  } catch (e) {
    check(`${name} (ran to the end)`, false, (e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : String(e)));
  }
  timings.push([name, Date.now() - t]);
  log(`  (${secs(Date.now() - t)})`);
}

// ---------------------------------------------------------------- server

function makeKey(name, scopes) {
  const out = execFileSync(BIN, ['key', '--name', name, '--scopes', scopes], { cwd: ROOT }).toString();
  const key = /(lx_[A-Za-z0-9_-]+)/.exec(out)?.[1];
  const sha = /sha256\s*=\s*"([0-9a-f]{64})"/.exec(out)?.[1];
  if (!key || !sha) throw new Error(`cannot read the key from "lexcite key": ${out}`);
  return { name, key, sha, scopes: scopes.split(',') };
}

function smallCorpus(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = fs.readFileSync(path.join(ROOT, 'corpus', 'manifest.toml'), 'utf8');
  const [head, ...blocks] = manifest.split(/^(?=\[\[document\]\]\s*$)/m);
  const keep = blocks.filter((b) => CORPUS_FILES.some((f) => b.includes(`file = "${f}"`)));
  if (keep.length !== CORPUS_FILES.length) throw new Error(`manifest.toml lacks some of ${CORPUS_FILES.join(', ')}`);
  fs.writeFileSync(path.join(dir, 'manifest.toml'), head + keep.join(''));
  for (const f of CORPUS_FILES) fs.copyFileSync(path.join(ROOT, 'corpus', f), path.join(dir, f));
}

async function startServer(tmp) {
  const full = makeKey('browser-full', 'read,ask,verify');
  const read = makeKey('browser-read', 'read');
  const corpus = path.join(tmp, 'corpus');
  const data = path.join(tmp, 'data');
  smallCorpus(corpus);
  fs.mkdirSync(data, { recursive: true });
  const q = (s) => JSON.stringify(s);
  const config = [
    `bind = "127.0.0.1:0"`,
    `data_dir = ${q(data)}`,
    `corpus = ${q(corpus)}`,
    ...[full, read].flatMap((k) => ['', '[[api_keys]]', `name = ${q(k.name)}`, `sha256 = ${q(k.sha)}`,
      `scopes = [${k.scopes.map(q).join(', ')}]`]),
  ].join('\n') + '\n';
  const configPath = path.join(tmp, 'lexcite.toml');
  fs.writeFileSync(configPath, config);

  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LEXCITE_')));
  Object.assign(env, { LEXCITE_BIND: '127.0.0.1:0', LEXCITE_DATA_DIR: data, LEXCITE_CORPUS: corpus });
  const child = spawn(BIN, ['serve', '--config', configPath], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logFile = fs.createWriteStream(path.join(tmp, 'server.log'));
  child.stderr.pipe(logFile);
  const addr = await new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('the server did not say where it listens within 60 s')), 60000);
    rl.on('line', (line) => {
      logFile.write(line + '\n');
      try {
        const a = JSON.parse(line)?.fields?.addr;
        if (a) { clearTimeout(timer); resolve(a); }
      } catch { /* not JSON */ }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited (${code}); see ${tmp}/server.log`)); });
  });
  const base = `http://${addr}`;
  log(`server listening at ${base}; ingesting ${CORPUS_FILES.length} documents`);
  const deadline = Date.now() + 10 * 60000;
  for (;;) {
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.status === 200) { log(`ready: ${await r.text()}`); break; }
    } catch { /* not yet */ }
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}); see ${tmp}/server.log`);
    if (Date.now() > deadline) throw new Error('the server was not ready within 10 minutes');
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { base, child, full: full.key, read: read.key };
}

// A server without GET / (older builds): the page is served from web/ with the same CSP and
// every other request passed through.
function pageProxy(upstream) {
  const types = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (req.method === 'GET' && (u.pathname === '/' || u.pathname.startsWith('/assets/'))) {
      const f = u.pathname === '/' ? 'index.html' : decodeURIComponent(u.pathname.slice('/assets/'.length));
      const p = path.resolve(WEB, f);
      if (!p.startsWith(WEB + path.sep) || !fs.existsSync(p)) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': types[path.extname(p).slice(1)] || 'application/octet-stream', 'content-security-policy': CSP, 'cache-control': 'no-cache' });
      res.end(fs.readFileSync(p));
      return;
    }
    const target = new URL(upstream);
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}` })));
}

// ---------------------------------------------------------------- zip (docx) helpers

function zip(files) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const nameBuf = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(0, 8); local.writeUInt32LE(0, 10); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBuf.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6); cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(0, 10); cen.writeUInt32LE(0, 12); cen.writeUInt32LE(crc, 16); cen.writeUInt32LE(data.length, 20);
    cen.writeUInt32LE(data.length, 24); cen.writeUInt16LE(nameBuf.length, 28); cen.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    central.push(cen, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cdir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(central.length / 2, 8); end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(cdir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdir, end]);
}

function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString();
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    files[name] = method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

function docx(text) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const paras = text.split('\n').map((l) => (l ? `<w:p><w:r><w:t xml:space="preserve">${esc(l)}</w:t></w:r></w:p>` : '<w:p/>')).join('');
  return zip({
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/_rels/document.xml.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paras}<w:sectPr/></w:body></w:document>`,
  });
}

// ---------------------------------------------------------------- page helpers

const AXE = fs.readFileSync(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

async function axeCheck(page, label) {
  // page.evaluate goes through DevTools, which the page's CSP does not govern.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of r.violations) {
    log(`    axe ${v.impact}: ${v.id} — ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }
  check(`axe: no serious or critical violations (${label})`, bad.length === 0, bad.map((v) => `${v.id} ×${v.nodes.length}`).join(', '));
}

// Text of an element without the screen-reader-only labels.
const visibleText = (page, sel) => page.$eval(sel, (e) => {
  const c = e.cloneNode(true);
  c.querySelectorAll('.sr-only').forEach((x) => x.remove());
  return c.textContent;
});

async function api(base, key, route, init = {}) {
  const headers = { Authorization: `Bearer ${key}`, Accept: 'application/json', ...(init.headers || {}) };
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(base + route, { method: init.method || 'GET', headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await r.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: r.status, type: r.headers.get('content-type') || '', body };
}

async function enterKey(page, key) {
  await page.locator('#key-input').fill(key);
  await page.locator('#key-submit').click();
}

async function openTab(page, name) {
  await page.getByRole('tab', { name }).click();
}

// ---------------------------------------------------------------- the check

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  let server = null;
  let tmp = null;
  let base;
  let full;
  let read;
  const t = Date.now();
  if (opt('url')) {
    base = opt('url').replace(/\/$/, '');
    full = opt('key');
    read = opt('read-key');
    log(`using the running server at ${base}`);
  } else {
    if (!fs.existsSync(BIN)) throw new Error(`no lexcite binary at ${BIN} (set LEXCITE_BIN or --bin)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lexcite-browser-'));
    log(`binary ${BIN}; scratch ${tmp}`);
    server = await startServer(tmp);
    ({ base, full, read } = server);
  }
  timings.push(['server start and ingest', Date.now() - t]);
  const apiBase = base;

  let proxy = null;
  const root = await fetch(`${base}/`);
  const rootType = root.headers.get('content-type') || '';
  if (root.status !== 200 || !rootType.includes('text/html') || SERVE_WEB) {
    proxy = await pageProxy(base);
    base = proxy.base;
    log(`NOTE: ${SERVE_WEB ? '--serve-web' : `the server has no page at GET / (${root.status})`}; serving web/ through the check's own proxy at ${base}`);
  } else {
    const csp = root.headers.get('content-security-policy') || '';
    check('GET / serves the page with the Content-Security-Policy', csp.includes("script-src 'self'") && csp.includes("default-src 'none'"), csp);
    const stale = [];
    for (const f of fs.readdirSync(WEB)) {
      const r = await fetch(`${base}${f === 'index.html' ? '/' : `/assets/${f}`}`);
      const served = Buffer.from(await r.arrayBuffer());
      if (r.status !== 200 || !served.equals(fs.readFileSync(path.join(WEB, f)))) stale.push(f);
    }
    if (stale.length) log(`NOTE: the binary embeds another version of ${stale.join(', ')} than web/ holds (rebuild, or pass --serve-web)`);
  }

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const cleanup = async () => {
    await browser.close().catch(() => {});
    if (proxy) proxy.server.close();
    if (server) {
      server.child.kill('SIGTERM');
      await new Promise((r) => { server.child.once('exit', r); setTimeout(r, 5000); });
    }
    if (tmp && !KEEP && failures.length === 0) fs.rmSync(tmp, { recursive: true, force: true });
    else if (tmp) log(`scratch kept: ${tmp}`);
  };

  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: 'vi-VN' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => {
      // Refused calls (4xx) are the page's to explain; anything else is a problem.
      if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

    // The key prompt, then a wrong key.
    await step('key prompt and a wrong key', async () => {
      await page.goto(base + '/');
      await page.locator('#key-panel').waitFor({ state: 'visible' });
      check('the key form shows first, titled "Khoá API"', (await page.locator('#key-title').textContent()).includes('Khoá API'));
      await enterKey(page, 'lx_this-is-not-a-key');
      await page.locator('#key-error', { hasText: 'không hợp lệ' }).waitFor({ timeout: 10000 });
      const m = await page.locator('#key-error').textContent();
      check('a wrong key asks for a valid key', /khoá hợp lệ/i.test(m), m);
      check('the workspace stays hidden', await page.locator('#tabs-nav').isHidden());
      await enterKey(page, full);
      await page.locator('#tabs-nav').waitFor({ state: 'visible' });
      const stored = await page.evaluate(() => ({ s: Object.values(sessionStorage).join(' '), c: document.cookie, u: location.href }));
      check('the key is kept in sessionStorage only', stored.s.includes(full) && !stored.c.includes(full) && !stored.u.includes(full));
    });

    // 1. The draft: marks per status equal the API's summary.
    let apiReport = null;
    await step('verify a pasted draft', async () => {
      apiReport = (await api(apiBase, full, '/v1/citations/verify', { method: 'POST', json: { text: DRAFT } })).body;
      await page.locator('#verify-text').fill(DRAFT);
      await page.locator('#verify-submit').click();
      await page.locator('#verify-doc mark.ref').first().waitFor({ timeout: 60000 });
      const marks = await page.$$eval('#verify-doc mark.ref', (ms) => ms.map((m) => m.dataset.status));
      const counts = {};
      for (const s of marks) counts[s] = (counts[s] || 0) + 1;
      const statuses = Object.keys(apiReport.summary).filter((k) => k !== 'total');
      const diff = statuses.filter((s) => (counts[s] || 0) !== apiReport.summary[s]);
      check(`marks per status equal the API summary (${JSON.stringify(counts)})`, diff.length === 0 && marks.length === apiReport.summary.total,
        `differs for ${diff.join(', ')}; API ${JSON.stringify(apiReport.summary)}`);
      for (const s of ['verified', 'unit_not_found', 'document_not_found', 'outdated']) {
        check(`the draft has a ${s} reference`, (counts[s] || 0) > 0);
      }
      const chipCounts = await page.$$eval('#status-chips .chip', (cs) => Object.fromEntries(cs.map((c) => [c.dataset.status, +c.querySelector('.chip-count').textContent])));
      check('the filter chips show the summary counts', statuses.every((s) => chipCounts[s] === apiReport.summary[s]), JSON.stringify(chipCounts));
      const iconless = await page.$$eval('#verify-doc mark.ref', (ms) => ms.filter((m) => !m.querySelector('svg.icon') || !m.getAttribute('aria-label')).length);
      check('every mark carries an icon and a spoken label', iconless === 0);
      const marksText = await page.$$eval('#verify-doc mark.ref .ref-text', (ms) => ms.map((m) => m.textContent));
      const apiTexts = [...apiReport.references].sort((a, b) => a.start - b.start).map((r) => Array.from(DRAFT).slice(r.start, r.end).join(''));
      check('marks cover the reported character ranges', JSON.stringify(marksText) === JSON.stringify(apiTexts), JSON.stringify(marksText));

      // Filter: hide the outdated ones, then show them again.
      const on = () => page.locator('#verify-doc mark.ref:not(.ref-off)').count();
      const before = await on();
      await page.locator('#status-chips label[data-status="outdated"]').click();
      const after = await on();
      check('unticking a status hides its marks', before - after === apiReport.summary.outdated, `${before} -> ${after}`);
      await page.locator('#status-chips label[data-status="outdated"]').click();
      check('ticking it again shows them', (await on()) === before);

      // Keyboard: j moves to the first reference and opens it.
      await page.locator('#verify-result-title').click();
      await page.keyboard.press('j');
      const first = await page.$eval('#verify-doc mark.ref[aria-current="true"]', (m) => m.dataset.index).catch(() => null);
      check('"j" selects the first reference', first !== null);
      await page.keyboard.press('j');
      await page.keyboard.press('k');
      const back = await page.$eval('#verify-doc mark.ref[aria-current="true"]', (m) => m.dataset.index).catch(() => null);
      check('"j" then "k" comes back to it', back === first, `${first} vs ${back}`);
      check('the position reads 1 / N', (await page.locator('#ref-pos').textContent()).startsWith('1 /'));
    });

    // 2. A reference's detail: the cited unit's text as GET /v1/units/{id} has it.
    await step('reference detail shows the cited unit', async () => {
      const idx = apiReport.references.findIndex((r) => r.status === 'outdated' && r.evidence);
      const ref = apiReport.references[idx];
      await page.locator(`#verify-doc mark.ref[data-index="${idx}"]`).click();
      await page.locator('#verify-detail .unit-text').waitFor({ timeout: 15000 });
      const unit = (await api(apiBase, full, `/v1/units/${encodeURIComponent(ref.evidence.unit_id)}`)).body;
      const shown = await visibleText(page, '#verify-detail .unit-text');
      check('the panel shows the unit text of GET /v1/units/{id}', shown === unit.text, `${shown.slice(0, 80)}… vs ${String(unit.text).slice(0, 80)}…`);
      const evidence = await visibleText(page, '#verify-detail .unit-text mark.ev');
      const expected = Array.from(unit.text).slice(ref.evidence.start, ref.evidence.end).join('');
      check('the evidence range is highlighted', evidence === expected, evidence.slice(0, 80));
      const cls = await page.$eval('#verify-detail .unit-text mark.ev', (m) => m.className);
      check(`the highlight says ${ref.evidence.verdict}`, cls.includes({ supported: 'ev-supported', contradicted: 'ev-contradicted', not_found: 'ev-closest' }[ref.evidence.verdict]), cls);
      const panel = await page.locator('#verify-detail').textContent();
      check('the panel shows the explanation', panel.includes(ref.explanation));
      check('the panel names the provision that ended it', panel.includes(ref.validity.by.citation) && panel.includes('Hết hiệu lực'));
      // A reference to a unit that does not exist names what does.
      const nf = apiReport.references.findIndex((r) => r.status === 'unit_not_found');
      await page.locator(`#verify-doc mark.ref[data-index="${nf}"]`).click();
      const nfText = await page.locator('#verify-detail').textContent();
      check('unit_not_found shows what exists', nfText.includes(apiReport.references[nf].units[0].exists || '—'), nfText.slice(0, 200));
      const mm = apiReport.references.findIndex((r) => r.status === 'metadata_mismatch');
      if (mm >= 0) {
        await page.locator(`#verify-doc mark.ref[data-index="${mm}"]`).click();
        check('metadata_mismatch lists the mismatch', (await page.locator('#verify-detail .mini-table').count()) === 1);
      }
      await page.locator(`#verify-doc mark.ref[data-index="${idx}"]`).click();
      await page.locator('#verify-detail .unit-text mark.ev').waitFor();
      await page.evaluate(() => document.getElementById('verify-result').scrollIntoView({ behavior: 'instant' }));
      await page.screenshot({ path: path.join(OUT, 'workspace-verify.png') });
      await axeCheck(page, 'verify');
    });

    // 3. A .docx upload and the annotated copy.
    await step('upload a .docx and download the marked copy', async () => {
      const file = { name: 'du-thao-to-trinh.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx(DRAFT) };
      const responseP = page.waitForResponse((r) => r.url().endsWith('/v1/citations/verify') && r.request().method() === 'POST', { timeout: 60000 });
      await page.locator('#verify-file').setInputFiles(file);
      const response = await responseP;
      const report = await response.json().catch(() => ({}));
      check('the multipart verify route answers 200 with the extracted text', response.status() === 200 && typeof report.text === 'string',
        `${response.status()} ${JSON.stringify(report).slice(0, 160)}`);
      if (response.status() !== 200) return;
      await page.waitForFunction((n) => document.querySelectorAll('#verify-doc mark.ref').length === n && /du-thao/.test(document.getElementById('verify-message').textContent), report.summary.total, { timeout: 15000 });
      check('marks appear for the file', (await page.locator('#verify-doc mark.ref').count()) === report.summary.total && report.summary.total > 0);
      const btn = page.getByRole('button', { name: 'Tải bản Word đã đánh dấu' });
      check('the "Tải bản Word đã đánh dấu" button is offered', await btn.isVisible());
      const downloadP = page.waitForEvent('download', { timeout: 60000 });
      await btn.click();
      const download = await downloadP;
      const saved = path.join(os.tmpdir(), `lexcite-annotated-${process.pid}.docx`);
      await download.saveAs(saved);
      await page.locator('#verify-message', { hasText: 'Đã tải xuống' }).waitFor({ timeout: 10000 });
      check('the page says the marked copy was downloaded', true);
      const files = unzip(fs.readFileSync(saved));
      fs.rmSync(saved, { force: true });
      const comments = files['word/comments.xml']?.toString('utf8') || '';
      const n = (comments.match(/<w:comment[\s>]/g) || []).length;
      check(`the download (${download.suggestedFilename()}) has one comment per reference plus a summary`, n === report.references.length + 1,
        `${n} comments, ${report.references.length} references`);
      // Each reference's comment says which words it is about and why (the verifier's own
      // explanation), as the report does.
      const unxml = (t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
      const said = [...comments.matchAll(/<w:comment[\s>][\s\S]*?<\/w:comment>/g)]
        .map((m) => [...m[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unxml(t[1])).join('\n'));
      const unsaid = report.references.filter((r) => !said.some((c) => c.includes(r.text) && c.includes(r.explanation)));
      check('each reference has a comment with its words and its explanation', unsaid.length === 0,
        unsaid.map((r) => r.text).join('; '));
    });

    // 4. Lookup and search.
    await step('lookup and search', async () => {
      await openTab(page, 'Tra cứu');
      await page.locator('#lookup-input').fill(LOOKUP);
      await page.locator('#lookup-form button[type=submit]').click();
      await page.locator('#lookup-result .unit-card').first().waitFor({ timeout: 15000 });
      const lk = (await api(apiBase, full, `/v1/lookup?citation=${encodeURIComponent(LOOKUP)}`)).body;
      const shown = await page.locator('#lookup-result .unit-card .unit-text').first().textContent();
      check('the looked-up unit shows its text', shown === lk.units[0].text);
      check('and its citation', (await page.locator('#lookup-result .hit-title').first().textContent()) === lk.units[0].citation);
      await page.locator('#lookup-result .copy-btn').first().click();
      await page.locator('#lookup-result .copy-btn', { hasText: 'Đã sao chép' }).first().waitFor({ timeout: 5000 });
      const clip = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
      check('the copy button puts the citation and text on the clipboard', clip.includes(lk.units[0].citation) && clip.includes(lk.units[0].text.slice(0, 40)));

      await page.locator('#lookup-input').fill('Điều 99 Luật Bảo vệ dữ liệu cá nhân');
      await page.locator('#lookup-form button[type=submit]').click();
      await page.locator('#lookup-message.message-error').waitFor({ timeout: 10000 });
      const m404 = await page.locator('#lookup-message').textContent();
      check('a 404 says what does not exist', m404.includes('Điều 99') && m404.includes('Điều 1–39'), m404);

      const doc = lk.document.id;
      await page.locator('#search-input').fill('dữ liệu cá nhân nhạy cảm');
      await page.locator('#search-doc').selectOption(doc);
      await page.locator('#search-form button[type=submit]').click();
      await page.locator('#search-result .hit').first().waitFor({ timeout: 20000 });
      const hits = await page.$$eval('#search-result .hit', (hs) => hs.length);
      const allFromDoc = await page.$$eval('#search-result .hit', (hs, d) => hs.every((h) => h.dataset.unitId.startsWith(`${d}:`)), doc);
      check(`search shows hits (${hits}) from the chosen document only`, hits > 0 && allFromDoc);
      check('search highlights the matched words', (await page.locator('#search-result mark.hl').count()) > 0);
      await page.locator('#lookup-input').fill(LOOKUP);
      await page.locator('#lookup-form button[type=submit]').click();
      await page.locator('#lookup-result .unit-card').first().waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(OUT, 'workspace-lookup.png') });
      await axeCheck(page, 'lookup');
    });

    // 5. A question, streamed.
    await step('ask a question', async () => {
      await openTab(page, 'Hỏi đáp');
      await page.locator('#ask-input').fill(QUESTION);
      const responseP = page.waitForResponse((r) => r.url().endsWith('/v1/ask'), { timeout: 120000 });
      await page.locator('#ask-submit').click();
      const response = await responseP;
      const type = response.headers()['content-type'] || '';
      log(`  /v1/ask answered ${response.status()} ${type}`);
      check('the answer is streamed as text/event-stream', type.includes('text/event-stream'), type);
      await page.locator('#ask-answer .sentence').first().waitFor({ timeout: 120000 });
      await page.locator('#ask-message.message-ok, #ask-message.message-error, #ask-message:not(.message-busy)').first().waitFor({ timeout: 120000 });
      const sentences = await page.locator('#ask-answer .sentence').count();
      check(`at least one sentence appears (${sentences})`, sentences > 0);
      const marker = page.locator('#ask-answer .cite').first();
      const n = Number(await marker.getAttribute('data-n'));
      await marker.focus();
      await page.keyboard.press('Enter');
      await page.locator('#ask-detail .passage-quote').waitFor({ timeout: 10000 });
      const ans = (await api(apiBase, full, '/v1/ask', { method: 'POST', json: { question: QUESTION } })).body;
      const c = (ans.citations || []).find((x) => x.n === n);
      const quote = await page.locator('#ask-detail .passage-quote').textContent();
      const title = await page.locator('#ask-detail .cite-title').textContent();
      check(`the marker [${n}] shows its passage`, !!c && quote === c.quote && title.includes(c.citation), `${title} / ${quote.slice(0, 60)}`);
      await page.screenshot({ path: path.join(OUT, 'workspace-ask.png') });
      await axeCheck(page, 'ask');
    });

    // 6. Keys: forget, then a key without the verify scope.
    await step('a read-only key on the verify view', async () => {
      await page.getByRole('button', { name: 'Quên khoá' }).click();
      await page.locator('#key-panel').waitFor({ state: 'visible' });
      check('"Quên khoá" clears the key', (await page.evaluate(() => sessionStorage.length)) === 0);
      await axeCheck(page, 'key prompt');
      await enterKey(page, read);
      await page.locator('#tabs-nav').waitFor({ state: 'visible' });
      await openTab(page, 'Kiểm tra trích dẫn');
      await page.locator('#verify-text').fill(DRAFT);
      await page.locator('#verify-submit').click();
      await page.locator('#verify-message.message-error').waitFor({ timeout: 10000 });
      const m = await page.locator('#verify-message').textContent();
      check('the read-only key gets the no-permission message naming the scope', m.includes('Khoá này không có quyền') && m.includes('verify'), m);
      check('the page still works (tabs shown, form usable)', await page.locator('#tabs-nav').isVisible() && await page.locator('#verify-submit').isEnabled());
      await page.getByRole('button', { name: 'Quên khoá' }).click();
      await enterKey(page, full);
      await page.locator('#tabs-nav').waitFor({ state: 'visible' });
    });

    // Statuses come from the spec: one the page does not know shows neutrally with its name.
    await step('a status the page does not know', async () => {
      const p2 = await context.newPage();
      await p2.route('**/openapi.json', async (route) => {
        const r = await route.fetch();
        const spec = await r.json();
        spec.components.schemas.Status.enum.push('superseded_in_part');
        await route.fulfill({ response: r, json: spec });
      });
      await p2.route('**/v1/citations/verify', async (route) => {
        const r = await route.fetch();
        const rep = await r.json();
        rep.references[0].status = 'superseded_in_part';
        rep.summary.superseded_in_part = 1;
        rep.summary[apiReport.references[0].status] -= 1;
        await route.fulfill({ response: r, json: rep });
      });
      await p2.goto(base + '/');
      await enterKey(p2, full);
      await p2.locator('#tabs-nav').waitFor({ state: 'visible' });
      await p2.locator('#verify-text').fill(DRAFT);
      await p2.locator('#verify-submit').click();
      await p2.locator('#verify-doc mark.ref').first().waitFor({ timeout: 30000 });
      const mark = p2.locator('#verify-doc mark.ref[data-status="superseded_in_part"]');
      check('an unknown status is marked with a neutral style', (await mark.count()) === 1 && (await mark.getAttribute('class')).includes('st-unknown'));
      check('and its raw name in the filter', (await p2.locator('#status-chips label[data-status="superseded_in_part"]').textContent()).includes('superseded_in_part'));
      await p2.close();
    });

    check('no script errors or CSP violations in the console', problems.length === 0, problems.slice(0, 5).join(' | '));

    // 7. A phone.
    await step('phone layout (390×844)', async () => {
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
      const pp = await phone.newPage();
      await pp.goto(base + '/');
      await enterKey(pp, full);
      await pp.locator('#tabs-nav').waitFor({ state: 'visible' });
      await pp.locator('#verify-text').fill(DRAFT);
      await pp.locator('#verify-submit').click();
      await pp.locator('#verify-doc mark.ref').first().waitFor({ timeout: 60000 });
      const idx = apiReport.references.findIndex((r) => r.status === 'outdated');
      await pp.locator(`#verify-doc mark.ref[data-index="${idx}"]`).tap();
      await pp.locator('#verify-detail .unit-text').waitFor({ timeout: 15000 });
      const width = await pp.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth]);
      check('no horizontal scrolling at 390 px', width[0] === 390 && width[1] <= 390, `layout ${width[0]} px, content ${width[1]} px`);
      const stacked = await pp.evaluate(() => {
        const w = document.querySelector('#view-verify .work').getBoundingClientRect();
        const p = document.querySelector('#verify-panel').getBoundingClientRect();
        return p.top >= w.bottom - 1;
      });
      check('the panel stacks below the text', stacked);
      await axeCheck(pp, 'phone');
      // The end of the marked text with the detail panel stacked below it.
      await pp.evaluate(() => window.scrollTo(0, document.getElementById('verify-panel').getBoundingClientRect().top + window.scrollY - 330));
      await pp.screenshot({ path: path.join(OUT, 'workspace-phone.png') });
      await phone.close();
    });
  } finally {
    await cleanup();
  }

  log('timings:');
  for (const [name, ms] of timings) log(`  ${secs(ms).padStart(8)}  ${name}`);
  log(`screenshots in ${path.relative(ROOT, OUT) || '.'}/workspace-{verify,lookup,ask,phone}.png`);
  if (failures.length) {
    console.error(`\n${failures.length} check(s) failed:\n  - ${failures.join('\n  - ')}`);
    process.exit(1);
  }
  log('all checks passed');
}

main().catch((e) => {
  console.error(`browser check could not run: ${e.stack || e}`);
  process.exit(2);
});
