import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
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
    ],
  });
}
