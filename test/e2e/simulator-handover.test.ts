import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.js';
import { flowFolder } from '../support/flow-variants.js';
import type { FlowFolder } from '../support/flow-variants.js';
import { loadTestFlows, startTestServer } from '../support/test-server.js';
import type { TestServer } from '../support/test-server.js';
import { describeWithBrowser, shows, watchedPage } from './chromium.js';

/**
 * The simulator page as a tester uses it for issue 10: the hand-over panel (answer as the agent,
 * give the conversation back), the flow menu driving the chat, the conversation kept on a page
 * reload, and the customer's language chosen without a hint.
 */
describeWithBrowser('simulator page: hand-over, flow menu and reload, in Chromium', (launch) => {
  let t: TestServer;
  let folder: FlowFolder;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const log = () => page.getByRole('log', { name: 'Conversation' });
  const bot = () => log().locator('[data-role=bot]');
  const panel = () => page.locator('#handover-panel');
  const say = async (text: string) => {
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(text);
    await box.press('Enter');
  };
  const openCustomer = async (phone: string) => {
    await page.getByRole('textbox', { name: 'Phone number (E.164)' }).fill(phone);
    await page.getByRole('button', { name: 'Open' }).click();
    await shows(page.locator('#chat-subtitle'), `chatting as ${phone}`);
  };

  beforeAll(async () => {
    browser = await launch();
    folder = await flowFolder((doc) => {
      doc.set('id', 'spring-sale');
      doc.setIn(['business', 'name'], 'Brightwood Outlet');
    });
    const { flows, issues } = await folder.load();
    if (issues.length > 0) throw new Error(JSON.stringify(issues));
    t = await startTestServer({
      env: { SIMULATOR: 'on' },
      clock: createManualClock(Date.now()),
      flows: [...(await loadTestFlows()), ...flows],
    });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 960 },
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    page = await watchedPage(context, problems);
    await page.goto(`${t.url}/simulator`);
    // Ready once the start-up requests and the diagram are done (slow on a busy machine).
    await page.locator('#diagram svg').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await folder?.remove();
  });

  it('hands over to a person: the bot keeps quiet, the tester answers as the agent and gives it back', async () => {
    await openCustomer('+14155550171');
    await say('hi');
    await shows(bot(), 'How can we help you today?');
    await log().getByRole('button', { name: 'Talk to a person' }).first().click();
    await shows(bot(), 'We are passing you to someone from our team');
    await shows(panel().locator('#handover-state'), /^handed over to a person since/);

    await say('My sofa arrived with a broken leg');
    await shows(panel().locator('#handover-messages'), 'My sofa arrived with a broken leg');
    // The bot answered nothing: its last message is still the hand-over's.
    expect(await bot().last().textContent()).toMatch(/We are passing you to someone/);

    await page
      .getByRole('textbox', { name: 'Answer as the agent' })
      .fill('Hi, I am Ana. So sorry!');
    await page.getByRole('button', { name: 'Reply as agent' }).click();
    await shows(log().locator('[data-role=agent]'), 'Hi, I am Ana. So sorry!');
    await shows(panel().locator('#handover-state'), 'answered');
    await mkdir('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/simulator-handover.png' });

    await page.getByRole('checkbox', { name: 'Greet the customer back at once' }).check();
    await page.getByRole('button', { name: 'Give back to the bot' }).click();
    await shows(bot(), "Our team has finished helping you. I'm back if you need anything else.");
    await shows(panel().locator('#handover-state'), 'The bot is answering.');
    expect(await bot().last().getByRole('button').allTextContents()).toEqual([
      'Track an order',
      'Hours & returns',
      'Talk to a person',
    ]);
  });

  it('keeps the conversation on a page reload', async () => {
    const before = await log().locator('[data-role]').count();
    await page.reload();
    await page.locator('#diagram svg').waitFor({ timeout: 60_000 });
    await shows(page.locator('#chat-subtitle'), 'chatting as +14155550171');
    await shows(log().locator('[data-role=agent]'), 'Hi, I am Ana. So sorry!');
    expect(await log().locator('[data-role]').count()).toBe(before);
  }, 90_000);

  it('answers a Spanish customer in Spanish without a language hint', async () => {
    await openCustomer('+34600000171');
    expect(await page.getByRole('combobox', { name: /Language hint/ }).inputValue()).toBe('');
    await say('hola');
    await shows(bot(), '¿Cómo podemos ayudarte hoy?');
  });

  it('chats with the flow chosen in the flow menu', async () => {
    await openCustomer('+14155550172');
    await page.locator('#diagram-flow').selectOption('spring-sale');
    await shows(page.locator('#flow-name'), 'flow spring-sale');
    // The chosen flow's diagram is drawn first (slow on a busy machine), the message after it.
    await page
      .getByRole('img', { name: /flow "spring-sale"/ })
      .first()
      .waitFor({ timeout: 60_000 });
    await say('hello');
    await shows(bot(), 'Would you like to get WhatsApp messages from Brightwood Outlet?');
    const contact = await t.deps.store.findContact({ phone: '+14155550172' });
    expect(contact?.flowId).toBe('spring-sale');
  }, 90_000);

  it('shows no script errors', () => {
    expect(problems).toEqual([]);
  });
});
