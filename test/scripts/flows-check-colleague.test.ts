import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_CONSENT } from '../../src/core/consent/state.js';
import { loadFlowFiles } from '../../src/flows/index.js';
import { prepareFlow } from '../../src/service/flow-catalog.js';
import { flowsCheck } from '../support/flows-check.js';

/**
 * Issue 12, "a checker that reads like a colleague": each case a business editor met, with the
 * exact line `npm run flows:check` prints for it.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULT_SOURCE = await readFile(join(ROOT, 'flows/default.yaml'), 'utf8');
/**
 * The end of the shipped flow's Spanish no list as the file writes it (its last word, a word a
 * line, and the closing bracket), and VALE (a yes word) added to it.
 */
const ES_NO = (() => {
  const lines = DEFAULT_SOURCE.split('\n');
  const end = lines.indexOf('      ]', lines.indexOf('    no:', lines.indexOf('  es:')));
  return `${lines[end - 1]}\n      ]\n`;
})();
const ES_NO_WITH_VALE = ES_NO.replace(/\n {6}\]\n$/, '\n        VALE,\n      ]\n');

/** The default flow with `from` replaced by `to` (which must be there once). */
function edited(from: string, to: string, source = DEFAULT_SOURCE): string {
  if (!source.includes(from)) throw new Error(`not in the default flow: ${from}`);
  return source.replace(from, to);
}

/** The 1-based line of the first line of `source` equal to `text`. */
function lineOf(source: string, text: string): number {
  const index = source.split('\n').indexOf(text);
  if (index === -1) throw new Error(`no such line: ${text}`);
  return index + 1;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flows-colleague-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function flowFile(name: string, source: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, source);
  return file;
}

