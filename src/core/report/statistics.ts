/**
 * The statistics of the consent report: an opt-in rate's 95 % confidence interval (Wilson
 * score interval) and whether two variants' rates differ (two-proportion z-test, pooled,
 * two-sided, at the 5 % level). Both are textbook: Wilson, "Probable inference, the law of
 * succession, and statistical inference" (1927); the z-test as in any introductory text
 * (e.g. NIST/SEMATECH e-Handbook of Statistical Methods, 7.3.3).
 */

/** The standard normal quantile of 97.5 %: 95 % of the mass lies within ±Z95. */
export const Z95 = 1.959963984540054;

/**
 * The Wilson score interval of a proportion `successes / trials` at 95 %: unlike the normal
 * approximation it stays inside [0, 1] and behaves for small groups and rates near 0 or 1.
 * @example wilsonInterval(45, 100) // [0.3561…, 0.5475…]
 */
export function wilsonInterval(successes: number, trials: number): [number, number] {
  if (trials === 0) return [0, 1];
  const p = successes / trials;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const margin =
    (Z95 * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return [Math.max(0, centre - margin), Math.min(1, centre + margin)];
}

/** The result of comparing two groups' opt-in rates. */
export interface RateComparison {
  /** Rate of `a` minus rate of `b`. */
  readonly difference: number;
  /** The z statistic; 0 when it cannot be computed (no variation at all). */
  readonly z: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** True when `pValue` < 0.05. */
  readonly significant: boolean;
}

/**
 * Two-proportion z-test (pooled standard error), two-sided, at the 5 % level: are the opt-in
 * rates of two groups different beyond chance? Needs both groups non-empty; with every
 * customer answering alike in both (pooled rate 0 or 1) there is no difference to test.
 * @example compareRates(60, 100, 40, 100) // { difference: 0.2, z: 2.83, pValue: 0.0047, significant: true }
 */
export function compareRates(
  successesA: number,
  trialsA: number,
  successesB: number,
  trialsB: number,
): RateComparison {
  const rateA = trialsA === 0 ? 0 : successesA / trialsA;
  const rateB = trialsB === 0 ? 0 : successesB / trialsB;
  const difference = rateA - rateB;
  if (trialsA === 0 || trialsB === 0) return { difference, z: 0, pValue: 1, significant: false };
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  if (se === 0) return { difference, z: 0, pValue: 1, significant: false };
  const z = difference / se;
  const pValue = 2 * (1 - normalCdf(Math.abs(z)));
  return { difference, z, pValue, significant: pValue < 0.05 };
}

/**
 * The standard normal distribution function, from the complementary error function
 * (Numerical Recipes' erfc approximation, relative error below 1.2e-7 everywhere).
 */
export function normalCdf(x: number): number {
  return 1 - 0.5 * erfc(x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const polynomial =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(polynomial);
  return x >= 0 ? value : 2 - value;
}
