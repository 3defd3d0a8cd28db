import { describe, expect, it } from 'vitest';
import { parseFlowSource } from '../../../src/core/flow/parse-flow.js';
import { formatFlowIssue } from '../../../src/errors.js';
import { DEFAULT_FLOW_SOURCE } from './default-flow.js';

const FILE = 'flows/shop.yaml';

/** The 1-based line of the `n`-th line of `source` that equals `text` (trailing spaces ignored). */
function lineOf(source: string, text: string, n = 1): number {
  const lines = source.split('\n');
  let seen = 0;
  const index = lines.findIndex((line) => line.trimEnd() === text && ++seen === n);
  if (index < 0) throw new Error(`line not found: ${text}`);
  return index + 1;
}

function replaceOnce(source: string, from: string, to: string): string {
  if (!source.includes(from)) throw new Error(`not in source: ${from}`);
  return source.replace(from, to);
}

/** The shipped flow's lines, and where it writes its Spanish yes and no lists (a word a line). */
const LINES = DEFAULT_FLOW_SOURCE.split('\n');
const ES_AT = LINES.indexOf('  es:');
const ES_NO_AT = LINES.indexOf('    no:', ES_AT);
const ES_NO_END = LINES.indexOf('      ]', ES_NO_AT);
/** The Spanish yes list as the shipped flow writes it. */
const ES_YES = LINES.slice(ES_AT + 1, ES_NO_AT).join('\n');
/** The last word of the Spanish no list (its line), and STOP added on a line after it. */
const ES_NO = `${LINES[ES_NO_END - 1]}\n`;
const ES_NO_WITH_STOP = `${ES_NO}        STOP,\n`;
/** Where STOP lands: its index in the list (the words between "[" and "]"), and its column. */
const STOP_INDEX = ES_NO_END - ES_NO_AT - 2;
const STOP_COLUMN = 9;

