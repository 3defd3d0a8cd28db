import { describe, expect, it } from 'vitest';
import { describeRef, maskPhone, maskUserId } from '../../src/core/identity.js';

describe('describeRef', () => {
  it('masks a phone number but its last three digits', () => {
    expect(describeRef({ phone: '+34600000123' })).toBe(maskPhone('+34600000123'));
    expect(describeRef({ phone: '+34600000123' })).toBe('+********123');
  });

  it('masks a user id like a phone number: its prefix and last three characters stay', () => {
    expect(describeRef({ userId: 'US.13491208655302741918' })).toBe('user US.*****************918');
    expect(maskUserId('EM.tester-1')).toBe('EM.*****r-1');
    expect(maskUserId('US.1')).toBe('US.***');
  });
});
