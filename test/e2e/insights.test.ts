import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedLedger } from '../support/seeded-ledger.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import { describeWithBrowser, watchedPage } from './chromium.js';

const SCREENSHOT = 'test-output/insights.png';
const WEEK = 'from=2026-03-01&to=2026-03-08';
const CRM_KEY = 'crm-key-0123456789abcdef';

describeWithBrowser('insights page in Chromium', (launchChromium) => {
  let browser: Browser;
  const problems: string[] = [];

  async function open(server: TestServer): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1000, height: 1000 },
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    // A refused key (401) is expected in the key-prompt test, and shown on the page.
    const page = await watchedPage(context, problems, (error) => error.includes('401'));
    await page.goto(`${server.url}/insights?${WEEK}`);
    return page;
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws the funnel per version and variant, the rates with their intervals, and the comparison', async () => {
    const server = await startTestServer({ env: { SIMULATOR: 'on' } });
    try {
      await seedLedger(server.deps.store);
      const page = await open(server);

      const funnel = page.getByRole('img', {
        name: 'The opt-in question: customers asked, by what they answered last',
      });
      await funnel.waitFor();
      expect(await funnel.locator('text.label').allTextContents()).toEqual([
        'v2 · standard',
        'v3 · short',
        'v3 · standard',
      ]);
      expect(await funnel.locator('text.value').allTextContents()).toEqual([
        '1 asked',
        '4 asked',
        '9 asked',
      ]);
      const rates = page.getByRole('img', {
        name: 'The opt-in question: opt-in rate, with its 95 % interval',
      });
      expect(await rates.locator('text.value').allTextContents()).toEqual([
        '0.0 %',
        '25.0 %',
        '44.4 %',
      ]);
      expect(await page.getByRole('list', { name: 'Variants compared' }).textContent()).toBe(
        'v3 · short vs v3 · standard: -19.4 points, not significant',
      );
      const newCategories = page.getByRole('img', {
        name: 'New categories: customers asked, by what they answered last',
      });
      expect(await newCategories.locator('text.label').allTextContents()).toEqual(['v4']);

      await mkdir('test-output', { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('asks for an API key when the simulator is off, and draws the charts with a crm key', async () => {
    const server = await startTestServer({
      env: { SIMULATOR: 'off', API_KEYS: `crm:${CRM_KEY}` },
    });
    try {
      await seedLedger(server.deps.store);
      const page = await open(server);

      const key = page.getByRole('form', { name: 'API key' });
      await key.waitFor();
      await key.getByLabel('Key').fill(CRM_KEY);
      await key.getByRole('button', { name: 'Use this key' }).click();

      await page
        .getByRole('img', { name: 'The opt-in question: opt-in rate, with its 95 % interval' })
        .waitFor();
      expect(await key.isHidden()).toBe(true);
      expect(await page.getByRole('alert').isHidden()).toBe(true);
    } finally {
      await server.close();
    }
  });
});
