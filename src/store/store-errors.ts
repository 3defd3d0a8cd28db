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
    'stale_version',
    `Contact ${contactId} changed while the turn ran (read version ${expectedVersion}, now ${actualVersion}); reload it and run the turn again.`,
    { contactId, expectedVersion, actualVersion },
  );
}

/** The message was already applied to this contact: the caller drops it instead of retrying. */
export function duplicateMessage(contactId: string, messageId: string): ConflictError {
  return new ConflictError(
    'duplicate_message',
    `Message ${messageId} was already applied to contact ${contactId}; it is not applied twice.`,
    { contactId, messageId },
  );
}

/** A turn tried to give the contact a phone or user id that already names another contact. */
export function identifierTaken(contactId: string, field: 'phone' | 'userId'): ConflictError {
  return new ConflictError(
    'identifier_taken',
    `Contact ${contactId} cannot take this ${field}: another contact already has it.`,
    { contactId, field },
  );
}

/** The field of an `identifier_taken` conflict: the identifier another contact holds. */
export function takenIdentifierOf(error: ConflictError): 'phone' | 'userId' | undefined {
  if (error.reason !== 'identifier_taken') return undefined;
  const field = error.context['field'];
  return field === 'phone' || field === 'userId' ? field : undefined;
}

/**
 * The contact is being merged with another contact of the same person: the caller finds the
 * contact again (which finishes the merge) and runs the turn again.
 */
export function contactMerging(contactId: string): ConflictError {
  return new ConflictError(
    'contact_merging',
    `Contact ${contactId} is being merged with another contact of the same person; find it again and run the turn again.`,
    { contactId },
  );
}

/**
 * The contact was merged into another contact of the same person after it was read: the caller
 * finds the contact again (the kept one) and runs the turn again.
 */
export function mergedAway(contactId: string): ConflictError {
  return new ConflictError(
    'merged_away',
    `Contact ${contactId} was merged into another contact of the same person; find it again and run the turn again.`,
    { contactId },
  );
}
