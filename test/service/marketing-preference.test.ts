import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.js';
import { createMetrics } from '../../src/metrics/index.js';
import { createConsentService } from '../../src/service/consent-service.js';
import {
  recordMarketingPreference,
  recordMarketingStopped,
} from '../../src/service/marketing-preference.js';
import { createMemoryStore } from '../../src/store/memory/index.js';
import { shippedCatalog } from '../support/shipped-flows.js';

const PHONE = '+14155550103';

function setup() {
  const store = createMemoryStore();
  const clock = createManualClock(Date.parse('2026-05-04T09:00:00Z'));
  const metrics = createMetrics();
  const consent = createConsentService({ store, flows: shippedCatalog(), clock });
  /** The `optin_consent_changes_total` samples, as `change/source/language` → count. */
  const changes = async () => {
    const metric = await metrics.consentChanges.get();
    return Object.fromEntries(
      metric.values.map((v) => [
        `${v.labels.change}/${v.labels.source}/${v.labels.language}`,
        v.value,
      ]),
    );
  };
  return { store, clock, metrics, deps: { consent, metrics }, changes };
}

describe('the 131050 rule (WhatsApp says the customer stopped marketing messages)', () => {
  it('suppresses marketing with the error code and its trigger as evidence, and counts it', async () => {
    const { store, clock, deps, changes } = setup();
    const at = clock.now() - 5_000;

    const contact = await recordMarketingStopped(
      deps,
      { phone: PHONE },
      {
        occurredAt: at,
        messageId: 'wamid.failed1',
      },
    );

    expect(contact.consent.marketingSuppressed).toBe(true);
    expect(await store.listEvents(contact.id)).toMatchObject([
      {
        type: 'consent.marketing_suppressed',
        occurredAt: at,
        recordedAt: clock.now(),
        source: 'whatsapp',
        evidence: { errorCode: 131050, messageId: 'wamid.failed1', trigger: 'error_131050' },
      },
    ]);
    expect(await changes()).toEqual({ 'marketing_stop/whatsapp/none': 1 });
  });

  it('leaves the message id out when the error answered a send (no message was created)', async () => {
    const { store, clock, deps } = setup();

    const contact = await recordMarketingStopped(
      deps,
      { phone: PHONE },
      {
        occurredAt: clock.now(),
      },
    );

    const [event] = await store.listEvents(contact.id);
    expect(event?.evidence).toEqual({ errorCode: 131050, trigger: 'error_131050' });
  });
});

describe('WhatsApp marketing preference', () => {
  it('counts a resume as marketing_resume and lifts the suppression', async () => {
    const { clock, deps, changes } = setup();
    await recordMarketingStopped(deps, { phone: PHONE }, { occurredAt: clock.now() });
    clock.advance(1_000);

    const contact = await recordMarketingPreference(deps, { phone: PHONE }, 'resume', clock.now(), {
      note: 'WhatsApp user_preferences: marketing_messages resume',
    });

    expect(contact.consent.marketingSuppressed).toBe(false);
    expect(await changes()).toEqual({
      'marketing_stop/whatsapp/none': 1,
      'marketing_resume/whatsapp/none': 1,
    });
  });
});
