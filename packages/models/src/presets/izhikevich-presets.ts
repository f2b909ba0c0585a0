import type { NeuronPreset, PresetStimulus, PresetTable } from './neuron-preset.js';

const PAPER_2003 = 'Izhikevich 2003, IEEE Trans Neural Netw 14:1569, Fig. 2';
const FIGURE_2004 = 'Izhikevich 2004, IEEE Trans Neural Netw 15:1063, Fig. 1 (and its figure1.m)';

const cell2003 = (label: string, a: number, b: number, c: number, d: number, stimulus?: PresetStimulus): NeuronPreset => ({
  model: 'izhikevich-2003',
  label,
  params: { a, b, c, d },
  init: { v: -65, u: b * -65 },
  cite: PAPER_2003,
  ...(stimulus ? { stimulus } : {}),
});
const figure2004 = (label: string, a: number, b: number, c: number, d: number, v0: number, stimulus?: PresetStimulus): NeuronPreset => ({
  model: 'izhikevich-2003',
  label,
  params: { a, b, c, d },
  init: { v: v0, u: b * v0 },
  cite: FIGURE_2004,
  ...(stimulus ? { stimulus } : {}),
});
const step = (amplitude: number, startMs: number, totalMs: number, durationMs?: number, base?: number): PresetStimulus => ({
  kind: 'step',
  amplitude,
  startMs,
  totalMs,
  ...(durationMs === undefined ? {} : { durationMs }),
  ...(base === undefined ? {} : { base }),
});

/**
 * Presets of the 2003 model (v′ = 0.04v² + 5v + 140 − u + I): the seven cortical and thalamic classes of
 * the 2003 paper (RS, IB, CH, FS, LTS, TC, RZ) and the features of the 2004 "Which model" figure that
 * this form covers, with the figure's stimulus and initial state (u = b·v). Not included: class-1
 * excitability and integrator (the figure uses 4.1v + 108 instead of 5v + 140) and accommodation
 * (u′ = a(b(v + 65)) with a different reset) — they need other equations. Inhibition-induced bursting
 * keeps firing after its window ends with this model's two Jacobi half-steps (the figure integrates v
 * then u with the new v, at 0.5 ms); its pattern is not reproduced here.
 */
export const izhikevich2003Presets: PresetTable = {
  RS: cell2003('regular spiking (excitatory cortical)', 0.02, 0.2, -65, 8, step(10, 10, 200)),
  IB: cell2003('intrinsically bursting', 0.02, 0.2, -55, 4, step(10, 10, 200)),
  CH: cell2003('chattering (fast rhythmic bursting)', 0.02, 0.2, -50, 2, step(10, 10, 200)),
  FS: cell2003('fast spiking (inhibitory cortical)', 0.1, 0.2, -65, 2, step(10, 10, 200)),
  LTS: cell2003('low-threshold spiking (inhibitory cortical)', 0.02, 0.25, -65, 2, step(10, 10, 200)),
  TC: cell2003('thalamo-cortical (tonic from rest, rebound burst from hyperpolarisation)', 0.02, 0.25, -65, 0.05),
  RZ: cell2003('resonator', 0.1, 0.26, -65, 2),
  'tonic-spiking': figure2004('(A) tonic spiking', 0.02, 0.2, -65, 6, -70, step(14, 10, 100)),
  'phasic-spiking': figure2004('(B) phasic spiking', 0.02, 0.25, -65, 6, -64, step(0.5, 20, 200)),
  'tonic-bursting': figure2004('(C) tonic bursting', 0.02, 0.2, -50, 2, -70, step(15, 22, 220)),
  'phasic-bursting': figure2004('(D) phasic bursting', 0.02, 0.25, -55, 0.05, -64, step(0.6, 20, 200)),
  'mixed-mode': figure2004('(E) mixed mode', 0.02, 0.2, -55, 4, -70, step(10, 16, 160)),
  'spike-frequency-adaptation': figure2004('(F) spike frequency adaptation', 0.01, 0.2, -65, 8, -70, step(30, 8.5, 85)),
  'class-2-excitable': figure2004('(H) class 2 excitable', 0.2, 0.26, -65, 0, -64, { kind: 'ramp', base: -0.5, slopePerMs: 0.015, startMs: 30, totalMs: 300 }),
  'spike-latency': figure2004('(I) spike latency', 0.02, 0.2, -65, 6, -70, step(7.04, 10, 100, 3)),
  'subthreshold-oscillations': figure2004('(J) subthreshold oscillations', 0.05, 0.26, -60, 0, -62, step(2, 20, 200, 5)),
  resonator: figure2004('(K) resonator (the figure’s pulse pairs are not a step protocol)', 0.1, 0.26, -60, -1, -62),
  'rebound-spike': figure2004('(M) rebound spike', 0.03, 0.25, -60, 4, -64, step(-15, 20, 200, 5)),
  'rebound-burst': figure2004('(N) rebound burst', 0.03, 0.25, -52, 0, -64, step(-15, 20, 200, 5)),
  'threshold-variability': figure2004('(O) threshold variability (the figure’s pulse sequence is not a step protocol)', 0.03, 0.25, -60, 4, -64),
  bistability: figure2004('(P) bistability', 0.1, 0.26, -60, 0, -61, step(1.24, 37.5, 300, 5, 0.24)),
  DAP: figure2004('(Q) depolarising after-potential', 1, 0.2, -60, -21, -70, step(20, 9, 50, 2)),
  'inhibition-induced-spiking': figure2004('(S) inhibition-induced spiking', -0.02, -1, -60, 8, -63.8, step(75, 50, 350, 200, 80)),
  'inhibition-induced-bursting': figure2004('(T) inhibition-induced bursting', -0.026, -1, -45, -2, -63.8, step(75, 50, 350, 200, 80)),
};

