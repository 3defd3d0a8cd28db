import { mkdir, readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createManualClock, DAY, HOUR } from '../../src/core/clock.js';
import { parseTranscript } from '../../src/simulation/transcript-schema.js';
import { startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import { describeWithBrowser, shows, watchedPage } from './chromium.js';

const SCREENSHOT = 'test-output/simulator.png';

describeWithBrowser('simulator page in Chromium', (launchChromium) => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const log = () => page.getByRole('log', { name: 'Conversation' });
  const consent = () => page.getByRole('complementary', { name: 'Stored consent' });
  const status = () => consent().locator('#consent-status');
  const history = () => page.getByRole('list', { name: 'History' });
  const clockTime = () => page.locator('#clock-now');

  beforeAll(async () => {
    browser = await launchChromium();
    // Simulated time starts at real time, so the page shows how far the tester moved it; the
    // clock says how far ahead it was moved (as the server's adjustable clock does), or the
    // real time the tests take would show ("30 d 23 h ahead" on a busy machine).
    const startedAt = Date.now();
    const clock = createManualClock(startedAt);
    t = await startTestServer({
      env: { SIMULATOR: 'on' },
      clock: Object.assign(clock, { offset: () => clock.now() - startedAt }),
    });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 960 },
      locale: 'en-GB',
      timezoneId: 'UTC',
      acceptDownloads: true,
    });
    page = await watchedPage(context, problems);
    await page.goto(`${t.url}/simulator`);
    // Ready once the start-up requests and the diagram are done (slow on a busy machine).
    await page.locator('#diagram svg').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('answers "hello" with the menu and the opt-in question with three buttons', async () => {
    await page.getByRole('textbox', { name: 'Message' }).fill('hello');
    await page.getByRole('button', { name: 'Send' }).click();

    await shows(log().locator('[data-role=customer]'), 'hello');
    const menu = await shows(log().locator('[data-role=bot]'), 'How can we help you today?');
    expect(await menu.getByRole('button').allTextContents()).toEqual([
      'Track an order',
      'Hours & returns',
      'Talk to a person',
    ]);
    const question = await shows(
      log().locator('[data-role=bot]'),
      'Would you like to get WhatsApp messages from Brightwood Home?',
    );
    expect(await question.getByRole('button').allTextContents()).toEqual([
      'Yes, all of them',
      'Let me choose',
      'No, thanks',
    ]);
    expect(await status().textContent()).toBe('unknown');
    await shows(consent().locator('#window-state'), /^open until/);
  });

  it('records the opt-in when the yes button is clicked', async () => {
    await log().getByRole('button', { name: 'Yes, all of them' }).click();

    await shows(log().locator('[data-role=bot]'), 'Thank you! You will get order updates');
    await shows(status(), /^opted_in$/);
    const granted = await shows(history().getByRole('listitem'), 'consent.granted');
    expect(await granted.textContent()).toMatch(/whatsapp.*replied "Yes, all of them"/);
    expect(await consent().locator('#consent-categories').textContent()).toMatch(
      /order updates \(orders\)yes.*special offers \(offers\)yes/,
    );
  });

  it('obeys STOP typed in the text box', async () => {
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('STOP');
    await box.press('Enter');

    await shows(log().locator('[data-role=bot]'), "Done: you won't get any more WhatsApp messages");
    await shows(status(), /^opted_out$/);
    await shows(history().getByRole('listitem'), 'consent.revoked');
    // The question shown, the yes, the STOP.
    expect(await history().getByRole('listitem').count()).toBe(3);
  });

  it('moves the clock by +24h and +30d, and the window closes', async () => {
    const start = t.clock.now();
    expect(await clockTime().getAttribute('datetime')).toBe(new Date(start).toISOString());

    await page.getByRole('button', { name: '+24h' }).click();
    await page
      .locator(`#clock-now[datetime="${new Date(start + 24 * HOUR).toISOString()}"]`)
      .waitFor();
    // The customer's last message was at `start`: 24 hours later the window has closed.
    await shows(consent().locator('#window-state'), /^closed since/);
    await shows(log().locator('.notice'), 'Clock moved +24h');

    await page.getByRole('button', { name: '+30d' }).click();
    const later = new Date(start + 24 * HOUR + 30 * DAY).toISOString();
    await page.locator(`#clock-now[datetime="${later}"]`).waitFor();
    await shows(page.locator('#clock-offset'), '31 d ahead of real time');
    await shows(consent().locator('#window-state'), /^closed since.*\(30 d ago\)/);
  });

  it('draws the flow as two diagrams on tabs, readable fitted and at actual size', async () => {
    const service = page.getByRole('img', {
      name: 'State diagram of the flow "default": Service conversation',
    });
    await service.waitFor();
    // The accessible image is mermaid's <svg>, with the flow's states drawn in it.
    expect(await page.locator('#diagram > svg[role="img"]').count()).toBe(1);
    await shows(page.locator('#diagram svg'), 'track_order');

    await page.getByRole('tab', { name: 'Consent' }).click();
    const consentDiagram = page.getByRole('img', {
      name: 'State diagram of the flow "default": Consent',
    });
    // Each tab draws its diagram anew: slow on a busy machine.
    await consentDiagram.waitFor({ timeout: 60_000 });
    await shows(page.locator('#diagram svg'), 'Opted out');
    expect(await page.getByRole('tab', { name: 'Consent' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    const panel = await page.locator('#diagram').boundingBox();
    const fitted = await consentDiagram.boundingBox();
    // Fitted: within the panel, and laid out left to right (wider than tall).
    expect(fitted!.width).toBeLessThanOrEqual(panel!.width + 1);
    expect(fitted!.width).toBeGreaterThan(fitted!.height);

    await page.getByRole('button', { name: 'Actual size' }).click();
    const actual = await consentDiagram.boundingBox();
    const natural = Number((await consentDiagram.getAttribute('viewBox'))?.split(' ')[2]);
    // At actual size it is drawn (not blank) at its natural width, and the panel scrolls.
    expect(Math.round(actual!.width)).toBe(Math.ceil(natural));
    expect(actual!.height).toBeGreaterThan(fitted!.height);
    await page.getByRole('button', { name: 'Actual size' }).click();
    await page.getByRole('tab', { name: 'Service conversation' }).click();
    await service.waitFor({ timeout: 60_000 });
  }, 90_000);

  it('exports the session as a transcript the transcript runner can read', async () => {
    await page.getByRole('textbox', { name: 'Name' }).fill('Opt in, STOP, a month later');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export transcript' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('opt-in-stop-a-month-later.yaml');
    const yaml = await readFile(await download.path(), 'utf8');
    const { transcript, issues } = parseTranscript(yaml, download.suggestedFilename());
    expect(issues).toEqual([]);
    expect(transcript?.phone).toBe('+14155550123');
    expect(transcript?.steps).toEqual([
      { customer: 'hello' },
      {
        bot: {
          text: expect.stringMatching(/^How can we help you today\?/) as unknown,
          buttons: ['Track an order', 'Hours & returns', 'Talk to a person'],
        },
      },
      {
        bot: {
          text: expect.stringMatching(/^Hi! Would you like to get WhatsApp messages/) as unknown,
          buttons: ['Yes, all of them', 'Let me choose', 'No, thanks'],
        },
      },
      { tap: 'Yes, all of them' },
      { bot: expect.stringMatching(/^Thank you! You will get/) as unknown },
      { customer: 'STOP' },
      { bot: expect.stringMatching(/^Done: you won't get any more/) as unknown },
      { clock: '+24h' },
      { clock: '+30d' },
      {
        consent: {
          status: 'opted_out',
          categories: { orders: false, account: false, offers: false },
        },
      },
    ]);
  });

  it('shows no script errors, and saves a screenshot', async () => {
    await mkdir('test-output', { recursive: true });
    await log().getByRole('button', { name: 'Yes, all of them' }).focus();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: SCREENSHOT });
    expect(problems).toEqual([]);
  });
});
