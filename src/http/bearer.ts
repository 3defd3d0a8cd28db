import { createHash } from 'node:crypto';
import type { Request } from 'restify';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The token of `Authorization: Bearer <token>`, or undefined when there is none. */
export function bearerToken(req: Request): string | undefined {
  return BEARER.exec(req.header('authorization') ?? '')?.[1];
}

/**
 * SHA-256 of a secret, to compare with `timingSafeEqual`: secrets of any length then compare in
 * constant time, and no length leaks.
 */
export function secretDigest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}
