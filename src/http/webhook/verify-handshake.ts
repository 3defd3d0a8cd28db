import { createHash, timingSafeEqual } from 'node:crypto';
import type { Next, Request, Response } from 'restify';
import { ForbiddenError } from '../../errors.js';

/**
 * `GET /webhooks/whatsapp`: Meta's verification handshake. With `hub.mode=subscribe` and our
 * verify token, answer 200 with `hub.challenge` as plain text, byte for byte; otherwise 403.
 */
export function createHandshakeHandler(verifyToken: string) {
  return function verifyWebhook(req: Request, res: Response, next: Next): void {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const mode = query.get('hub.mode');
    const token = query.get('hub.verify_token');
    const challenge = query.get('hub.challenge');
    if (
      mode !== 'subscribe' ||
      token === null ||
      challenge === null ||
      !sameSecret(token, verifyToken)
    ) {
      next(
        new ForbiddenError(
          'The webhook verification failed: hub.mode must be "subscribe" and hub.verify_token must equal WHATSAPP_VERIFY_TOKEN.',
        ),
      );
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(challenge),
    });
    res.end(challenge);
    next();
  };
}

/** Compares in constant time; hashing first makes the lengths equal and hides the real one. */
function sameSecret(given: string, expected: string): boolean {
  if (!expected) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
