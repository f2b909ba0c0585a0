import { defineNeuronModel, type IntegratorSpec, type NeuronModel } from '../neuron-model.js';

/**
 * Hodgkin & Huxley (1952) squid giant axon in the modern convention (rest ≈ −65 mV, V in mV, t in ms,
 * C in µF/cm², g in mS/cm², I in µA/cm²), with every rate multiplied by the temperature factor
 * φ = Q10^((T − 6.3)/10) (Q10 = 3, T in °C: φ = 1 at the paper's 6.3 °C).
 *
 * The six rates are written with three exponentials: e^{−(v+55)/10}, e^{−(v+40)/10} and e^{−(v+35)/10}
 * differ by constant factors, and e^{−(v+65)/20} is the fourth power of e^{−(v+65)/80} (named
 * subexpressions, computed once per RK4 stage). αm and αn have removable singularities at V = −40 and
 * V = −55 mV: x/(1 − e^{−x}) is replaced by its series near x = 0 (so αn(−55) = 0.1, its true limit;
 * neural-simulator coded 0.01). In f32 every rate is within 10⁻⁶ of its exact value.
 *
 * There is no reset: a spike is an upward crossing of `vThresh` between the start and the end of a step.
 */

/**
 * x/(1 − e^{−x}) from x and e^{−x}. For |x| < 0.15 the series 1 + x/2 + x²/12 (truncation below
 * 7·10⁻⁷), elsewhere the quotient, whose cancellation costs no more than that there.
 */
const vtrap = (x: string, expMinusX: string) => `(abs(${x}) < 0.15 ? 1 + ${x}*(0.5 + ${x}/12) : ${x}/(1 - ${expMinusX}))`;
/** s·x/(1 − e^{−x}) with the constant factor s inside both branches (one multiplication fewer). */
const scaledVtrap = (s: number, x: string, expMinusX: string) => `(abs(${x}) < 0.15 ? ${s} + ${x}*(${s / 2} + ${x}*${s / 12}) : ${s}*${x}/(1 - ${expMinusX}))`;
/** Boltzmann steady state 1/(1 + e^{(v − vHalf)/slope}); a negative slope opens with depolarisation. */
const boltzmann = (vHalf: number, slope: number) => `1/(1 + exp((v - (${vHalf}))/(${slope})))`;

/**
 * The squid axon's rates (ms⁻¹, before φ) and φ, as subexpressions shared by both models. Affine
 * arguments are written a·v + b, one fused multiply-add on a GPU with `math: 'fast'`.
 */
const RATES = {
  phi: 'Q10**((T - 6.3)/10)',
  xM: 'v/10 + 4', // (v + 40)/10
  xN: 'v/10 + 5.5', // (v + 55)/10
  expN: 'exp(-xN)',
  expM: 'expN*exp(1.5)', // e^{−(v+40)/10}
  expH: 'expN*exp(2)', // e^{−(v+35)/10}
  exp80: 'exp(-v/80 - 65/80)', // e^{−(v+65)/80}
  exp40: 'exp80*exp80',
  alphaM: vtrap('xM', 'expM'),
  betaM: '4*exp(-v/18 - 65/18)',
  alphaH: '0.07*exp40*exp40',
  betaH: '1/(1 + expH)',
  alphaN: scaledVtrap(0.1, 'xN', 'expN'),
  betaN: '0.125*exp80',
};

/** The classic rate functions in f64, for initial values and tests (ms⁻¹ at 6.3 °C). */
export const hodgkinHuxleyRates = {
  alphaM: (v: number) => (Math.abs(v + 40) < 1e-9 ? 1 : (0.1 * (v + 40)) / (1 - Math.exp(-(v + 40) / 10))),
  betaM: (v: number) => 4 * Math.exp(-(v + 65) / 18),
  alphaH: (v: number) => 0.07 * Math.exp(-(v + 65) / 20),
  betaH: (v: number) => 1 / (1 + Math.exp(-(v + 35) / 10)),
  alphaN: (v: number) => (Math.abs(v + 55) < 1e-9 ? 0.1 : (0.01 * (v + 55)) / (1 - Math.exp(-(v + 55) / 10))),
  betaN: (v: number) => 0.125 * Math.exp(-(v + 65) / 80),
};

const REST = -65;
const steady = (alpha: (v: number) => number, beta: (v: number) => number) => alpha(REST) / (alpha(REST) + beta(REST));
const boltzmannAt = (vHalf: number, slope: number) => 1 / (1 + Math.exp((REST - vHalf) / slope));

/** The squid axon's parameters (Hodgkin & Huxley 1952, shifted so that rest is −65 mV). */
const SQUID = { C: 1, gNa: 120, gK: 36, gL: 0.3, ENa: 50, EK: -77, EL: -54.387, T: 6.3, Q10: 3, vThresh: 0 };

/**
 * The extra currents of neural-simulator's regional presets (seeds-deep §1.2), each off (g = 0) by
 * default: M-type K⁺ (p), T-type Ca²⁺ (mT²·hT), the h-current (q) and persistent Na⁺ (pNaP), with
 * first-order gates relaxing to Boltzmann steady states with time constants tau*. Unlike the seed, their
 * kinetics are scaled by φ like the Hodgkin–Huxley gates.
 */
