/**
 * YAML syntax errors as a colleague would point them out: one problem per mistake, at the line
 * where it was made, with the fix. The parser reports every consequence of a mistake (one tab
 * gives an error on every line below it at the same level); the editor needs the cause.
 */
import type { YAMLError } from 'yaml';
import type { FlowIssue } from '../../errors.js';
import { yamlErrorText } from '../yaml-error.js';

const SYNTAX_HINTS: Readonly<Record<string, string>> = {
  BAD_INDENT: 'line the field up with the ones above it, using spaces',
  DUPLICATE_KEY: 'this field is written twice at the same place; keep one',
  MISSING_CHAR: 'a closing quote or bracket is missing',
  MULTILINE_IMPLICIT_KEY: 'a field name must be on one line and end with ":"',
  BLOCK_AS_IMPLICIT_KEY: 'a field name must be on one line and end with ":"',
};

/**
 * `key: value` where the value is plain text (no quotes, no `>-` or `|`, no list or group) that
 * contains ": " — which YAML reads as a second field on the line.
 */
const COLON_IN_TEXT = /^(\s*(?:-\s+)?)([^\s'"#{[][^:#]*?):[ \t]+([^\s'"|>{[&*!#%@`].*?:\s.*)$/;

/**
 * The mistakes behind a file's YAML errors, each once:
 * - a line indented with a tab (YAML reads only spaces): one problem per such line, and
 *   nothing else, since every other error follows from them;
 * - a text with ": " in it, not in quotes: one problem per such line, with the quoted line;
 * - otherwise the first error the parser met, the others being its consequences, most often.
 * @example diagnoseYaml(source, doc.errors, 'flows/default.yaml')
 */
export function diagnoseYaml(
  source: string,
  errors: readonly YAMLError[],
  file: string,
): FlowIssue[] {
  const lines = source.split(/\r?\n/);
  const ordered = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const at = (error: YAMLError) => error.linePos?.[0];

  const tabLines = unique(
    ordered.filter((e) => e.code === 'TAB_AS_INDENT').map((e) => at(e)?.line),
  );
  if (tabLines.length > 0) return tabLines.map((line) => tabIssue(file, line, lines[line - 1]));

  const colonIssues = unique(ordered.map((e) => at(e)?.line)).flatMap((line) => {
    const issue = colonIssue(file, line, lines[line - 1] ?? '');
    return issue ? [issue] : [];
  });
  if (colonIssues.length > 0) return colonIssues;

  const first = ordered[0];
  if (!first) return [];
  const start = at(first);
  return [
    {
      file,
      ...(start && { line: start.line, column: start.col }),
      path: '',
      message: `YAML syntax: ${yamlErrorText(first)}`,
      hint:
        SYNTAX_HINTS[first.code] ??
        'check the indentation, the ":" after each field name and the quotes around texts',
    },
  ];
}

function tabIssue(file: string, line: number, text: string | undefined): FlowIssue {
  const field = /^\s*(?:-\s+)?([^\s:#][^:#]*?):/.exec(text ?? '')?.[1];
  return {
    file,
    line,
    column: 1,
    path: '',
    message: `YAML syntax: line ${line}${field ? ` ("${field}")` : ''} is indented with a tab; YAML indents with spaces only`,
    hint: 'replace the tab at the start of the line by spaces, lined up with the field it belongs under',
  };
}

function colonIssue(file: string, line: number, text: string): FlowIssue | undefined {
  const match = COLON_IN_TEXT.exec(text);
  if (!match) return undefined;
  const [, lead = '', key = '', value = ''] = match;
  const quoted = value.includes("'") ? JSON.stringify(value) : `'${value}'`;
  return {
    file,
    line,
    column: lead.length + 1,
    path: '',
    message: `YAML syntax: the text of "${key}" contains ": ", which YAML reads as the start of another field`,
    hint: `put the text in quotes: ${key}: ${quoted}`,
  };
}

function unique(values: readonly (number | undefined)[]): number[] {
  return [...new Set(values.filter((v): v is number => v !== undefined))].sort((a, b) => a - b);
}
