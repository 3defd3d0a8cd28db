import { randomUUID } from 'node:crypto';
import { UNKNOWN_CONSENT } from '../../core/consent/state.js';
import type { ContactRef } from '../../core/identity.js';
import { ValidationError } from '../../errors.js';
import { canMerge } from '../merge-rules.js';
import type { ContactRecord, MergeOptions } from '../port.js';
import {
  findStored,
  frozenCopy,
  putContact,
  type MemoryStoreData,
  type StoredContact,
  type Write,
} from './memory-data.js';
import { mergeContacts } from './memory-merge.js';

/**
 * The memory store's `Store.ensureContact`: the contact of `ref`, created when there is none,
 * linked to an identifier it lacks (unless that identifier names someone else), or the two
 * contacts of one person merged when `mergeOptions` allows it (`memory-merge.ts`). A call that
 * changes nothing writes nothing.
 * @example const contact = await ensureContactIn(data, write, { phone: '+14155550101' }, now);
 */
export function ensureContactIn(
  data: MemoryStoreData,
  write: Write,
  ref: ContactRef,
  now: number,
  mergeOptions?: MergeOptions,
): Promise<ContactRecord> {
  if (!ref.phone && !ref.userId) {
    return Promise.reject(
      new ValidationError('invalid_contact', 'A contact needs a phone number or a user id.'),
    );
  }
  const { idByPhone, idByUser } = data;
  const byPhone = findStored(data, { ...(ref.phone ? { phone: ref.phone } : {}) });
  const byUser = findStored(data, { ...(ref.userId ? { userId: ref.userId } : {}) });
  if (mergeOptions && byPhone && byUser && canMerge(byPhone, byUser)) {
    return write('ensureContact', () => mergeContacts(data, byPhone, byUser, mergeOptions, now));
  }
  const existing = findStored(data, ref);
  if (!existing) {
    return write('ensureContact', () => {
      const created: StoredContact = {
        id: randomUUID(),
        ...(ref.phone ? { phone: ref.phone } : {}),
        ...(ref.userId ? { userId: ref.userId } : {}),
        consent: frozenCopy(UNKNOWN_CONSENT),
        recentMessageIds: [],
        version: 0,
        createdAt: now,
        updatedAt: now,
      };
      putContact(data, created);
      return created;
    });
  }
  // Link an identifier the contact lacks, unless it already names someone else.
  const linked: StoredContact = {
    ...existing,
    ...(ref.phone && existing.phone === undefined && !idByPhone.has(ref.phone)
      ? { phone: ref.phone }
      : {}),
    ...(ref.userId && existing.userId === undefined && !idByUser.has(ref.userId)
      ? { userId: ref.userId }
      : {}),
  };
  if (linked.phone === existing.phone && linked.userId === existing.userId) {
    return Promise.resolve(existing);
  }
  return write('ensureContact', () => {
    const updated = { ...linked, updatedAt: Math.max(existing.updatedAt, now) };
    putContact(data, updated);
    return updated;
  });
}
