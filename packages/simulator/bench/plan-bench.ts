// Build time of a network plan (planNetwork: connectivity, weights, delays, fixed point), per phase,
// on 1 and all cores, and a check that every thread count gives the same plan.
// Default network: the benchmark case izhikevich-100k-indegree-1000 (10^5 neurons, 10^8 synapses).
//
// Run from source:  npx tsx --conditions=source packages/simulator/bench/plan-bench.ts [excitatory=80000] [inhibitory=20000] [inDegree=1000] [threads=1,<cores>]
// (from TypeScript source the plan has no worker threads: bundle it to measure threads)
// Bundled, as on the GPU machine:
//   npx esbuild packages/simulator/bench/plan-bench.ts --bundle --platform=node --format=esm --external:webgpu \
//     --conditions=source,import --loader:.wgsl=text --outfile=apps/cli/dist/plan-bench.mjs
//   node apps/cli/dist/plan-bench.mjs
// The bundle's workers load the bundle itself; the plan module serves them before this script's own code runs.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { builtinNeuronModels, ModelRegistry } from '@spikegpu/models';
import { izhikevich2003Network, type NetworkPlan, planNetwork } from '@spikegpu/simulator';

const excitatory = Number(process.argv[2] ?? 80_000);
const inhibitory = Number(process.argv[3] ?? 20_000);
const inDegree = Number(process.argv[4] ?? 1000);
const threadCounts = (process.argv[5] ?? [...new Set([1, availableParallelism()])].join(',')).split(',').map(Number);

/** A digest of every array the engines receive from the projections. */
function planDigest(plan: NetworkPlan): string {
  const hash = createHash('sha256');
  const add = (a: ArrayBufferView | null) => {
    if (a) hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  };
  for (const p of plan.projections) {
    add(p.csr.rowOffsets);
    add(p.csr.targets);
    add(p.weightsFixed);
    add(p.delaySteps);
    hash.update(`${p.receptor.scaleExp}/${p.maxDelaySteps}`);
  }
  return hash.digest('hex').slice(0, 16);
}

const registry = new ModelRegistry([...builtinNeuronModels]);
const network = izhikevich2003Network({ excitatory, inhibitory, inDegree });
console.log(`node ${process.version}, ${availableParallelism()} cores; ${network.name}: ${excitatory + inhibitory} neurons, in-degree ${inDegree}`);
const digests = new Set<string>();
for (const threads of threadCounts) {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const plan = planNetwork(network, registry, undefined, undefined, { threads });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const digest = planDigest(plan);
  digests.add(digest);
  const phases = Object.entries(plan.buildPhasesMs)
    .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(2)}`)
    .join(', ');
  console.log(
    `${String(threads).padStart(2)} thread${threads === 1 ? ' ' : 's'}: ${plan.totalSynapses.toExponential(3)} synapses, build ${seconds.toFixed(2)} s ` +
      `(CPU, all threads, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s; ${phases}) plan ${digest}`,
  );
}
if (digests.size > 1) {
  console.error(`different plans for different thread counts: ${[...digests].join(', ')}`);
  process.exitCode = 1;
}
