/**
 * Binomial and hypergeometric variates by inversion outward from the mode: one uniform per draw,
 * expected work proportional to the standard deviation. Probabilities come from Loader's
 * saddle-point expansion (C. Loader 2000, "Fast and accurate computation of binomial
 * probabilities", as in R's dbinom/dhyper), accurate to ~1e-15 relative even for n ~ 1e10 where
 * log-factorial differences would lose half their digits.
 */

const LN_SQRT_2PI = 0.9189385332046728;
const LN_2PI = 1.8378770664093453;
/** Past this pmf on both sides the remaining tail mass is below double rounding of the cumulated sum. */
const NEGLIGIBLE_PMF = 1e-18;

const SMALL_STIRLING_ERRORS: number[] = (() => {
  const table = [0];
  let logFactorial = 0;
  for (let n = 1; n <= 15; n++) {
    logFactorial += Math.log(n);
    table.push(logFactorial - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI);
  }
  return table;
})();

/** ln(n!) − [(n + ½) ln n − n + ln √(2π)], the error of Stirling's formula (Loader's stirlerr). */
function stirlingError(n: number): number {
  if (n <= 15) return SMALL_STIRLING_ERRORS[n] as number;
  const inverseSquare = 1 / (n * n);
  if (n > 500) return (1 / 12 - (1 / 360) * inverseSquare) / n;
  if (n > 80) return (1 / 12 - (1 / 360 - (1 / 1260) * inverseSquare) * inverseSquare) / n;
  if (n > 35) return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680) * inverseSquare) * inverseSquare) * inverseSquare) / n;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - (1 / 1188) * inverseSquare) * inverseSquare) * inverseSquare) * inverseSquare) / n;
}

/** x ln(x / mean) + mean − x, the deviance term, without cancellation when x ≈ mean (Loader's bd0). */
function devianceTerm(x: number, mean: number): number {
  if (Math.abs(x - mean) < 0.1 * (x + mean)) {
    let ratio = (x - mean) / (x + mean);
    let sum = (x - mean) * ratio;
    let term = 2 * x * ratio;
    ratio *= ratio;
    for (let j = 1; j < 1000; j++) {
      term *= ratio;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / mean) + mean - x;
}

/** P(X = x) for X ~ Binomial(n, p), q = 1 − p given separately to keep its precision. */
export function binomialPmf(x: number, n: number, p: number, q: number): number {
  if (x < 0 || x > n) return 0;
  if (p === 0) return x === 0 ? 1 : 0;
  if (q === 0) return x === n ? 1 : 0;
  if (x === 0) return n === 0 ? 1 : p < 0.1 ? Math.exp(-devianceTerm(n, n * q) - n * p) : Math.exp(n * Math.log(q));
  if (x === n) return q < 0.1 ? Math.exp(-devianceTerm(n, n * p) - n * q) : Math.exp(n * Math.log(p));
  const logCore = stirlingError(n) - stirlingError(x) - stirlingError(n - x) - devianceTerm(x, n * p) - devianceTerm(n - x, n * q);
  const logScale = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(logCore - 0.5 * logScale);
}

/** P(X = x) for X the number of successes in `draws` draws without replacement from `total` items of which `successes` succeed. */
export function hypergeometricPmf(x: number, draws: number, successes: number, total: number): number {
  const failures = total - successes;
  if (x < 0 || x > successes || draws - x < 0 || draws - x > failures) return 0;
  if (draws === 0) return x === 0 ? 1 : 0;
  const p = draws / total;
  const q = (total - draws) / total;
  return (binomialPmf(x, successes, p, q) * binomialPmf(draws - x, failures, p, q)) / binomialPmf(draws, total, p, q);
}

/**
 * Inverts a unimodal pmf at `uniform`, visiting mode, mode+1, mode−1, mode+2, … and stepping the pmf
 * by its ratio; `upRatio(x)` is pmf(x+1)/pmf(x) and `downRatio(x)` is pmf(x−1)/pmf(x).
 */
function invertFromMode(
  uniform: number,
  mode: number,
  modePmf: number,
  lowest: number,
  highest: number,
  upRatio: (x: number) => number,
  downRatio: (x: number) => number,
): number {
  let remaining = uniform - modePmf;
  if (remaining <= 0) return mode;
  let high = mode;
  let highPmf = modePmf;
  let low = mode;
  let lowPmf = modePmf;
  for (;;) {
    const canRise = high < highest && highPmf > NEGLIGIBLE_PMF;
    const canFall = low > lowest && lowPmf > NEGLIGIBLE_PMF;
    if (!canRise && !canFall) return mode;
    if (canRise) {
      highPmf *= upRatio(high);
      high++;
      remaining -= highPmf;
      if (remaining <= 0) return high;
    }
    if (canFall) {
      lowPmf *= downRatio(low);
      low--;
      remaining -= lowPmf;
      if (remaining <= 0) return low;
    }
  }
}

/** A Binomial(n, p) variate from one uniform in (0, 1). */
export function binomialFromUniform(uniform: number, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = 1 - p;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const odds = p / q;
  return invertFromMode(
    uniform,
    mode,
    binomialPmf(mode, n, p, q),
    0,
    n,
    (x) => ((n - x) / (x + 1)) * odds,
    (x) => x / (n - x + 1) / odds,
  );
}

/** A hypergeometric variate (successes among `draws` drawn from `total`, `successes` of them marked) from one uniform. */
export function hypergeometricFromUniform(uniform: number, draws: number, successes: number, total: number): number {
  const failures = total - successes;
  const lowest = Math.max(0, draws - failures);
  const highest = Math.min(draws, successes);
  if (lowest === highest) return lowest;
  const mode = Math.min(highest, Math.max(lowest, Math.floor(((draws + 1) * (successes + 1)) / (total + 2))));
  return invertFromMode(
    uniform,
    mode,
    hypergeometricPmf(mode, draws, successes, total),
    lowest,
    highest,
    (x) => ((successes - x) * (draws - x)) / ((x + 1) * (failures - draws + x + 1)),
    (x) => (x * (failures - draws + x)) / ((successes - x + 1) * (draws - x + 1)),
  );
}
