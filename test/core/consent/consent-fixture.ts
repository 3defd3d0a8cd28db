import type { ConsentEvent, ConsentSource } from '../../../src/core/consent/events.js';
import type { FlowCategory } from '../../../src/core/flow/definition.js';

/** Two marketing categories and two that are not. */
export const CATEGORIES: readonly FlowCategory[] = [
  {
    id: 'orders',
    label: { en: 'order updates' },
    whatsappCategory: 'UTILITY',
    templates: ['order_shipped'],
  },
  {
    id: 'security',
    label: { en: 'security codes' },
    whatsappCategory: 'AUTHENTICATION',
    templates: ['login_code'],
  },
  {
    id: 'offers',
    label: { en: 'offers' },
    whatsappCategory: 'MARKETING',
    templates: ['weekly_offer', 'flash_sale'],
  },
  { id: 'news', label: { en: 'news' }, whatsappCategory: 'MARKETING', templates: ['newsletter'] },
];

export const T0 = Date.parse('2026-01-01T09:00:00Z');

let sequence = 0;

type EventOf<T extends ConsentEvent['type']> = Extract<ConsentEvent, { type: T }>;

/** A ledger event at `occurredAt` (recorded a second later unless given). */
export function event<T extends ConsentEvent['type']>(
  type: T,
  occurredAt: number,
  extra: Partial<Omit<EventOf<T>, 'type'>> = {},
): ConsentEvent {
  sequence += 1;
  const base = {
    id: `e${sequence}`,
    contactId: 'c1',
    occurredAt,
    recordedAt: occurredAt + 1000,
    source: 'whatsapp' as ConsentSource,
    evidence: {},
    ...(type === 'consent.granted' ? { categories: [] } : {}),
  };
  return { ...base, ...extra, type } as ConsentEvent;
}
