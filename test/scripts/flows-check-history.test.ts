/**
 * `flows:check` against the flow file's git history: what a business team's edit does to
 * versions and categories that consent records already name.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowsCheck } from '../support/flows-check.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = await readFile(join(ROOT, 'flows/default.yaml'), 'utf8');
const VERSION = Number(/^version: (\d+)$/m.exec(SOURCE)?.[1]);
const VERSION_LINE = SOURCE.split('\n').indexOf(`version: ${VERSION}`) + 1;

const withVersion = (source: string, version: number) =>
  source.replace(`version: ${VERSION}\n`, `version: ${version}\n`);
/** The shipped flow with the opt-in question reworded: other consent texts. */
const reworded = (source: string) => {
  const edited = source.replace('You choose which ones', 'You pick which ones');
  expect(edited).not.toBe(source);
  return edited;
};

let repo: string;
let flow: string;
const git = (...args: string[]) =>
  promisify(execFile)('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: repo,
  });
/** Commits `source` as the flow file. */
const commit = async (source: string, message: string) => {
  await writeFile(flow, source);
  await git('add', 'default.yaml');
  await git('commit', '-q', '-m', message);
};

beforeAll(async () => {
  // The flow's history as a business team makes it: deployed, reworded at a new version.
  repo = await mkdtemp(join(tmpdir(), 'flows-history-'));
  flow = join(repo, 'default.yaml');
  await git('init', '-q');
  await commit(SOURCE, 'the flow as first deployed');
  await commit(withVersion(reworded(SOURCE), VERSION + 1), 'the question reworded');
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('npm run flows:check, against the committed versions', () => {
  it('refuses a version lowered to one committed with other consent texts', async () => {
    // The reworded question, its version put back: two texts under one version.
    await writeFile(flow, reworded(SOURCE));
    const run = await flowsCheck([flow]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^${escape(flow)}:${VERSION_LINE}:1  version: version ${VERSION} is lower than the last commit's ${VERSION + 1}, and its consent texts differ from those version ${VERSION} was committed with \\([0-9a-f]{7}, \\d{4}-\\d\\d-\\d\\d\\)  \\(raise version to ${VERSION + 2}: `,
      ),
    );
  });

  it('accepts a return to a committed version with exactly its texts', async () => {
    // Rolling back the rewording: the texts version 3 was committed with, under version 3.
    await writeFile(flow, SOURCE);
    const run = await flowsCheck([flow]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('refuses a version lower than the last commit that was never committed', async () => {
    await writeFile(flow, withVersion(reworded(SOURCE), VERSION - 1));
    const run = await flowsCheck([flow]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${flow}:${VERSION_LINE}:1  version: version ${VERSION - 1} is lower than the last commit's ${VERSION + 1}, and a version goes back only to one committed before, with its texts  (raise version to ${VERSION + 2}:`,
    );
  });

  it('refuses a category that names another kind of message under its id', async () => {
    const edited = withVersion(
      reworded(SOURCE).replace('whatsappCategory: UTILITY', 'whatsappCategory: MARKETING'),
      VERSION + 2,
    );
    await writeFile(flow, edited);
    const line = edited.split('\n').indexOf('    whatsappCategory: MARKETING') + 1;
    const run = await flowsCheck([flow]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${flow}:${line}:5  categories[0].whatsappCategory: category "orders" is MARKETING, but UTILITY in the last commit  (customers said yes to "orders" as UTILITY messages, and their yes is stored under its id: put UTILITY back, and add a category with a new id for the other messages (customers are asked for it))`,
    );
  });

  it('warns of a category gone, and passes', async () => {
    const start = SOURCE.indexOf('  - id: account');
    const end = SOURCE.indexOf('  - id: offers');
    const edited = withVersion(reworded(SOURCE.slice(0, start) + SOURCE.slice(end)), VERSION + 2);
    await writeFile(flow, edited);
    const run = await flowsCheck([flow]);
    expect(run.code).toBe(0);
    const categoriesLine = edited.split('\n').indexOf('categories:') + 1;
    expect(run.stderr.trim().split('\n')).toEqual([
      `${flow}:${categoriesLine}:1  warning: categories: category "account" (login codes) of the last commit is gone  (the consent customers gave to it stays recorded under "account" and lets no message out now; if you renamed the id, put "account" back: a new id starts every customer at no consent)`,
    ]);
    expect(run.stdout).toContain(`ok  default v${VERSION + 2}: 2 categories`);
  });

  it('refuses a template moved to another category', async () => {
    const edited = withVersion(
      reworded(SOURCE)
        .replace(
          'templates: [weekly_offers, back_in_stock]',
          'templates: [weekly_offers, back_in_stock, login_code]',
        )
        .replace('templates: [login_code]', 'templates: []'),
      VERSION + 2,
    );
    await writeFile(flow, edited);
    const run = await flowsCheck([flow]);
    expect(run.code).toBe(1);
    const templates = '    templates: [weekly_offers, back_in_stock, login_code]';
    const line = edited.split('\n').indexOf(templates) + 1;
    const column = templates.indexOf('login_code') + 1;
    expect(run.stderr).toContain(
      `${flow}:${line}:${column}  categories[2].templates[2]: template "login_code" is under category "offers", but under "account" in the last commit  (it would go to customers who said yes to special offers and not to login codes, or who stopped login codes: keep it under "account", and for a message that is special offers use a template of its own name)`,
    );
  });

  it('refuses a category id renamed', async () => {
    const edited = withVersion(
      reworded(SOURCE).replace('  - id: orders', '  - id: order-updates'),
      VERSION + 2,
    );
    await writeFile(flow, edited);
    const run = await flowsCheck([flow]);
    expect(run.code).toBe(1);
    const line = edited.split('\n').indexOf('  - id: order-updates') + 1;
    expect(run.stderr).toContain(
      `${flow}:${line}:5  categories[0].id: category "order-updates" looks like "orders" of the last commit renamed (the same label)  (consent is stored under "orders": with a new id every customer starts again at no consent, and one who said no is asked again; put "orders" back (a new id is for a new kind of message))`,
    );
    // Once: no word of the templates that went with it.
    expect(run.stderr).not.toContain('template "order_confirmation"');
  });

  it('refuses a kind that an earlier commit gave the id, after the category was removed and added back', async () => {
    // A tester's (session 48): "orders" removed and committed, then added back as MARKETING.
    const start = SOURCE.indexOf('  - id: orders');
    const end = SOURCE.indexOf('  - id: account');
    const without = withVersion(reworded(SOURCE.slice(0, start) + SOURCE.slice(end)), VERSION + 2);
    await commit(without, 'order updates removed');
    const back = withVersion(
      SOURCE.replace('whatsappCategory: UTILITY', 'whatsappCategory: MARKETING'),
      VERSION + 3,
    );
    await writeFile(flow, back);
    const run = await flowsCheck([flow]);
    expect(run.code).toBe(1);
    const line = back.split('\n').indexOf('    whatsappCategory: MARKETING') + 1;
    expect(run.stderr).toMatch(
      new RegExp(
        `${escape(flow)}:${line}:5  categories\\[0\\]\\.whatsappCategory: category "orders" is MARKETING, but UTILITY in version ${VERSION + 1} as committed \\([0-9a-f]{7}, \\d{4}-\\d\\d-\\d\\d\\)`,
      ),
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
