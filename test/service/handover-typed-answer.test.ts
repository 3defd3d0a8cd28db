import { describe, expect, it } from 'vitest';
import { createManualClock, MINUTE } from '../../src/core/clock.js';
import { loadSimulationCatalog } from '../../src/simulation/load-simulation.js';
import { createSimulator } from '../../src/simulation/simulator.js';
import { createMemoryStore } from '../../src/store/index.js';

/**
 * During a hand-over the bot still asks its own prompts at the customer's request (START, "stop
 * just the offers?"). A typed answer answers that prompt when it is the latest message the
 * customer saw, none of the agent's after it; otherwise it is the agent's. Found by a tester:
 * "não quero mais ofertas" during a hand-over was asked "Você quer deixar de receber ofertas
 * especiais…?", and the typed "sim" was kept for the agent, the offers still on.
 */
const FLOWS = new URL('../../flows/', import.meta.url).pathname;
const { catalog } = await loadSimulationCatalog(FLOWS);
const PHONE = '+5511900000341';

async function handedOverAfterYes() {
  const clock = createManualClock(Date.parse('2026-03-02T09:00:00Z'));
  const sim = createSimulator({ flows: catalog, store: createMemoryStore(), clock });
  await sim.send(PHONE, { text: 'oi' });
  await sim.send(PHONE, { text: 'sim' });
  await sim.send(PHONE, { text: 'quero falar com um atendente' });
  clock.advance(MINUTE);
  await sim.agent(PHONE, 'Oi, aqui é a Ana. Como posso ajudar?');
  clock.advance(MINUTE);
  return { sim, clock };
}

describe('a typed answer to the bot’s own prompt during a hand-over', () => {
  it('answers it when the prompt is the latest message: "sim" stops just the offers', async () => {
    const { sim, clock } = await handedOverAfterYes();
    const asked = await sim.send(PHONE, { text: 'não quero mais ofertas' });
    expect(asked.map((r) => r.text)).toEqual([
      expect.stringMatching(/^Você quer deixar de receber ofertas especiais/),
    ]);
    clock.advance(MINUTE);
    const answered = await sim.send(PHONE, { text: 'sim' });
    expect(answered.map((r) => r.text)).toEqual([expect.stringMatching(/^Pronto/)]);
    expect((await sim.consent(PHONE)).categories).toMatchObject({ offers: false, orders: true });
    expect(await sim.handover(PHONE)).toBeDefined();
  });

  it('leaves it to the agent when the agent wrote after the prompt', async () => {
    const { sim, clock } = await handedOverAfterYes();
    await sim.send(PHONE, { text: 'não quero mais ofertas' });
    clock.advance(MINUTE);
    await sim.agent(PHONE, 'Quer que eu cancele seu pedido também?');
    clock.advance(MINUTE);
    expect(await sim.send(PHONE, { text: 'sim' })).toEqual([]);
    expect((await sim.consent(PHONE)).categories).toMatchObject({ offers: true, orders: true });
  });
});
