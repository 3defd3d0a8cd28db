/**
 * Readable differences between what a transcript expected and what the bot did, for people
 * who read them in a terminal or a test report.
 */
import type { Reply } from '../core/conversation/inbound.js';

/** The titles a customer can tap on a reply: its buttons or list rows. */
export function choicesOf(reply: Reply): readonly { id: string; title: string }[] {
  if (reply.type === 'buttons') return reply.buttons;
  if (reply.type === 'list') return reply.rows;
  return [];
}

/** One reply on one line: `"text" [Button] [Button]`. */
export function describeReply(reply: Reply): string {
  const buttons = choicesOf(reply).map((c) => `[${c.title}]`);
  return [JSON.stringify(reply.text), ...buttons].join(' ');
}

/**
 * Expected and got, one above the other, and where they first differ with a little context.
 * @example textDifference('Hello there', 'Hello where')
 */
export function textDifference(expected: string, got: string): string {
  const at = firstDifference(expected, got);
  const lines = [`  expected: ${JSON.stringify(expected)}`, `       got: ${JSON.stringify(got)}`];
  if (at === -1) return lines.join('\n');
  const from = Math.max(0, at - 20);
  const excerpt = (s: string) => {
    const part = s.slice(from, at + 30);
    if (part === '') return '(the text ends here)';
    return `${from > 0 ? '…' : ''}${JSON.stringify(part)}${at + 30 < s.length ? '…' : ''}`;
  };
  lines.push(
    `  first difference at character ${at + 1}:`,
    `    expected ${excerpt(expected)}`,
    `         got ${excerpt(got)}`,
  );
  return lines.join('\n');
}

/** Expected and got button titles, naming the missing and the unexpected ones. */
export function buttonsDifference(expected: readonly string[], got: readonly string[]): string {
  const missing = expected.filter((t) => !got.includes(t));
  const extra = got.filter((t) => !expected.includes(t));
  const lines = [
    `  expected buttons: ${formatTitles(expected)}`,
    `       got buttons: ${formatTitles(got)}`,
  ];
  if (missing.length > 0) lines.push(`  missing: ${formatTitles(missing)}`);
  if (extra.length > 0) lines.push(`  not expected: ${formatTitles(extra)}`);
  if (missing.length === 0 && extra.length === 0) lines.push('  (same buttons, different order)');
  return lines.join('\n');
}

function formatTitles(titles: readonly string[]): string {
  return titles.length === 0 ? '(none)' : titles.map((t) => `[${t}]`).join(' ');
}

function firstDifference(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : length;
}
