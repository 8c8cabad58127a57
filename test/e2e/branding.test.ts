import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { tinyPng } from '../support/multipart.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { checkScreen, launchChromium, listening, newPage, skipOrFail } from './browser.js';

const skip = skipOrFail();

describe('branding in the browser', { skip }, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    server = await startTestServer({
      settings: {
        brand: {
          name: 'Một cửa Bộ Tư pháp',
          title: 'Hệ thống giải quyết thủ tục hành chính của Bộ Tư pháp',
          banner: 'Hệ thống đang chạy thử nghiệm',
          color: '#0b3d91',
          logo: { bytes: tinyPng, type: 'image/png' },
        },
      },
    });
    base = await listening(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the installation’s name, title, logo and banner on every screen', async () => {
    const page = await newPage(browser);
    await page.goto(`${base}/tra-cuu`);
    await page.getByRole('link', { name: 'Một cửa Bộ Tư pháp' }).waitFor();
    await page.getByText('Hệ thống đang chạy thử nghiệm').waitFor();
    await page.waitForFunction(() => document.title.startsWith('Một cửa Bộ Tư pháp'));
    await checkScreen(page, 'thuong-hieu');
    await page.close();
  });
});
