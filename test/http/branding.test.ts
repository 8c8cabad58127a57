import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { startWithDossier } from '../support/dossierFixtures.js';
import { tinyPng } from '../support/multipart.js';
import { readPdf } from '../support/readPdf.js';
import type { Signed } from '../../fixtures/staff.js';
import type { TestServer } from '../support/testServer.js';

/** Branding (issue 23 §9): one ministry's installation names itself on screens and printed forms. */
describe('branding of an installation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-brand-'));
  const clock = new Date('2026-03-02T08:30:00+07:00');
  const env = {
    BRAND_NAME: 'Một cửa Bộ Tư pháp',
    BRAND_TITLE: 'Hệ thống giải quyết thủ tục hành chính của Bộ Tư pháp',
    BRAND_BANNER: 'Hệ thống đang chạy thử nghiệm',
    BRAND_COLOR: '#0b3d91',
    BRAND_LOGO: join(dir, 'logo.png'),
  };
  let s: TestServer;
  let receiver: Signed;
  let code: string;

  before(async () => {
    writeFileSync(env.BRAND_LOGO, tinyPng);
    const brand = loadConfig(env).brand;
    ({ s, receiver, code } = await startWithDossier({ settings: { brand } }, clock));
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the brand from BRAND_*, refusing a logo that is not an image', () => {
    const brand = loadConfig(env).brand;
    assert.equal(brand.name, 'Một cửa Bộ Tư pháp');
    assert.equal(brand.logo?.type, 'image/png');
    assert.equal(loadConfig({}).brand.name, 'Một cửa', 'the product’s own by default');
    writeFileSync(join(dir, 'not-an-image.png'), 'hello');
    assert.throws(() => loadConfig({ ...env, BRAND_LOGO: join(dir, 'not-an-image.png') }), /PNG hoặc JPEG/);
    assert.throws(() => loadConfig({ ...env, BRAND_COLOR: 'red' }));
  });

  it('tells every screen its name, title, banner, colour and logo', async () => {
    const res = await s.app.inject({ url: '/api/v1/branding' });
    assert.deepEqual(res.json(), {
      name: env.BRAND_NAME,
      title: env.BRAND_TITLE,
      banner: env.BRAND_BANNER,
      color: env.BRAND_COLOR,
      logo: true,
    });
    const logo = await s.app.inject({ url: '/api/v1/branding/logo' });
    assert.equal(logo.headers['content-type'], 'image/png');
    assert.deepEqual(logo.rawPayload, tinyPng);
  });

  it('prints its name on Form 01', async () => {
    const res = await receiver.call('GET', `/api/v1/dossiers/${code}/forms/receipt`);
    assert.equal(res.statusCode, 200, res.body);
    const { text } = await readPdf(res.rawPayload);
    assert.ok(text.includes(`${env.BRAND_NAME} — ${env.BRAND_TITLE}`), text);
  });
});
