import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256=';
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * Checks WhatsApp's `X-Hub-Signature-256` header: `sha256=` and the hex HMAC-SHA256 of the raw
 * request body keyed with the app secret. Run it on the exact bytes received, before parsing.
 *
 * Returns false for a missing, malformed or wrong signature, and for an empty app secret.
 * The digests are compared in constant time so the answer leaks nothing about the right one.
 *
 * @example
 * if (!verifySignature(rawBody, req.header('x-hub-signature-256'), config.whatsappAppSecret)) return res.send(401);
 */
export function verifySignature(
  rawBody: Buffer,
  header: string | undefined,
  appSecret: string,
): boolean {
  if (!appSecret || typeof header !== 'string') return false;
  const value = header.trim();
  if (!value.toLowerCase().startsWith(PREFIX)) return false;
  const hex = value.slice(PREFIX.length);
  if (!HEX_SHA256.test(hex)) return false;
  const given = Buffer.from(hex, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  // timingSafeEqual throws on different lengths; the regex above already fixes 32 bytes.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Computes the `X-Hub-Signature-256` value WhatsApp would send for `rawBody`, for tests,
 * the simulators and the benchmark.
 * @example signBody(Buffer.from(json), 'app-secret') // 'sha256=5d1c…'
 */
export function signBody(rawBody: Buffer | string, appSecret: string): string {
  return `${PREFIX}${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
