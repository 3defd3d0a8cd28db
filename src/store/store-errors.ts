import { ConflictError, NotFoundError } from '../errors.js';

/**
 * The errors both store adapters raise for the same situations, with the same context, so a
 * caller handles them once whichever store is wired.
 */

/** No contact has this id. */
export function contactNotFound(contactId: string): NotFoundError {
  return new NotFoundError('contact_not_found', `No contact with id ${contactId}.`, {
    contactId,
  });
}

/** A turn read an older version: the caller reloads the contact and runs the turn again. */
export function versionConflict(
  contactId: string,
  expectedVersion: number,
  actualVersion: number,
): ConflictError {
  return new ConflictError(
    `Contact ${contactId} changed while the turn ran (read version ${expectedVersion}, now ${actualVersion}); reload it and run the turn again.`,
    { contactId, expectedVersion, actualVersion },
  );
}

/**
 * The message was already applied to this contact (`context.duplicate` is `true`): the caller
 * drops it instead of retrying.
 */
export function duplicateMessage(contactId: string, messageId: string): ConflictError {
  return new ConflictError(
    `Message ${messageId} was already applied to contact ${contactId}; it is not applied twice.`,
    { contactId, messageId, duplicate: true },
  );
}

/** A turn tried to give the contact a phone or user id that already names another contact. */
export function identifierTaken(contactId: string, field: 'phone' | 'userId'): ConflictError {
  return new ConflictError(
    `Contact ${contactId} cannot take this ${field}: another contact already has it.`,
    { contactId, field, identifierTaken: true },
  );
}

/**
 * The contact is being merged with another contact of the same person: the caller finds the
 * contact again (which finishes the merge) and runs the turn again.
 */
export function contactMerging(contactId: string): ConflictError {
  return new ConflictError(
    `Contact ${contactId} is being merged with another contact of the same person; find it again and run the turn again.`,
    { contactId, merging: true },
  );
}