const EXTRA_PARAMS = { gM: 0, tauM: 100, gCaT: 0, ECaT: 120, tauMT: 5, tauHT: 20, gh: 0, Eh: -30, tauQ: 100, gNaP: 0, tauNaP: 5 };
const EXTRA_GATES = {
  // p∞ = 1/(1 + e^{−(v+35)/10}) and pNaP∞ = 1/(1 + e^{−(v+55)/5}) reuse the squid rates' exponentials.
  p: { inf: '1/(1 + expH)', at: boltzmannAt(-35, -10), tau: 'tauM' },
  mT: { inf: boltzmann(-50, -7.4), at: boltzmannAt(-50, -7.4), tau: 'tauMT' },
  hT: { inf: boltzmann(-80, 5), at: boltzmannAt(-80, 5), tau: 'tauHT' },
  q: { inf: boltzmann(-75, 5.5), at: boltzmannAt(-75, 5.5), tau: 'tauQ' },
  pNaP: { inf: '1/(1 + expN*expN)', at: boltzmannAt(-55, -5), tau: 'tauNaP' },
};

/** Options of {@link hodgkinHuxleyModel}. */
export interface HodgkinHuxleyOptions {
  /** Include the M, T-type Ca, h and persistent Na currents (needed by the regional presets). Default false. */
  extended?: boolean;
  /** Default: RK4, one sub-step (the squid model) or exponential Euler (the extended one, stiff at 37 °C). */
  integrator?: IntegratorSpec;
  /** Registry name; default `hodgkin-huxley-1952` / `hodgkin-huxley-extended`, with the integrator appended when not the default. */
  name?: string;
}

/**
 * Builds a Hodgkin–Huxley model with the integrator of your choice (the integrator is part of a
 * model's definition, so each choice is a model of its own name).
 *
 * @example
 * const hhExp = hodgkinHuxleyModel({ integrator: { method: 'exponential-euler', substeps: 4 } });
 * // hhExp.name === 'hodgkin-huxley-1952.exponential-euler.x4'
 */
export function hodgkinHuxleyModel(options: HodgkinHuxleyOptions = {}): NeuronModel {
  const extended = options.extended ?? false;
  const fallback: IntegratorSpec = extended ? { method: 'exponential-euler', substeps: 1 } : { method: 'rk4', substeps: 1 };
  const integrator = { method: options.integrator?.method ?? fallback.method, substeps: options.integrator?.substeps ?? 1 };
  const base = extended ? 'hodgkin-huxley-extended' : 'hodgkin-huxley-1952';
  const isDefault = integrator.method === fallback.method && integrator.substeps === 1;
  const name = options.name ?? (isDefault ? base : `${base}.${integrator.method}.x${integrator.substeps}`);
  // dx/dt = φ(αx(1 − x) − βx·x), written with one multiplication fewer.
  const gate = (x: string, alpha: string, beta: string) => `phi*(${alpha} - (${alpha} + ${beta})*${x})`;
  const extraCurrents = extended ? ' - gM*p*(v - EK) - gCaT*mT*mT*hT*(v - ECaT) - gh*q*(v - Eh) - gNaP*pNaP*(v - ENa)' : '';
  // C dv/dt = I − gNa·m³h·(v − ENa) − gK·n⁴·(v − EK) − gL·(v − EL), written for a short dependency
  // chain: each driving force g·(E − v) as gE − g·v (constants fold, one fused multiply-add with
  // `math: 'fast'`), m³h as (m·m)·(m·h), and the gate terms, which wait for the rates, added last.
  const equations: Record<string, string> = {
    v: `(I + gL*EL - gL*v${extraCurrents} + (n*n)*(n*n)*(gK*EK - gK*v) + (m*m)*(m*h)*(gNa*ENa - gNa*v))/C`,
    m: gate('m', 'alphaM', 'betaM'),
    h: gate('h', 'alphaH', 'betaH'),
    n: gate('n', 'alphaN', 'betaN'),
  };
  const state: Record<string, number> = {
    v: REST,
    m: steady(hodgkinHuxleyRates.alphaM, hodgkinHuxleyRates.betaM),
    h: steady(hodgkinHuxleyRates.alphaH, hodgkinHuxleyRates.betaH),
    n: steady(hodgkinHuxleyRates.alphaN, hodgkinHuxleyRates.betaN),
  };
  if (extended)
    for (const [x, g] of Object.entries(EXTRA_GATES)) {
      equations[x] = `phi*(${g.inf} - ${x})/${g.tau}`;
      state[x] = g.at;
    }
  return defineNeuronModel({
    name,
    cite: extended
      ? 'Hodgkin & Huxley 1952, J Physiol 117:500; extra currents as in neural-simulator (danthi123), see seeds-deep §1.2'
      : 'Hodgkin & Huxley 1952, J Physiol 117:500–544',
    description: extended
      ? 'Hodgkin–Huxley with optional M, T-type Ca, h and persistent Na currents; all kinetics scaled by φ = Q10^((T − 6.3)/10).'
      : 'Squid giant axon (1952), rest −65 mV; rates scaled by φ = Q10^((T − 6.3)/10).',
    state,
    params: (extended ? { ...SQUID, ...EXTRA_PARAMS } : { ...SQUID }) as Record<string, number>,
    subexpressions: RATES,
    equations,
    threshold: 'v >= vThresh && v_prev < vThresh',
    integrator,
    currentUnit: 'µA/cm²',
  });
}

/** Hodgkin–Huxley squid axon, RK4 (see {@link hodgkinHuxleyModel} for other integrators). */
export const hodgkinHuxley1952 = hodgkinHuxleyModel();

/** Hodgkin–Huxley with the M, T-type Ca, h and persistent Na currents of the regional presets; exponential Euler. */
export const hodgkinHuxleyExtended = hodgkinHuxleyModel({ extended: true });
