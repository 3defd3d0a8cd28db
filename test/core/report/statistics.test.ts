import { describe, expect, it } from 'vitest';
import { compareRates, normalCdf, wilsonInterval } from '../../../src/core/report/index.js';

describe('report statistics', () => {
  it('gives the Wilson 95 % interval of a proportion (worked examples)', () => {
    const round = ([low, high]: [number, number]) =>
      [low, high].map((v) => Math.round(v * 1e4) / 1e4);
    expect(round(wilsonInterval(45, 100))).toEqual([0.3561, 0.5476]);
    expect(round(wilsonInterval(4, 9))).toEqual([0.1888, 0.7333]);
    expect(round(wilsonInterval(0, 10))).toEqual([0, 0.2775]);
    expect(round(wilsonInterval(1, 1))).toEqual([0.2065, 1]);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it('tells a real difference between two rates from chance (two-proportion z-test)', () => {
    const big = compareRates(60, 100, 40, 100);
    expect(big.difference).toBeCloseTo(0.2, 10);
    expect(big.z).toBeCloseTo(2.8284, 4);
    expect(big.pValue).toBeCloseTo(0.00468, 4);
    expect(big.significant).toBe(true);
    const small = compareRates(36, 100, 24, 100);
    expect(small.pValue).toBeCloseTo(0.0641, 3);
    expect(small.significant).toBe(false);
    expect(compareRates(0, 10, 0, 10)).toMatchObject({ difference: 0, significant: false });
    expect(compareRates(1, 1, 0, 0)).toMatchObject({ significant: false });
  });

  it('computes the normal distribution function', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});
