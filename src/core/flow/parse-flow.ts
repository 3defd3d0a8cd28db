/**
 * Reads a flow file's text into a checked {@link FlowDefinition}: YAML syntax, then the schema,
 * then the compliance check, every problem with its line and column. Pure: no file system.
 */
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { FlowIssue } from '../../errors.js';
import { checkCompliance, checkSections, type FlowSection } from './check-compliance.js';
import type { FlowDefinition } from './definition.js';
import {
  formatFlowPath,
  type FlowPath,
  type FlowPosition,
  type LocateInFlow,
} from './flow-path.js';
import { flowSchema } from './schema.js';
import { fieldHint, missingFieldHint, unknownFieldHint } from './schema-hints.js';
import { diagnoseYaml } from './yaml-mistakes.js';

/** A parsed flow file: the flow only when there is no issue at all (warnings aside). */
export interface ParsedFlow {
  readonly flow?: FlowDefinition;
  /** Errors: any of them keeps the flow from being loaded. */
  readonly issues: FlowIssue[];
  /** Worth fixing, but the flow is loaded: a flow nobody can reach, a text left out. */
  readonly warnings?: FlowIssue[];
  /** Where a path is in the file, for problems found later (across flows). */
  readonly locate?: LocateInFlow;
  /**
   * Checks that could not run because a section they read has a schema problem (e.g. "WhatsApp's
   * limits" while `texts` is broken): more problems may follow once `issues` are fixed.
   */
  readonly pending?: readonly string[];
}

type FlowDocument = ReturnType<typeof parseDocument>;

/**
 * Parses and checks one flow file's source. `file` is only used in the issues. A YAML syntax
 * error stops there; otherwise the schema's problems come with those of every compliance check
 * whose sections are valid, and `pending` names the checks that wait for the others.
 * @example
 * const { flow, issues } = parseFlowSource(await readFile(path, 'utf8'), path);
 */
export function parseFlowSource(
  source: string,
  file: string,
  options: ParseFlowOptions = {},
): ParsedFlow {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) return { issues: diagnoseYaml(source, doc.errors, file) };

  const locate = createLocator(doc, lineCounter);
  const data: unknown = doc.toJS();
  const parsed = flowSchema.safeParse(data);
  if (!parsed.success) {
    const { sections, valid } = parseSections(data);
    const checked = checkSections(sections, (section) => valid.has(section), locate, file);
    const { errors, warnings } = split(checked.issues);
    return {
      issues: [
        ...parsed.error.issues.flatMap((issue) => schemaIssues(issue, doc, locate, file)),
        ...errors,
      ],
      ...(warnings.length > 0 && { warnings }),
      ...(checked.pending.length > 0 && { pending: checked.pending }),
      locate,
    };
  }
  const { errors, warnings } = split([
    ...checkCompliance(parsed.data, locate, file),
    ...unusedFlow(parsed.data, options.defaultFlowId, locate, file),
  ]);
  return {
    ...(errors.length === 0 && { flow: parsed.data }),
    issues: errors,
    ...(warnings.length > 0 && { warnings }),
    locate,
  };
}

/** What the check knows beyond the file. */
export interface ParseFlowOptions {
  /**
   * The id of the flow used for every number without a flow of its own (`FLOW`). Given, a flow
   * that is not it and that no phone number uses is a warning: nobody would ever reach it.
   */
  readonly defaultFlowId?: string;
}

function split(issues: readonly FlowIssue[]): { errors: FlowIssue[]; warnings: FlowIssue[] } {
  return {
    errors: issues.filter((issue) => issue.severity !== 'warning'),
    warnings: issues.filter((issue) => issue.severity === 'warning'),
  };
}

/** A flow that is not the default one and lists no phone-number id: no customer reaches it. */
function unusedFlow(
  flow: FlowDefinition,
  defaultFlowId: string | undefined,
  locate: LocateInFlow,
  file: string,
): FlowIssue[] {
  if (defaultFlowId === undefined || flow.id === defaultFlowId) return [];
  if ((flow.phoneNumberIds ?? []).length > 0) return [];
  const position = locate(['id']);
  return [
    {
      file,
      ...(position && { line: position.line, column: position.column }),
      path: 'id',
      message: `flow "${flow.id}" is not the default flow ("${defaultFlowId}") and no phone number uses it, so no customer will ever reach it`,
      hint: `list the WhatsApp phone-number ids that should use it under phoneNumberIds, or make it the default flow with FLOW=${flow.id}`,
      severity: 'warning',
    },
  ];
}

