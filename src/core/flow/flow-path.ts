/**
 * Paths inside a flow document, as the editor reads them (`categories[2].label.es`), and the
 * position lookup the loader gives the checks so every problem points at a line and column.
 */
import type { FlowIssue } from '../../errors.js';

/** Keys and list indexes from the document root, e.g. `['categories', 2, 'label', 'es']`. */
export type FlowPath = readonly (string | number)[];

/** A 1-based position in a flow file. */
export interface FlowPosition {
  readonly line: number;
  readonly column: number;
}

/** Finds where a path is in the source; `undefined` when it cannot tell. */
export type LocateInFlow = (path: FlowPath) => FlowPosition | undefined;

/** A problem of a flow found apart from its file, with the place in it `placeIn` turns into a line. */
export type PlacedIssue = Omit<FlowIssue, 'file' | 'line' | 'column'> & {
  readonly where: FlowPath;
};

/** `found` as flow issues of `file`, each at its line and column when `locate` can tell. */
export function placeIn(
  found: readonly PlacedIssue[],
  file: string,
  locate?: LocateInFlow,
): FlowIssue[] {
  return found.map(({ where, ...issue }) => {
    const position = locate?.(where);
    return { file, ...(position && { line: position.line, column: position.column }), ...issue };
  });
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Formats a path the way the editor sees the file: `categories[2].label.es`; odd keys are
 * quoted (`states["opening hours"]`).
 */
export function formatFlowPath(path: FlowPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (!PLAIN_KEY.test(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}