describe('flows:check reads like a colleague', () => {
  it('says to quote a text containing ": ", once, instead of a YAML parser message', async () => {
    const source = edited(
      '    stopCancelled: All right, nothing changes.',
      '    stopCancelled: Note: nothing changes.',
    );
    const file = await flowFile('colon.yaml', source);
    const line = lineOf(source, '    stopCancelled: Note: nothing changes.');

    const run = await flowsCheck([file]);

    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((l) => l.startsWith(file))).toEqual([
      `${file}:${line}:5  YAML syntax: the text of "stopCancelled" contains ": ", which YAML reads as the start of another field  (put the text in quotes: stopCancelled: 'Note: nothing changes.')`,
    ]);
    expect(run.stderr).not.toContain('Nested mappings');
  });

  it('reports one tab once, at its own line, with the fix', async () => {
    const source = edited('  declineCooldownDays: 30', '\tdeclineCooldownDays: 30');
    const file = await flowFile('tab.yaml', source);
    const line = lineOf(
      source,
      '\tdeclineCooldownDays: 30 # after a "no", wait this many days before asking again',
    );

    const run = await flowsCheck([file]);

    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((l) => l.startsWith(file))).toEqual([
      `${file}:${line}:1  YAML syntax: line ${line} ("declineCooldownDays") is indented with a tab; YAML indents with spaces only  (replace the tab at the start of the line by spaces, lined up with the field it belongs under)`,
    ]);
    expect(run.stderr).toContain('1 problem in 1 file; 0 flows ok.');
  });

  it('says to quote a text cut at a comma inside { }, instead of "unknown field"', async () => {
    const source = (
      await readFile(join(ROOT, 'test/fixtures/flows/maison-fr.yaml'), 'utf8')
    ).replace("buttons: { yes: 'Oui, tous',", 'buttons: { yes: Oui, tous,');
    const file = await flowFile('comma.yaml', source);
    const line = lineOf(
      source,
      "    buttons: { yes: Oui, tous, choose: Je choisis, no: 'Non, merci' }",
    );

    const run = await flowsCheck([file]);

    expect(run.stderr).toContain(
      `${file}:${line}:26  texts.fr.buttons.tous: unknown field "tous"  (inside { } a comma starts another field: put the text in quotes, yes: 'Oui, tous')`,
    );
  });

  it('lists problems by file, then by line', async () => {
    // A misspelt field low in the file, found by the schema, and a keyword collision above it,
    // found by the compliance check afterwards; and a second file given before the first.
    let source = edited('    categoryQuestion: ¿Quieres', '    categoryQuestoin: ¿Quieres');
    source = edited(ES_NO, ES_NO_WITH_VALE, source);
    const second = await flowFile('b-second.yaml', source);
    const other = edited('  maxAsksPerWindow: 2', '  maxAsksPerWindow: -1');
    const first = await flowFile('a-first.yaml', other);

    const run = await flowsCheck([second, first]);

    const places = run.stderr
      .split('\n')
      .filter((l) => /:\d+:\d+ {2}/.test(l))
      .map((l) => l.split('  ')[0]!.slice(dir.length + 1));
    const texts = source.split('\n').indexOf('texts:');
    const textsEs = source.split('\n').indexOf('  es:', texts) + 1;
    expect(places).toEqual([
      // VALE, on the line after the list's last word.
      `b-second.yaml:${lineOf(source, ES_NO.split('\n')[0]!) + 1}:9`,
      `b-second.yaml:${textsEs}:3`, // texts.es.categoryQuestion is missing
      `b-second.yaml:${lineOf(source, '    categoryQuestoin: ¿Quieres recibir {category} por WhatsApp?')}:5`,
      `a-first.yaml:${lineOf(other, '  maxAsksPerWindow: -1 # at most this many asks in one 24-hour conversation window')}:3`,
    ]);
  });

  it('reports a word written twice at its later place in the file, whatever list comes first', async () => {
    // optOut is checked before yes, but here it is written after it: the one just added.
    const source = edited(ES_NO, `${ES_NO}    optOut: [VALE]\n`);
    const file = await flowFile('twice.yaml', source);
    const line = lineOf(source, '    optOut: [VALE]');

    const run = await flowsCheck([file]);

    expect(run.stderr.split('\n').filter((l) => l.startsWith(file))).toEqual([
      `${file}:${line}:14  keywords.es.optOut[0]: "VALE" is an opt-out word (es) and also a "yes" word (es)  (a word can do only one thing in a language; remove it from one of the two lists (a built-in word cannot be removed))`,
    ]);
  });

  it('warns about a flow that no phone number uses and that is not the default flow', async () => {
    const folder = join(dir, 'folder');
    await mkdir(folder);
    await copyFile(join(ROOT, 'flows/default.yaml'), join(folder, 'default.yaml'));
    const spring = join(folder, 'spring.yaml');
    await writeFile(spring, edited('id: default', 'id: spring'));
    const line = lineOf(await readFile(spring, 'utf8'), 'id: spring');

    const run = await flowsCheck([], { FLOWS_DIR: folder });

    expect(run.code).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([
      `${spring}:${line}:1  warning: id: flow "spring" is not the default flow ("default") and no phone number uses it, so no customer will ever reach it  (list the WhatsApp phone-number ids that should use it under phoneNumberIds, or make it the default flow with FLOW=spring)`,
    ]);
    expect(run.stdout).toContain(`${spring}  ok  spring v3`);
    expect(run.stdout).toContain('2 flows checked, no problems; 1 warning above.');

    const asDefault = await flowsCheck([], { FLOWS_DIR: folder, FLOW: 'spring' });
    expect(asDefault.stderr).toContain(`${join(folder, 'default.yaml')}:`);
    expect(asDefault.stderr).toContain('flow "default" is not the default flow ("spring")');
  });

  it('lists categories the way each language does (Intl.ListFormat): "et" in French', async () => {
    const { flows, issues } = await loadFlowFiles(['test/fixtures/flows/maison-fr.yaml']);
    expect(issues).toEqual([]);
    const run = prepareFlow(flows[0]!.definition).run;
    const facts = {
      now: 0,
      messageId: 'm1',
      consent: UNKNOWN_CONSENT,
      windowStartedAt: 0,
      firstMessage: true,
    };

    const { intents } = run(undefined, {}, { type: 'message', text: 'bonjour', facts });

    const question = intents.find((i) => i.type === 'reply' && i.from === 'consent');
    expect(question?.type === 'reply' && question.reply.text).toBe(
      'Bonjour ! Voulez-vous recevoir des messages WhatsApp de Maison Claire ? Nous vous enverrions des suivis de commande, codes de connexion et offres spéciales. Vous choisissez lesquels, et vous pouvez répondre STOP à tout moment pour les arrêter.',
    );
  });
});
