// A neuron model that spikegpu does not ship — the quadratic integrate-and-fire neuron (Latham et al.
// 2000, J Neurophysiol 83:808) — defined once and run in a small excitatory/inhibitory network on the
// GPU (when there is one) and on the CPU, from the same definition, with no hand-written WGSL.
// Usage: node run.mjs [--backend auto|webgpu|cpu|both] [--duration ms] [--seed n]
import { parseArgs } from 'node:util';
import { defineNeuronModel } from '@spikegpu/models';
import { Simulation } from '@spikegpu/simulator';

// τ dv/dt = (v − vr)(v − vt)/(vt − vr) + R·I: rest at vr, threshold (the unstable fixed point) at vt.
// The membrane runs away above vt; it is cut at vPeak and reset to vReset, then held for tRef ms.
const qif = defineNeuronModel({
  name: 'qif',
  cite: 'Latham, Richmond, Nelson & Nirenberg 2000, J Neurophysiol 83:808',
  state: { v: -65 },
  params: { tau: 10, vr: -65, vt: -50, R: 0.1, vPeak: 20, vReset: -70, tRef: 2 },
  equations: { v: '((v - vr)*(v - vt)/(vt - vr) + R*I)/tau' },
  threshold: 'v >= vPeak',
  reset: { v: 'vReset' },
  refractory: { periodMs: 'tRef', hold: ['v'] },
  integrator: 'rk4',
  currentUnit: 'pA (R in GΩ, so R·I is in mV)',
});

/** 400 excitatory and 100 inhibitory QIF neurons, 50 inputs each, driven by noisy currents. */
const network = (seed) => ({
  name: 'qif-ei',
  dt: 0.1,
  seed,
  populations: [
    {
      name: 'exc',
      size: 400,
      model: 'qif',
      params: { vt: { dist: 'normal', mean: -50, sd: 1 } },
      receptors: { exc: { kind: 'current', tauMs: 5 }, inh: { kind: 'current', tauMs: 10 } },
    },
    { name: 'inh', size: 100, model: 'qif', params: { tau: 5 }, receptors: { exc: { kind: 'current', tauMs: 5 }, inh: { kind: 'current', tauMs: 10 } } },
  ],
  projections: [
    { source: 'exc', target: 'exc', receptor: 'exc', connectivity: { rule: 'fixed-indegree', k: 40 }, weight: 30, delayMs: 1.5 },
    { source: 'exc', target: 'inh', receptor: 'exc', connectivity: { rule: 'fixed-indegree', k: 40 }, weight: 30, delayMs: 1.5 },
    { source: 'inh', target: 'exc', receptor: 'inh', connectivity: { rule: 'fixed-indegree', k: 10 }, weight: -120, delayMs: 1 },
    { source: 'inh', target: 'inh', receptor: 'inh', connectivity: { rule: 'fixed-indegree', k: 10 }, weight: -120, delayMs: 1 },
  ],
  inputs: [
    { kind: 'noise', target: 'exc', mean: 80, sd: 150 },
    { kind: 'noise', target: 'inh', mean: 80, sd: 150 },
  ],
});

const { values } = parseArgs({
  options: { backend: { type: 'string', default: 'both' }, duration: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } },
});
const backends = values.backend === 'both' ? ['cpu', 'auto'] : [values.backend];
for (const backend of backends) {
  const sim = await Simulation.create(network(Number(values.seed)), { backend, models: [qif], log: (m) => console.warn(`  (${m})`) });
  if (backend === 'auto' && sim.backend === 'cpu') {
    console.log('no WebGPU adapter: the CPU run above is the only one');
    sim.destroy();
    break;
  }
  const started = performance.now();
  await sim.run(Number(values.duration));
  const seconds = (performance.now() - started) / 1000;
  console.log(`QIF E/I network, ${sim.timeMs} ms on ${sim.backend} in ${seconds.toFixed(2)} s`);
  for (const p of await sim.summary())
    console.log(`  ${p.name.padEnd(4)} ${String(p.size).padStart(4)} neurons  ${p.rateHz.toFixed(2)} Hz  (${p.spikes} spikes)`);
  sim.destroy();
}
process.exit(0);
