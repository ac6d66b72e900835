// The console in a real browser against the real suite: Debian's chromium driven by playwright-core.
// Usage: node e2e/console.e2e.mjs  (KONFIG_GATEWAY_URL, KONFIG_PLATFORM_ADMIN_EMAIL/_PASSWORD,
// KONFIG_CONSOLE_SCREENSHOTS, KONFIG_CONSOLE_GANG_SHEETS=run|skip, CHROMIUM_PATH optional).
// Exit status 0 when every step passed; each step prints one line.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const gateway = (process.env.KONFIG_GATEWAY_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const adminEmail = process.env.KONFIG_PLATFORM_ADMIN_EMAIL;
const adminPassword = process.env.KONFIG_PLATFORM_ADMIN_PASSWORD;
const screenshots = process.env.KONFIG_CONSOLE_SCREENSHOTS;
const gangSheets = process.env.KONFIG_CONSOLE_GANG_SHEETS ?? 'skip';
const password = 'correct horse battery staple';
const unique = Date.now().toString(36);

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // next
    }
  }
  throw new Error('no chromium on PATH (install the Debian package chromium, or set CHROMIUM_PATH)');
}

// A PNG with a pHYs chunk (so file-service reads its DPI), one colour.
function png(width, height, dpi, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buffer) => {
    let c = 0xffffffff;
    for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const phys = Buffer.alloc(9);
  const perMetre = Math.round(dpi / 0.0254);
  phys.writeUInt32BE(perMetre, 0);
  phys.writeUInt32BE(perMetre, 4);
  phys[8] = 1;
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('pHYs', phys),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let failures = 0;
let currentPage;
const cspViolations = [];
async function step(name, action) {
  const started = Date.now();
  try {
    await action();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures += 1;
    console.log(`FAIL ${name}: ${error?.stack ?? error}`);
    if (currentPage) {
      console.log(`     at ${currentPage.url()}`);
      await currentPage.screenshot({ path: join(tmpdir(), 'konfig-console-failure.png') }).catch(() => undefined);
    }
    throw error;
  }
}
function skip(name, reason) {
  console.log(`skip ${name}: ${reason}`);
}

async function shot(page, name) {
  if (!screenshots) return;
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: false });
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
async function accessible(page, label) {
  // Evaluated through the debugging protocol, not as a page script: the CSP stays as it is.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }),
  );
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    throw new Error(
      `${label}: ${serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`).join('\n')}`,
    );
  }
}

async function nav(page, label) {
  const burger = page.getByRole('button', { name: 'Menu' });
  if (await burger.isVisible()) await burger.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
}

async function api(path, { method = 'GET', token, apiKey, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (apiKey) headers['X-API-Key'] = apiKey;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(gateway + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function eventually(check, timeoutMs = 30000, interval = 1000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}

const profile = mkdtempSync(join(tmpdir(), 'konfig-console-chromium-'));
const files = mkdtempSync(join(tmpdir(), 'konfig-console-files-'));
if (screenshots) mkdirSync(screenshots, { recursive: true });
// A fresh profile each run (--user-data-dir, which playwright passes for a persistent context).
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath(),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1280, height: 860 },
  baseURL: gateway,
});
let exitCode = 0;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  currentPage = page;
  page.setDefaultTimeout(20000);
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
  const owner = `owner-${unique}@example.com`;
  const organization = `Console Prints ${unique}`;
  let agentKey;
  const designs = [join(files, `cup-wrap-${unique}.png`), join(files, `tote-${unique}.png`)];
  const { writeFileSync } = await import('node:fs');
  writeFileSync(designs[0], png(600, 450, 300, [200, 40, 40]));
  writeFileSync(designs[1], png(300, 600, 300, [40, 40, 200]));

  await step('the console answers at / with a strict policy and sends a new visitor to sign in', async () => {
    const response = await page.goto('/');
    const policy = response.headers()['content-security-policy'] ?? '';
    if (!policy.includes("script-src 'self'") || !policy.includes("connect-src 'self'")) throw new Error(`policy: ${policy}`);
    await page.waitForURL('**/signin');
    await page.getByRole('heading', { name: 'Sign in to Konfig' }).waitFor();
    await accessible(page, 'sign-in');
    await shot(page, 'sign-in');
  });

  await step('register an organization and its owner', async () => {
    await page.getByRole('link', { name: 'Create an organization' }).click();
    await page.getByLabel('Organization name').fill(organization);
    await page.getByLabel('Your name').fill('Ada Owner');
    await page.getByLabel('Email').fill(owner);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: organization }).waitFor();
    await page.getByTestId('stats-members').waitFor();
    await accessible(page, 'overview');
    await shot(page, 'overview');
  });

  await step('a reload keeps the session through the HttpOnly refresh cookie, which scripts cannot read', async () => {
    const cookies = await context.cookies();
    const refresh = cookies.filter((c) => c.name === 'konfig_refresh');
    if (!refresh.length || !refresh.every((c) => c.httpOnly && c.secure && c.sameSite === 'Strict')) {
      throw new Error(`refresh cookies: ${JSON.stringify(refresh)}`);
    }
    if ((await page.evaluate(() => document.cookie)).includes('konfig_refresh')) throw new Error('script reads the cookie');
    await page.reload();
    await page.getByRole('heading', { name: organization }).waitFor();
  });

  await step('create a namespace and see a config refused with its 422 reason beside the value', async () => {
    await nav(page, 'Namespaces & configs');
    await page.getByLabel(/^Name( \*)?$/).fill('payments');
    await page.getByRole('button', { name: 'Create namespace' }).click();
    await page.getByRole('link', { name: 'payments' }).click();
    await page.getByRole('heading', { name: 'Namespace payments' }).waitFor();
    await page.getByLabel('Key').fill('timeout_ms');
    await page.getByRole('textbox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'number' }).click();
    await page.getByLabel('Min value').fill('100');
    await page.getByLabel(/^Value( \*)?$/).fill('50');
    await page.getByRole('button', { name: 'Create config' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'min_value' }).first();
    await alert.waitFor();
    await page.getByText('Rules: ≥ 100').first().waitFor();
    await shot(page, 'config-refused');
    await page.getByLabel(/^Value( \*)?$/).fill('1500');
    await page.getByRole('button', { name: 'Create config' }).click();
    await page.getByTestId('config-timeout_ms').getByTestId('config-value').filter({ hasText: '1500' }).waitFor();
    await page.getByTestId('live-values').filter({ hasText: '"timeout_ms": 1500' }).waitFor();
  });

  await step('a secret stays masked until its owner reveals it', async () => {
    await page.getByLabel('Key').fill('psp_secret');
    await page.getByRole('textbox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'string' }).click();
    await page.getByLabel(/^Value( \*)?$/).fill('s3cr3t');
    await page.getByRole('checkbox', { name: 'Secret' }).check();
    await page.getByRole('button', { name: 'Create config' }).click();
    const row = page.getByTestId('config-psp_secret');
    await row.getByTestId('config-value').filter({ hasText: '********' }).waitFor();
    await row.getByRole('button', { name: 'Reveal' }).click();
    await row.getByTestId('config-value').filter({ hasText: 's3cr3t' }).waitFor();
  });

  await step('edit a config, see the live values follow, and roll it back from its history', async () => {
    await page.getByRole('button', { name: 'Edit timeout_ms' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Value( \*)?$/).fill('2500');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('config-timeout_ms').getByTestId('config-value').filter({ hasText: '2500' }).waitFor();
    await page.getByTestId('live-values').filter({ hasText: '"timeout_ms": 2500' }).waitFor();
    await page.getByTestId('config-timeout_ms').getByRole('button', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Compare v1' }).click();
    await page.getByTestId('diff').filter({ hasText: '+ 2500' }).waitFor();
    await shot(page, 'config-history');
    await page.getByRole('button', { name: 'Roll back to v1' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const row = page.getByTestId('config-timeout_ms');
    await row.getByTestId('config-value').filter({ hasText: '1500' }).waitFor();
    await row.getByRole('cell', { name: '3', exact: true }).waitFor();
    await page.getByTestId('live-values').filter({ hasText: '"timeout_ms": 1500' }).waitFor();
    await accessible(page, 'namespace');
    await shot(page, 'namespace');
  });

  await step('create API keys: the secret is shown once, with its scopes', async () => {
    await nav(page, 'API keys');
    await page.getByLabel('Name').fill('shop PC');
    await page.getByRole('checkbox', { name: 'read', exact: true }).uncheck();
    await page.getByRole('checkbox', { name: 'print:agent', exact: true }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    agentKey = (await page.getByTestId('new-api-key').textContent()).trim();
    if (!agentKey.startsWith('konfig_')) throw new Error(`key ${agentKey}`);
    await page.getByRole('cell', { name: 'print:agent' }).waitFor();
    await accessible(page, 'api keys');
    await shot(page, 'api-keys');
    await page.getByRole('button', { name: 'Hide the key' }).click();
    await page.reload();
    if (await page.getByTestId('new-api-key').count()) throw new Error('the key is shown again');
  });

  await step('upload two designs by drag and drop, with progress, sizes, DPI and dedup', async () => {
    await nav(page, 'Files');
    const input = page.getByTestId('dropzone').locator('input[type=file]');
    await input.setInputFiles(designs);
    await page.getByTestId('uploads').getByText('stored', { exact: true }).nth(1).waitFor();
    await page.getByRole('cell', { name: '600×450 px · 300 DPI · 2×1.5 in', exact: true }).waitFor();
    await page.getByRole('cell', { name: '300×600 px · 300 DPI · 1×2 in', exact: true }).waitFor();
    await input.setInputFiles(designs[0]);
    await page.getByText('already stored: deduplicated').waitFor();
    await page.getByRole('img', { name: `Thumbnail of cup-wrap-${unique}.png` }).waitFor();
    if ((await page.getByTestId('file-row').count()) !== 2) throw new Error('dedup stored a third file');
    await accessible(page, 'files');
    await shot(page, 'files');
  });

  await step('create a printer and check a design against it', async () => {
    await nav(page, 'Printers & canvases');
    const form = page.getByRole('form', { name: 'New printer' });
    await form.getByLabel('Name').fill('Epson F2100');
    await form.getByLabel('Max width (in)').fill('23');
    await form.getByLabel('Max height (in)').fill('215');
    await form.getByRole('switch', { name: 'Default' }).check({ force: true });
    await form.getByRole('button', { name: 'Add printer' }).click();
    await page.getByTestId('printer-row').filter({ hasText: 'Epson F2100' }).waitFor();
    const check = page.getByRole('form', { name: 'Capability check' });
    await check.getByRole('textbox', { name: 'Printer' }).click();
    await page.getByRole('option', { name: 'Epson F2100' }).click();
    await check.getByLabel('Width (in)').fill('2');
    await check.getByLabel('Height (in)').fill('1.5');
    await check.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('capability-result').waitFor();
    await accessible(page, 'printers');
    await shot(page, 'printers');
  });

  if (gangSheets === 'run') {
    await step('build a gang sheet, see its layout to scale, compare algorithms, and create its job', async () => {
      await nav(page, 'Gang sheets');
      await page.getByLabel(`Copies of cup-wrap-${unique}.png`).fill('3');
      await page.getByLabel(`Copies of tote-${unique}.png`).fill('2');
      await page.getByRole('button', { name: 'Preview layout' }).click();
      await page.getByTestId('sheet').first().waitFor();
      const rects = await page.getByTestId('sheet').first().locator('rect').count();
      if (rects !== 5) throw new Error(`${rects} placements drawn, 5 expected`);
      await page.getByTestId('utilization').first().waitFor();
      const algorithms = page.getByRole('textbox', { name: 'Algorithms to compare' });
      for (const algorithm of ['rows', 'maxrects']) {
        // The list stays open after a pick: clicking the field again would close it.
        const option = page.getByRole('option', { name: algorithm, exact: true });
        if (!(await option.isVisible())) {
          await algorithms.click({ force: true });
        }
        await option.click();
      }
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Preview layout' }).click();
      await page.getByTestId('layout-rows').getByTestId('sheet').first().waitFor();
      await page.getByTestId('layout-maxrects').getByTestId('sheet').first().waitFor();
      await accessible(page, 'gang sheets');
      await shot(page, 'gang-sheet');
      await page.getByLabel('Job name').fill('Gang sheet 1');
      await page.getByRole('button', { name: 'Create gang-sheet job' }).click();
      await page.waitForURL('**/print-jobs');
    });
  } else {
    skip('build a gang sheet', 'the gang-sheet API (print-service spec §5) is not merged into main yet; KONFIG_CONSOLE_GANG_SHEETS=run enables these steps');
  }

  await step('queue a print job and watch it complete in the live queue while an agent prints it', async () => {
    await nav(page, 'Print jobs');
    await page.getByTestId('stream-state').filter({ hasText: 'live' }).waitFor();
    const form = page.getByRole('form', { name: 'New print job' });
    await form.getByLabel('Job name').fill('Order 12345');
    await form.getByRole('textbox', { name: 'Files' }).click({ force: true });
    await page.getByRole('option', { name: `cup-wrap-${unique}.png` }).click();
    await page.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Queue job' }).click();
    const row = page.getByTestId('job-Order 12345');
    await row.getByTestId('job-status').filter({ hasText: 'pending' }).waitFor();
    // The shop's print agent: its key (made above), a claim, progress, completion.
    const heartbeat = await api('/api/v1/print-agent/heartbeat', { method: 'POST', apiKey: agentKey, body: { name: 'shop PC' } });
    if (heartbeat.status !== 200) throw new Error(`heartbeat ${heartbeat.status} ${JSON.stringify(heartbeat.body)}`);
    const claim = await eventually(async () => {
      const answer = await api('/api/v1/print-agent/claims', { method: 'POST', apiKey: agentKey, body: { wait_seconds: 10 } });
      if (answer.status !== 200 || answer.body.job.job_name !== 'Order 12345') throw new Error(`claim ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    });
    await row.getByTestId('job-status').filter({ hasText: 'processing' }).waitFor();
    await api(`/api/v1/print-agent/jobs/${claim.job.id}/progress`, { method: 'POST', apiKey: agentKey, body: { claim_id: claim.claim_id, progress_percentage: 60 } });
    await shot(page, 'print-jobs-processing');
    const done = await api(`/api/v1/print-agent/jobs/${claim.job.id}/complete`, { method: 'POST', apiKey: agentKey, body: { claim_id: claim.claim_id } });
    if (done.status !== 200) throw new Error(`complete ${done.status} ${JSON.stringify(done.body)}`);
    await row.getByTestId('job-status').filter({ hasText: 'completed' }).waitFor();
    await accessible(page, 'print jobs');
    await shot(page, 'print-jobs');
    if (gangSheets === 'run') {
      await page.getByTestId('job-Gang sheet 1').getByTestId('job-status').filter({ hasText: 'completed' }).waitFor({ timeout: 120000 });
    }
  });

  await step('the audit page shows the events, exports them and verifies the chain', async () => {
    await nav(page, 'Audit trail');
    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Event type (prefix)').fill('config.');
    await eventually(async () => {
      await filters.getByRole('button', { name: 'Filter' }).click();
      await page.getByTestId('events').getByRole('cell', { name: 'config.rolled_back' }).waitFor({ timeout: 2000 });
    }, 60000, 500);
    await page.getByTestId('events').getByRole('cell', { name: 'config.created' }).first().waitFor();
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('link', { name: 'Save audit-events.csv' }).waitFor();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByTestId('verification').filter({ hasText: 'The chain is intact' }).waitFor();
    await accessible(page, 'audit');
    await shot(page, 'audit');
  });

  await step('an ordinary owner is refused /admin', async () => {
    if (await page.getByRole('link', { name: 'Platform admin' }).count()) throw new Error('owner sees the admin link');
    await page.goto('/admin');
    await page.getByRole('alert').filter({ hasText: 'Refused' }).waitFor();
    await shot(page, 'admin-refused');
  });

  await step('the console works on a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/namespaces/payments');
    await page.getByRole('heading', { name: 'Namespace payments' }).waitFor();
    await page.getByRole('button', { name: 'Menu' }).waitFor();
    await accessible(page, 'phone');
    await shot(page, 'phone-namespace');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  await step('sign out clears the session and the cookie', async () => {
    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForURL('**/signin');
    const left = (await context.cookies()).filter((c) => c.name === 'konfig_refresh' && c.value);
    if (left.length) throw new Error(`cookie left: ${JSON.stringify(left)}`);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Konfig' }).waitFor();
  });

  if (adminEmail && adminPassword) {
    await step('a platform admin signs in with the keyboard alone and sees the real counts', async () => {
      await page.getByLabel('Email').focus();
      await page.keyboard.type(adminEmail);
      await page.keyboard.press('Tab');
      await page.keyboard.type(adminPassword);
      await page.keyboard.press('Enter');
      await page.getByRole('link', { name: 'Platform admin' }).click();
      const card = page.getByTestId('admin-organizations');
      await card.waitFor();
      const login = await api('/api/v1/auth/login', { method: 'POST', body: { email: adminEmail, password: adminPassword } });
      const overview = await api('/api/v1/admin/overview', { token: login.body.access_token });
      const shown = (await card.locator('[data-field="total"]').textContent()).trim();
      if (shown !== String(overview.body.organizations.total) || overview.body.organizations.total < 2) {
        throw new Error(`shown ${shown}, the API says ${overview.body.organizations.total}`);
      }
      await accessible(page, 'admin');
      await shot(page, 'admin');
      await page.getByRole('tab', { name: 'Organizations' }).click();
      await page.getByRole('cell', { name: organization, exact: true }).waitFor();
      await page.getByRole('tab', { name: 'System log' }).click();
      await page.getByTestId('events').locator('tbody tr').first().waitFor();
    });
  } else {
    skip('platform admin', 'KONFIG_PLATFORM_ADMIN_EMAIL and _PASSWORD not given');
  }

  await step('no Content-Security-Policy violation on any page', async () => {
    if (cspViolations.length) throw new Error(cspViolations.join('\n'));
  });
} catch {
  exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
}
console.log(failures || exitCode ? 'console browser tests: FAILED' : 'console browser tests: passed');
process.exit(failures || exitCode ? 1 : 0);