const BOOK = 'Izhikevich 2007, Dynamical Systems in Neuroscience, MIT Press';
const book = (label: string, figure: string, params: Record<string, number>, stimulus?: PresetStimulus): NeuronPreset => ({
  model: 'izhikevich-2007',
  label,
  params,
  init: { v: params.vr as number, u: 0 },
  cite: `${BOOK}, ${figure}`,
  ...(stimulus ? { stimulus } : {}),
});

/**
 * The book's cortical and thalamic cells for the 2007 form (C in pF, I in pA). The FS interneuron has
 * d = 0 and the cubic u-nullcline above vb = −55 mV (neural-simulator's d = −55 is vb misread as d); the
 * LTS and TC cells have u-dependent spike cut-offs and resets; TC and RTN switch b at −65 mV. The book
 * also caps the LTS cell's u at 670, which this model does not.
 */
export const izhikevich2007Presets: PresetTable = {
  RS: book(
    'layer 5 regular-spiking pyramidal cell',
    'Fig. 8.12',
    { C: 100, k: 0.7, vr: -60, vt: -40, vPeak: 35, a: 0.03, b: -2, c: -50, d: 100 },
    step(70, 50, 500),
  ),
  IB: book(
    'layer 5 intrinsically bursting cell',
    'Fig. 8.19',
    { C: 150, k: 1.2, vr: -75, vt: -45, vPeak: 50, a: 0.01, b: 5, c: -56, d: 130 },
    step(550, 50, 500),
  ),
  CH: book('cat V1 chattering cell', 'Fig. 8.23', { C: 50, k: 1.5, vr: -60, vt: -40, vPeak: 25, a: 0.03, b: 1, c: -40, d: 150 }, step(400, 50, 500)),
  LTS: book(
    'rat barrel cortex low-threshold-spiking interneuron',
    'Fig. 8.25',
    { C: 100, k: 1, vr: -56, vt: -42, vPeak: 40, vPeakU: -0.1, a: 0.03, b: 8, c: -53, cU: 0.04, d: 20 },
    step(100, 50, 500),
  ),
  FS: book(
    'rat visual cortex layer 5 fast-spiking interneuron',
    'Fig. 8.27',
    { C: 20, k: 1, vr: -55, vt: -40, vPeak: 25, a: 0.2, b: 0, bLow: 0, bCubic: 0.025, vb: -55, c: -45, d: 0 },
    step(200, 50, 500),
  ),
  TC: book(
    'cat dorsal LGN thalamocortical cell',
    'Fig. 8.31',
    { C: 200, k: 1.6, vr: -60, vt: -50, vPeak: 35, vPeakU: 0.1, a: 0.01, b: 0, bLow: 15, vb: -65, c: -60, cU: -0.1, d: 10 },
    step(200, 50, 500),
  ),
  RTN: book(
    'rat reticular thalamic nucleus cell',
    'Fig. 8.32',
    { C: 40, k: 0.25, vr: -65, vt: -45, vPeak: 0, a: 0.015, b: 2, bLow: 10, vb: -65, c: -55, d: 50 },
    step(70, 50, 500),
  ),
};
