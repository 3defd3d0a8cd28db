import type { FlowDefinition } from '../core/flow/definition.js';
import { compileFlow } from '../core/flow/compile-flow.js';
import { consentTextsHash } from '../core/flow/consent-texts-hash.js';
import type { FlowMachine } from '../core/flow/compile-flow.js';
import { createFlowRunner } from '../core/flow/run-flow.js';
import type { FlowRunner } from '../core/flow/run-flow.js';
import type { KeywordIndex } from '../core/keywords/index.js';
import { buildKeywordIndex } from '../core/keywords/index.js';

/** A flow ready to run: its definition, its compiled machine, its runner and its keyword index. */
export interface CompiledFlow {
  readonly definition: FlowDefinition;
  readonly machine: FlowMachine;
  /** Runs one turn of {@link machine} from a stored snapshot, made once with the machine. */
  readonly run: FlowRunner;
  readonly keywords: KeywordIndex;
  /** Fingerprint of its consent texts (`consentTextsHash`), recorded with every consent event. */
  readonly textsHash: string;
  /** The file it came from, for messages. */
  readonly file?: string;
}

/** Compiles a validated flow definition once, for many turns. */
export function prepareFlow(definition: FlowDefinition, file?: string): CompiledFlow {
  const machine = compileFlow(definition);
  return {
    definition,
    machine,
    run: createFlowRunner(machine),
    keywords: buildKeywordIndex(definition),
    textsHash: consentTextsHash(definition),
    ...(file ? { file } : {}),
  };
}

/**
 * The flows the bot runs, by id and by WhatsApp phone-number id. Replaced whole on reload, so
 * a turn always sees one consistent set; a flow that failed its check never gets here.
 */
export interface FlowCatalog {
  /** The flow for a business phone-number id, or the default flow. */
  forNumber(phoneNumberId?: string): CompiledFlow;
  get(id: string): CompiledFlow | undefined;
  defaultFlow(): CompiledFlow;
  list(): readonly CompiledFlow[];
  /** Swaps in a new set of flows (hot reload). The default id must be among them. */
  replace(flows: readonly CompiledFlow[]): void;
}

export function createFlowCatalog(flows: readonly CompiledFlow[], defaultId: string): FlowCatalog {
  let byId = new Map<string, CompiledFlow>();
  let byNumber = new Map<string, CompiledFlow>();

  const replace = (next: readonly CompiledFlow[]) => {
    const ids = new Map(next.map((f) => [f.definition.id, f]));
    if (!ids.has(defaultId)) {
      throw new Error(`the default flow "${defaultId}" is not among the loaded flows`);
    }
    byId = ids;
    byNumber = new Map(
      next.flatMap((f) => (f.definition.phoneNumberIds ?? []).map((n) => [n, f] as const)),
    );
  };
  replace(flows);

  const defaultFlow = () => byId.get(defaultId)!;
  return {
    forNumber: (phoneNumberId) => (phoneNumberId && byNumber.get(phoneNumberId)) || defaultFlow(),
    get: (id) => byId.get(id),
    defaultFlow,
    list: () => [...byId.values()],
    replace,
  };
}
