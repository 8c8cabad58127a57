import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createAppContext } from '../../src/app/context.js';
import { planMapping } from '../../src/app/migration/planMapping.js';
import type { Mapping } from '../../src/domain/migration/draftMapping.js';
import { projectRoot } from '../../src/paths.js';
import { seedCatalog } from '../../src/seed/seedCatalog.js';
import { seedStaff } from '../../fixtures/staff.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { chooseOption, launchChromium, listening, signInAdmin, skipOrFail } from './browser.js';

const skip = skipOrFail();
const sample = join(projectRoot, '../shared/data/provincial-export/sample');

describe('reviewing a migration mapping in the browser', { skip: skip || !existsSync(sample) }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;
  let mapping: Mapping;
  const file = join(tmpdir(), `anh-xa-${process.pid}.json`);

  before(async () => {
    server = await startTestServer({ loginPerMinute: 1000 });
    const db = server.db.database.db;
    await seedStaff(db);
    await seedCatalog(createAppContext(db, { now: () => new Date('2026-01-01') }));
    ({ mapping } = await planMapping(createAppContext(db), sample, '38'));
    writeFileSync(file, JSON.stringify(mapping));
    base = await listening(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the unmapped first, takes a decision and saves the reviewed file', async () => {
    const page = await signInAdmin(browser, base, 'quantri');
    await page.goto(`${base}/co-quan`);
    await page.getByRole('button', { name: 'Rà soát ánh xạ chuyển đổi' }).click();
    await page.getByRole('heading', { name: 'Rà soát ánh xạ chuyển đổi dữ liệu' }).waitFor();
    await page.locator('input[type=file]').setInputFiles(file);

    const units = page.locator('.ant-card', { hasText: 'Đơn vị chưa ánh xạ' });
    const count = async () => Number(await units.locator('.ant-statistic-content-value').innerText());
    await units.waitFor();
    assert.equal(await count(), mapping.unmapped.units);
    // The first row is an unmapped one, with its reason: a department with no agency yet.
    const first = mapping.units.find((u) => u.found === 'unmapped');
    assert.ok(first);
    const table = page.getByRole('table').first();
    await table
      .getByRole('row')
      .nth(1)
      .filter({ hasText: first.name })
      .filter({ hasText: 'Chưa ánh xạ' })
      .waitFor();
    await table
      .getByRole('row')
      .nth(1)
      .getByText(first.note ?? '')
      .waitFor();
    if (process.env['SCREENSHOTS_DIR'])
      await page.screenshot({ path: join(process.env['SCREENSHOTS_DIR'], 'ra-soat-anh-xa.png') });

    await chooseOption(page, page, `Cơ quan cho ${first.name}`, '000.00.01.H38');
    await page.waitForFunction(
      (want) =>
        document.querySelector('.ant-card .ant-statistic-content-value')?.textContent === String(want),
      mapping.unmapped.units - 1,
    );
    // The row decided on stays in place, now marked as chosen.
    await table
      .getByRole('row')
      .nth(1)
      .filter({ hasText: first.name })
      .filter({ hasText: 'Đã chọn' })
      .waitFor();
    if (process.env['SCREENSHOTS_DIR'])
      await page.screenshot({
        path: join(process.env['SCREENSHOTS_DIR'], 'ra-soat-anh-xa-chon.png'),
        fullPage: true,
      });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Lưu tệp đã rà soát' }).click();
    const saved = await download;
    assert.match(saved.suggestedFilename(), /-da-ra-soat\.json$/);
    const reviewed = JSON.parse(readFileSync(await saved.path(), 'utf8')) as Mapping;
    const unit = reviewed.units.find((u) => u.groupCode === first.groupCode);
    assert.equal(unit?.agency, '000.00.01.H38');
    assert.equal(unit?.found, 'manual');
    assert.equal(reviewed.unmapped.units, mapping.unmapped.units - 1);
    await page.close();
  });
});
