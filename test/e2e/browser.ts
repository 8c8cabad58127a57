import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { totpCode } from '../../src/app/auth/totp.js';
import { demoPassword } from '../../src/seed/demoAccounts.js';
import { testTotpSecret } from '../../fixtures/staff.js';
import { webDistDir } from '../../src/paths.js';

/** Debian's Chromium (never a downloaded one); CHROMIUM_PATH overrides. */
export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Why browser tests cannot run here, or null when they can. Under CI a missing browser or build is a
 * failure, not a skip: the caller throws instead.
 */
export function browserUnavailable(): string | null {
  if (!existsSync(chromiumPath)) return `Chromium not found at ${chromiumPath} (apt-get install -y chromium)`;
  if (!existsSync(join(webDistDir, 'index.html'))) return 'web app not built (npm run build)';
  return null;
}

export function skipOrFail(): string | false {
  const why = browserUnavailable();
  if (why === null) return false;
  if (process.env['CI']) throw new Error(`Browser tests must run under CI: ${why}`);
  console.warn(`Skipping browser tests: ${why}`);
  return why;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Every page asks for reduced motion, as `newPage` does (see there).
      '--force-prefers-reduced-motion',
    ],
  });
}

/** The TOTP step each administrator last signed in with, in this test process. */
const usedSteps = new Map<string, number>();

/**
 * A new 1366×768 page signed in as a demo account whose second factor is the test secret
 * (`seedStaff`); fails the test on any page error.
 */
export async function signInAdmin(browser: Browser, base: string, username: string): Promise<Page> {
  // A one-time code is accepted once: a second sign-in within the same 30-second step waits for the next.
  const step = () => Math.floor(Date.now() / 30_000);
  const last = usedSteps.get(username);
  if (last !== undefined && last >= step())
    await new Promise((r) => setTimeout(r, (last + 1) * 30_000 - Date.now() + 50));
  const page = await openSignIn(browser, base, username);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  const otp = page.getByLabel('Mã OTP');
  const now = new Date();
  usedSteps.set(username, Math.floor(now.getTime() / 30_000));
  await otp.fill(totpCode(testTotpSecret, now));
  await otp.press('Enter');
  await page.getByRole('button', { name: 'Tài khoản' }).waitFor();
  return page;
}

/** A new 1366×768 page in Vietnamese at Vietnam's time; fails the test on any page error. */
export async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1366, height: 768 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    // The app then runs without motion (see web/src/main.tsx): no click lands on a dialog still
    // zooming in, however slow a loaded machine draws it.
    reducedMotion: 'reduce',
  });
  page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
  return page;
}

/** A test server listening on a free loopback port; its base address. */
export async function listening(server: { app: FastifyInstance }): Promise<string> {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
}

/** A new 1366×768 page on the sign-in form, filled in; fails the test on any page error. */
async function openSignIn(browser: Browser, base: string, username: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(base + '/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(demoPassword);
  return page;
}

/** A new 1366×768 page signed in as a demo official without a second factor (counter, processor, leader). */
export async function signInStaff(browser: Browser, base: string, username: string): Promise<Page> {
  const page = await openSignIn(browser, base, username);
  await page.getByLabel('Mật khẩu').press('Enter');
  await page.getByRole('button', { name: 'Tài khoản' }).waitFor();
  return page;
}

/**
 * Picks an option of an Ant Design select found by its label within `scope`: opens it, clicks the
 * option (the first when none is named) in the dropdown that is open, and waits until the select
 * shows a choice — a click that landed while the dropdown was still sliding in is retried.
 */
export async function chooseOption(page: Page, scope: Page | Locator, label: string, option?: string) {
  const select = scope.getByLabel(label, { exact: true });
  const chosen = scope
    .locator('.ant-select', { has: page.getByLabel(label, { exact: true }) })
    // One choice shows as the select's value, several as tags.
    .locator('.ant-select-content-has-value, .ant-select-selection-item')
    .first();
  for (let attempt = 1; ; attempt++) {
    await select.click();
    await animationsDone(page);
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await (option === undefined ? options : options.filter({ hasText: option })).first().click();
    try {
      await chosen.waitFor({ timeout: 2_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Fails unless the page, as it is now, passes every WCAG 2.0/2.1 A and AA rule axe-core checks
 * (contrast, names, labels, landmarks…). Run on each main screen once it shows its data.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...a: unknown[]) => Promise<AxeResult> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
  assert.deepEqual(
    violations,
    [],
    `${screen}: ${violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).join(' | ')}`).join('\n')}`,
  );
}

interface AxeResult {
  violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[];
}

/**
 * A main screen once it shows its data (no loading spinner left): checked with axe-core, and saved
 * as `SCREENSHOTS_DIR/name.png` when that is set (the screenshots of docs/screens).
 */
export async function checkScreen(page: Page, name: string, opts: { fullPage?: boolean } = {}) {
  // No spinner, and no finite animation running (a dialog's mask fading out tints what is behind it).
  await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning').length === 0);
  await animationsDone(page);
  await page.waitForTimeout(300);
  await expectAccessible(page, name);
  const dir = process.env['SCREENSHOTS_DIR'];
  if (dir) await page.screenshot({ path: join(dir, `${name.replace(/\.png$/, '')}.png`), ...opts });
}

/**
 * Until no finite animation runs in the page. A click on a dialog that is still zooming in can be
 * lost: the button moves between the mouse's down and up, so the browser sends no click to it (the
 * counter test's action dialogs stayed open, once in three runs, with no request sent).
 */
export async function animationsDone(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.effect?.getComputedTiming().iterations === Infinity),
  );
}

/**
 * Runs an action from the dossier page's bar through its dialog: closed when done; a refusal stays
 * in the dialog as an error, which the failure then names. Issuing a signed result can take a while
 * under load (the whole suite beside it): up to 90 s.
 */
export async function actOnDossier(page: Page, name: string, fill?: () => Promise<void>): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await animationsDone(page);
  await fill?.();
  // A list left open by the filling (a multiple choice stays open) closes first: closing on the
  // button's mouse-down, it moves the dialog's content under the pointer and the click is lost.
  if (await page.locator('.ant-select-dropdown:visible').count()) {
    await dialog.locator('.ant-modal-title').click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
  }
  await animationsDone(page);
  await dialog.getByRole('button', { name: 'Thực hiện' }).click();
  const refused = dialog.locator('.ant-alert-error');
  const closed = dialog.waitFor({ state: 'hidden', timeout: 90_000 });
  await Promise.race([closed, refused.waitFor().catch(() => undefined)]);
  if (await refused.isVisible()) assert.fail(`${name}: ${await refused.innerText()}`);
  await closed;
}
