import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identifierHashes, suppressionLookupHashes } from '../../src/service/identifier-hash.js';

const KEY = 'test-phone-hash-key';
const PHONE = '+14155550101';
const USER_ID = 'US.13491208655302741918';
const hmac = (value: string, key = KEY) =>
  createHmac('sha256', key).update(value, 'utf8').digest('hex');

describe('identifier hashes', () => {
  it('hashes a phone as its E.164 number', () => {
    expect(identifierHashes({ phone: PHONE }, KEY)).toEqual([hmac(PHONE)]);
  });

  it('gives one hash per identifier, the user id under its own namespace', () => {
    expect(identifierHashes({ phone: PHONE, userId: USER_ID }, KEY)).toEqual([
      hmac(PHONE),
      hmac(`user:${USER_ID}`),
    ]);
    expect(identifierHashes({}, KEY)).toEqual([]);
  });

  it('never gives a user id the hash of a phone, even one spelled like a number', () => {
    const lookalike = suppressionLookupHashes([{ userId: PHONE }], KEY);
    expect(lookalike).not.toContain(hmac(PHONE));
  });

  it('depends on the key', () => {
    expect(identifierHashes({ phone: PHONE }, 'another-key')).not.toEqual(
      identifierHashes({ phone: PHONE }, KEY),
    );
  });

  it('looks up every identifier of every reference, each once', () => {
    const hashes = suppressionLookupHashes(
      [{ userId: USER_ID }, { phone: PHONE, userId: USER_ID }],
      KEY,
    );
    expect([...hashes].sort()).toEqual([hmac(PHONE), hmac(`user:${USER_ID}`)].sort());
  });
});
