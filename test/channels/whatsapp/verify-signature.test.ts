import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from '../../../src/channels/whatsapp/index.js';

const SECRET = 'test-app-secret';
const body = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [] }));

describe('verifySignature', () => {
  it('accepts the signature WhatsApp computes (HMAC-SHA256 of the raw body, hex)', () => {
    const header = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    expect(signBody(body, SECRET)).toBe(header);
    expect(verifySignature(body, header, SECRET)).toBe(true);
  });

  it('accepts upper-case hex and surrounding spaces', () => {
    const header = signBody(body, SECRET);
    expect(verifySignature(body, `  sha256=${header.slice(7).toUpperCase()} `, SECRET)).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    expect(verifySignature(body, signBody(body, 'another-secret'), SECRET)).toBe(false);
  });

  it('refuses a signature of another body (one byte changed)', () => {
    const tampered = Buffer.from(body);
    tampered[5] = (tampered[5] ?? 0) ^ 1;
    expect(verifySignature(tampered, signBody(body, SECRET), SECRET)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['without the sha256= prefix', signBody(body, SECRET).slice(7)],
    ['with another algorithm', signBody(body, SECRET).replace('sha256=', 'sha1=')],
    ['not hex', `sha256=${'z'.repeat(64)}`],
    ['too short', signBody(body, SECRET).slice(0, -2)],
    ['too long', `${signBody(body, SECRET)}00`],
    ['truncated to nothing', 'sha256='],
  ])('refuses a header that is %s', (_label, header) => {
    expect(verifySignature(body, header, SECRET)).toBe(false);
  });

  it('refuses everything when the app secret is empty', () => {
    expect(verifySignature(body, signBody(body, ''), '')).toBe(false);
  });

  it('never throws, whatever the header', () => {
    fc.assert(
      fc.property(
        fc.string(),
        (header) => typeof verifySignature(body, header, SECRET) === 'boolean',
      ),
    );
  });
});