/** Each top-level section of a file through its own schema: the valid ones, and their values. */
function parseSections(raw: unknown): {
  sections: Partial<FlowDefinition>;
  valid: Set<FlowSection>;
} {
  const fields: Record<string, unknown> =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...raw } : {};
  const sections: Partial<Record<FlowSection, unknown>> = {};
  const valid = new Set<FlowSection>();
  for (const [section, schema] of Object.entries(flowSchema.shape) as [FlowSection, z.ZodType][]) {
    const result = schema.safeParse(fields[section]);
    if (result.success) {
      sections[section] = result.data;
      valid.add(section);
    }
  }
  // Each value is its section's schema output, so of that section's type.
  return { sections: sections as Partial<FlowDefinition>, valid };
}

function schemaIssues(
  issue: z.core.$ZodIssue,
  doc: FlowDocument,
  locate: LocateInFlow,
  file: string,
): FlowIssue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const at = (where: FlowPath, message: string, hint: string | undefined): FlowIssue => {
    const position = locate(where);
    return {
      file,
      ...(position && { line: position.line, column: position.column }),
      path: formatFlowPath(where),
      message,
      ...(hint !== undefined && { hint }),
    };
  };
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        at(
          [...path, key],
          `unknown field "${key}"`,
          commaInBraces(doc, path, key) ?? unknownFieldHint(path, key),
        ),
      );
    case 'invalid_value':
      return [at(path, issue.message, `use one of: ${issue.values.map(String).join(', ')}`)];
    case 'invalid_type':
      if (path.length > 0 && !doc.hasIn(path)) {
        return [at(path, 'is missing', missingFieldHint(path))];
      }
      return [at(path, issue.message, fieldHint(path))];
    default:
      return [at(path, issue.message, fieldHint(path))];
  }
}

/**
 * The fix when an "unknown field" is the rest of a text cut at a comma inside `{ … }`, where a
 * comma separates fields: `{ yes: Oui, tous, no: Non }` reads as yes: "Oui" and a field "tous".
 */
function commaInBraces(
  doc: FlowDocument,
  path: readonly (string | number)[],
  key: string,
): string | undefined {
  const parent: unknown = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(parent) || !parent.flow) return undefined;
  const index = parent.items.findIndex((item) => isScalar(item.key) && item.key.value === key);
  const pair = parent.items[index];
  const before = parent.items[index - 1];
  if (!pair || pair.value !== null || !before || !isScalar(before.key) || !isScalar(before.value)) {
    return undefined;
  }
  const text = `${String(before.value.value)}, ${key}`;
  return `inside { } a comma starts another field: put the text in quotes, ${String(before.key.value)}: '${text}'`;
}

/**
 * Where each path of a flow is in its source, for a problem found apart from parsing it (by the
 * store, on start-up); the source is parsed as YAML only.
 * @example placeIn(issues, file, locateInSource(await readFile(file, 'utf8')))
 */
export function locateInSource(source: string): LocateInFlow {
  const lineCounter = new LineCounter();
  return createLocator(parseDocument(source, { lineCounter }), lineCounter);
}

/**
 * Finds a path in the document: a map entry points at its key, a list item at the item; a path
 * that does not exist (a missing field) points at the nearest parent that does.
 */
function createLocator(doc: FlowDocument, lineCounter: LineCounter): LocateInFlow {
  const position = (offset: number): FlowPosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return (path) => {
    for (let depth = path.length; depth > 0; depth -= 1) {
      const parent: unknown =
        depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
      const last = path[depth - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
        if (pair && isNode(pair.key) && pair.key.range) return position(pair.key.range[0]);
      } else if (isSeq(parent) && typeof last === 'number') {
        const item = parent.items[last];
        if (isNode(item) && item.range) return position(item.range[0]);
      }
    }
    return isNode(doc.contents) && doc.contents.range ? position(doc.contents.range[0]) : undefined;
  };
}
