import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { serve, type Running } from '../support/serveProcess.js';
import { checkScreen, launchChromium, signInStaff, skipOrFail } from './browser.js';

const skip = skipOrFail();

/**
 * A newcomer's first `npm start` with DEMO_ACTIVITY=true: six weeks lived through the use cases
 * before the server opens, so every screen has something to judge.
 */
describe('the living demo in the browser', { skip }, () => {
  let dir: string;
  let running: Running;
  let browser: Browser;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'motcua-living-demo-'));
    running = await serve({ DATA_DIR: dir, DEMO_ACTIVITY: 'true', LOG_LEVEL: 'fatal' }, 240_000);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows full worklists, a steering screen with a trend, and last month’s report', async () => {
    assert.match(running.output(), /Hoạt động mẫu \([\d.]+ giây\): \d{4} hồ sơ/);
    const base = running.url;

    const counter = await signInStaff(browser, base, 'hanoi.motcua');
    await counter.goto(`${base}/ho-so`);
    await counter.locator('.ant-segmented-item', { hasText: 'Của cơ quan' }).click();
    const rows = counter.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 5, 'the agency’s worklist has dossiers in hand');
    await checkScreen(counter, 'demo-ho-so');
    await counter.close();

    const monitor = await signInStaff(browser, base, 'hanoi.giamsat');
    await monitor.goto(`${base}/dieu-hanh`);
    await monitor.getByText('Xu hướng 12 tháng').waitFor();
    // The trend has bars for the months the demo lived (more than one month with dossiers).
    const bars = monitor.locator('.recharts-bar-rectangle path, .recharts-bar-rectangle rect');
    await bars.first().waitFor();
    assert.ok((await bars.count()) >= 4, `only ${await bars.count()} bars in the trend`);
    await checkScreen(monitor, 'demo-dieu-hanh', { fullPage: true });

    await monitor.close();

    // The month before is reported on its own a minute after start, as on any server.
    const nation = await signInStaff(browser, base, 'vpcp.giamsat');
    await nation.goto(`${base}/bao-cao/hang-thang`);
    const reported = nation.getByRole('row').filter({ hasText: 'Toàn quốc' }).filter({ hasText: 'tự động' });
    const loaded = () =>
      nation.waitForFunction(() => document.querySelectorAll('.ant-table .ant-spin-spinning').length === 0);
    await loaded();
    for (let tries = 0; !(await reported.count()); tries++) {
      assert.ok(tries < 30, 'no monthly report two minutes after start');
      await nation.waitForTimeout(4_000);
      await nation.reload();
      await nation.getByRole('heading', { name: 'Báo cáo tháng' }).waitFor();
      await loaded();
    }
    const received = Number((await reported.first().getByRole('cell').nth(3).innerText()).replace(/\D/g, ''));
    assert.ok(received > 100, `the report counts ${received} dossiers received`);
    await checkScreen(nation, 'demo-bao-cao-thang');
    await nation.close();
  });
});
