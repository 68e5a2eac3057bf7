import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORT_FILE, writeBundle } from '../../lib/evidence/bundle';
import { fsSink } from '../../lib/evidence/fs-sink';
import { generateSigningKey, localSigner } from '../../lib/evidence/signing';
import { PERIOD, sampleData } from './sample-data';

/** Debian's Chromium; a clean CI machine without it skips this file's one test and says why. */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`report-browser.test.ts: skipped, ${CHROMIUM} is absent (apt-get install -y chromium to run the browser check)`);

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('the evidence report in a browser', () => {
  it.skipIf(!hasChromium)('renders its headings and charts with no network request when opened from file:// in headless Chromium', async () => {
    const { chromium } = await import('playwright-core');
    const root = await mkdtemp(join(tmpdir(), 'tally-report-'));
    made.push(root);
    const w = await writeBundle(sampleData(), PERIOD, '2026-11-01T01:00:00.000Z', localSigner(generateSigningKey().privateKeyPem), fsSink(root));
    const report = join(root, w.folder, REPORT_FILE);
    const context = await chromium.launchPersistentContext(join(root, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(report).href);
      const headings = await page.locator('h1, h2').allTextContents();
      expect(headings).toEqual(['Tally evidence report', 'Summary', 'Open findings by type', 'Time from approval to verified', 'Share of approvals verified', 'Actions', 'Review completion', 'Files']);
      expect(await page.textContent('#summary + .cards')).toContain('50%');
      expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(6);
      const shot = join(root, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      const png = await stat(shot);
      expect(png.size).toBeGreaterThan(20_000);
      const box = await page.locator('#trend + figure svg').boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(100);
      expect(requests).toEqual([pathToFileURL(report).href]);
    } finally {
      await context.close();
    }
  });
});
