// Opens the Swagger console of a running lexcite in headless Chromium, authorises with a key,
// runs "Try it out" on GET /v1/lookup and saves a screenshot of the result.
//
//   npm install playwright-core   (once, in any folder; uses Debian's /usr/bin/chromium)
//   node scripts/swagger_check.mjs http://127.0.0.1:8080 "$(cat data/api-key)" docs/swagger-ui.png
import { chromium } from 'playwright-core';

const [base, key, out] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
await page.goto(`${base}/swagger-ui/`);
await page.waitForSelector('.opblock');
const routes = await page.$$eval('.opblock-summary-path', els => els.map(e => e.textContent.trim()));
console.log('routes listed:', routes.join(' '));

await page.click('button.authorize');
await page.fill('.modal-ux input[type=text], .modal-ux input[type=password]', key);
await page.click('.modal-ux button.authorize');
await page.click('.modal-ux button.close-modal');

const lookup = page.locator('.opblock-get', { hasText: '/v1/lookup' });
await lookup.locator('.opblock-summary').click();
await lookup.locator('button.try-out__btn').click();
await lookup.locator('input[placeholder="citation"]').fill('điểm a khoản 1 Điều 9 Luật số 134/2025/QH15');
await lookup.locator('button.execute').click();
await lookup.locator('.live-responses-table tbody .response-col_status').first().waitFor();
const status = (await lookup.locator('.live-responses-table tbody .response-col_status').first().textContent()).trim();
console.log('try it out: GET /v1/lookup ->', status);
await lookup.scrollIntoViewIfNeeded();
await page.screenshot({ path: out, fullPage: true });
await browser.close();
if (!status.startsWith('200')) process.exit(1);