describe('parseFlowSource', () => {
  it('returns the shipped default flow with no issues', () => {
    const { flow, issues } = parseFlowSource(DEFAULT_FLOW_SOURCE, 'flows/default.yaml');
    expect(issues).toEqual([]);
    expect(flow?.id).toBe('default');
  });

  it('reports a YAML syntax error with its line and column, and no flow', () => {
    const source = 'id: shop\nversion: 1\ncategories: [orders\nbusiness:\n  name: Shop\n';
    const { flow, issues } = parseFlowSource(source, FILE);
    expect(flow).toBeUndefined();
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatchObject({ file: FILE, line: 4, column: 1, path: '' });
    expect(issues[0]?.message).toMatch(/^YAML syntax: /);
    expect(issues[0]?.message).not.toContain('\n');
    expect(issues[0]?.hint).toBeTruthy();
  });

  it('reports a tab used for indentation once, at its line, with the fix', () => {
    const { issues } = parseFlowSource('id: shop\nbusiness:\n\tname: Shop\n', FILE);
    expect(issues).toEqual([
      {
        file: FILE,
        line: 3,
        column: 1,
        path: '',
        message:
          'YAML syntax: line 3 ("name") is indented with a tab; YAML indents with spaces only',
        hint: 'replace the tab at the start of the line by spaces, lined up with the field it belongs under',
      },
    ]);
  });

  it('points a misspelt field at its key, with a suggestion', () => {
    const source = replaceOnce(DEFAULT_FLOW_SOURCE, '    question: >-', '    qestion: >-');
    const { flow, issues } = parseFlowSource(source, FILE);
    expect(flow).toBeUndefined();
    const line = lineOf(source, '    qestion: >-');
    expect(issues).toContainEqual({
      file: FILE,
      line,
      column: 5,
      path: 'texts.en.qestion',
      message: 'unknown field "qestion"',
      hint: 'did you mean "question"? Check the spelling',
    });
    // The renamed field is also missing: both are reported at once.
    expect(issues).toContainEqual(
      expect.objectContaining({ path: 'texts.en.question', message: 'is missing' }),
    );
  });

  it('points a missing language label at the label it belongs to', () => {
    const source = replaceOnce(DEFAULT_FLOW_SOURCE, '      es: ofertas especiales\n', '');
    const { flow, issues } = parseFlowSource(source, FILE);
    expect(flow).toBeUndefined();
    expect(issues).toEqual([
      {
        file: FILE,
        line: lineOf(source, '    label:', 3),
        column: 5,
        path: 'categories[2].label.es',
        message: 'is missing ("es" is listed under languages)',
        hint: 'every category label needs a text in each language listed under "languages"',
      },
    ]);
    expect(formatFlowIssue(issues[0]!)).toBe(
      `${FILE}:${lineOf(source, '    label:', 3)}:5  categories[2].label.es: is missing ("es" is listed under languages)  (every category label needs a text in each language listed under "languages")`,
    );
  });

  it('reports every schema problem at once, each at its own place', () => {
    let source = DEFAULT_FLOW_SOURCE.replace(/^version: \d+$/m, 'version: one');
    source = replaceOnce(source, 'whatsappCategory: MARKETING', 'whatsappCategory: PROMOTIONS');
    source = replaceOnce(source, '  declineCooldownDays: 30', '  declineCooldownDays: -3');
    source = replaceOnce(source, `${ES_YES}\n`, '');
    const { flow, issues } = parseFlowSource(source, FILE);
    expect(flow).toBeUndefined();
    expect(issues.map((i) => [i.line, i.column, i.path, i.message])).toEqual([
      [lineOf(source, 'version: one'), 1, 'version', 'must be a whole number'],
      [
        lineOf(source, '    whatsappCategory: PROMOTIONS'),
        5,
        'categories[2].whatsappCategory',
        '"PROMOTIONS" is not one of the allowed values',
      ],
      [
        lineOf(
          source,
          '  declineCooldownDays: -3 # after a "no", wait this many days before asking again',
        ),
        3,
        'consent.declineCooldownDays',
        'cannot be negative',
      ],
      [lineOf(source, '  es:', 1), 3, 'keywords.es.yes', 'is missing'],
    ]);
    expect(issues[1]?.hint).toBe('use one of: MARKETING, UTILITY, AUTHENTICATION');
    expect(issues[3]?.hint).toMatch(/^add "yes:" here/);
  });

  it('reports every compliance problem at once, with positions', () => {
    let source = replaceOnce(
      DEFAULT_FLOW_SOURCE,
      '      yes: Yes, all of them',
      '      yes: Yes, all of them please',
    );
    source = replaceOnce(source, ES_NO, ES_NO_WITH_STOP);
    const { flow, issues } = parseFlowSource(source, FILE);
    expect(flow).toBeUndefined();
    expect(issues.map((i) => [i.line, i.column, i.path])).toEqual([
      [lineOf(source, '        STOP,'), STOP_COLUMN, `keywords.es.no[${STOP_INDEX}]`],
      [lineOf(source, '      yes: Yes, all of them please'), 7, 'texts.en.buttons.yes'],
    ]);
  });

  it('lists a type error and the compliance problems of the same file at once', () => {
    let source = replaceOnce(DEFAULT_FLOW_SOURCE, 'expiryDays: 730', 'expiryDays: lots');
    source = replaceOnce(
      source,
      'yes: Yes, all of them',
      'yes: Yes, all of them please, absolutely',
    );
    source = replaceOnce(source, 'actions: [handOverToAgent]', 'actions: [handOverToAgnt]');
    const { flow, issues, pending } = parseFlowSource(source, FILE);
    expect(flow).toBeUndefined();
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['consent.expiryDays', 'must be a whole number'],
      ['texts.en.buttons.yes', 'is 35 characters; WhatsApp reply buttons allow at most 20'],
      ['service.states.agent.actions[0]', '"handOverToAgnt" is not an action the bot knows'],
    ]);
    // No check reads the consent policy: every check ran.
    expect(pending).toBeUndefined();
  });

  it('runs the checks whose sections are valid and names those that wait for a broken one', () => {
    let source = replaceOnce(DEFAULT_FLOW_SOURCE, 'yes: Yes, all of them', 'yes: 5');
    source = replaceOnce(source, 'actions: [handOverToAgent]', 'actions: [handOverToAgnt]');
    source = replaceOnce(source, ES_NO, ES_NO_WITH_STOP);
    const { issues, pending } = parseFlowSource(source, FILE);
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['texts.en.buttons.yes', 'must be text (put it in quotes if it starts with a symbol)'],
      [
        `keywords.es.no[${STOP_INDEX}]`,
        '"STOP" is a "no" word (es) and also an opt-out word (en, built in)',
      ],
      ['service.states.agent.actions[0]', '"handOverToAgnt" is not an action the bot knows'],
    ]);
    // Nothing is made up about the broken texts (no "missing" language, no question wording).
    expect(pending).toEqual([
      'languages',
      'the opt-in question, the re-ask and the help text',
      "WhatsApp's limits",
      'question experiments and the new-category question',
    ]);
  });

  it('asks for a group of fields when the file is empty', () => {
    const { issues } = parseFlowSource('', FILE);
    expect(issues).toEqual([
      expect.objectContaining({
        file: FILE,
        path: '',
        message: expect.stringMatching(/group of fields/) as string,
      }),
    ]);
  });

  it('asks for quotes around a phone-number id written as a number', () => {
    const source = replaceOnce(
      DEFAULT_FLOW_SOURCE,
      'defaultLanguage: en',
      'phoneNumberIds: [100000000000001]\ndefaultLanguage: en',
    );
    const { issues } = parseFlowSource(source, FILE);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'phoneNumberIds[0]',
        message: 'must be text; put the id in quotes',
        column: 18,
      }),
    ]);
  });
});
