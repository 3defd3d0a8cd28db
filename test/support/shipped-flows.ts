import { createManualClock, MINUTE } from '../../src/core/clock.js';
import type { InboundContent } from '../../src/core/conversation/inbound.js';
import { loadFlowsDir } from '../../src/flows/index.js';
import { createSilentLogger } from '../../src/logger.js';
import { createFlowCatalog, prepareFlow } from '../../src/service/flow-catalog.js';
import type { CompiledFlow, FlowCatalog } from '../../src/service/flow-catalog.js';
import { createTurnService } from '../../src/service/turn-service.js';
import { createMemoryStore } from '../../src/store/memory/index.js';

/** The flows of `flows/`, loaded, checked and compiled once per test file. */
export const shippedFlows: readonly CompiledFlow[] = (await loadFlowsDir('flows')).flows.map((f) =>
  prepareFlow(f.definition, f.file),
);

/**
 * A catalog of the shipped flows with `default` as the default flow: a fresh one per call, so
 * a test that reloads a flow (`catalog.replace`) changes only its own.
 */
export function shippedCatalog(): FlowCatalog {
  return createFlowCatalog(shippedFlows, 'default');
}

/**
 * One customer writing to a turn service over the shipped flows and a fresh memory store, one
 * message a minute from `start`: `say` types, `tap` presses a button, `send` sends any content.
 */
export function createCustomerWorld(phone: string, start = Date.parse('2026-05-04T09:00:00Z')) {
  const catalog = shippedCatalog();
  const store = createMemoryStore();
  const clock = createManualClock(start);
  const turns = createTurnService({ store, flows: catalog, clock, logger: createSilentLogger() });
  let seq = 0;
  const send = (content: InboundContent) =>
    turns.handleMessage({
      messageId: `wamid.world.${phone}.${++seq}`,
      contact: { phone },
      timestamp: start + (seq - 1) * MINUTE,
      content,
    });
  return {
    catalog,
    store,
    clock,
    turns,
    send,
    say: (text: string) => send({ kind: 'text', text }),
    tap: (id: string, title: string) => send({ kind: 'choice', id, title }),
  };
}
