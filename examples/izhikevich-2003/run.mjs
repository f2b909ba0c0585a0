// The network of Izhikevich (2003), Fig. 3: 800 excitatory and 200 inhibitory neurons, all-to-all,
// random thalamic input. Usage: node run.mjs [--backend auto|webgpu|cpu] [--duration ms] [--seed n]
import { parseArgs } from 'node:util';
import { izhikevich2003Network, Simulation } from '@spikegpu/simulator';

const { values } = parseArgs({
  options: { backend: { type: 'string', default: 'auto' }, duration: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } },
});
const sim = await Simulation.create(izhikevich2003Network({ seed: Number(values.seed) }), { backend: values.backend });
const started = performance.now();
await sim.run(Number(values.duration));
const seconds = (performance.now() - started) / 1000;
console.log(`Izhikevich (2003) network, ${sim.timeMs} ms on ${sim.backend} in ${seconds.toFixed(2)} s`);
for (const p of await sim.summary())
  console.log(`  ${p.name.padEnd(4)} ${String(p.size).padStart(4)} neurons  ${p.rateHz.toFixed(2)} Hz  (${p.spikes} spikes)`);
// A coarse raster of the first 300 ms: one character per 5 ms, '#' when >20 % of the excitatory cells fired.
const exc = sim.spikesOf('exc');
const bins = new Array(60).fill(0);
for (const t of exc.times) if (t < 300) bins[Math.floor(t / 5)]++;
console.log(`  exc activity 0–300 ms: ${bins.map((n) => (n > 160 ? '#' : n > 40 ? '+' : n > 0 ? '.' : ' ')).join('')}`);
sim.destroy();
process.exit(0);
