import { describe, expect, it } from 'vitest';
import type { ConsentEvent, ConsentEvidence } from '../../../src/core/consent/events.js';
import { optOutSourceOf } from '../../../src/core/report/funnel.js';

const at = Date.parse('2026-05-04T09:00:00Z');

function event(
  type: 'consent.revoked' | 'consent.marketing_suppressed',
  evidence: ConsentEvidence,
  source: ConsentEvent['source'] = 'whatsapp',
): ConsentEvent {
  return { id: 'e1', contactId: 'c1', type, occurredAt: at, recordedAt: at, source, evidence };
}

describe('how the consent report counts an opt-out', () => {
  it('counts by the trigger recorded with it', () => {
    expect(optOutSourceOf(event('consent.revoked', { trigger: 'keyword' }))).toBe('keyword');
    expect(optOutSourceOf(event('consent.revoked', { trigger: 'phrase' }))).toBe('phrase');
    expect(optOutSourceOf(event('consent.revoked', { trigger: 'confirmation' }))).toBe('phrase');
    const suppressed = (evidence: ConsentEvidence) =>
      optOutSourceOf(event('consent.marketing_suppressed', evidence));
    expect(suppressed({ trigger: 'stop_promotions' })).toBe('stopPromotions');
    expect(suppressed({ trigger: 'user_preferences' })).toBe('userPreferences');
    expect(suppressed({ trigger: 'error_131050', errorCode: 131050 })).toBe('error131050');
  });

  it('counts another channel’s opt-out as api, whatever it carries', () => {
    expect(optOutSourceOf(event('consent.revoked', { trigger: 'keyword' }, 'crm'))).toBe('api');
  });

  it('reads a STOP without a trigger as a keyword, a suppression without one as Stop promotions', () => {
    expect(optOutSourceOf(event('consent.revoked', {}))).toBe('keyword');
    expect(optOutSourceOf(event('consent.marketing_suppressed', { note: 'x' }))).toBe(
      'stopPromotions',
    );
  });
});
