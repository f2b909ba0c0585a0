import { type BuildContext, buildConnectivity, type Csr, distanceDelays, estimateSynapseCount, type WorkerPool } from '@spikegpu/connectivity';
import { constantOf, isConstantValue, isDistanceDelay, type NetworkDescription, type ProjectionSpec, resolveReceptor } from '@spikegpu/core';
import type { PlasticityRegistry } from '@spikegpu/plasticity';
import type { PopulationPlan, ProjectionPlan, ReceptorPlan } from './network-plan.js';
import { STREAMS } from './network-plan.js';
import { filledArray, fixedPointWeights, maxInDegree, openPlanPool, type PlannedWeights, planDelaySteps, planWeights, weightValues } from './plan-workers.js';
import { planProjectionPlasticity, plasticWeightBound } from './plasticity-plan.js';

/**
 * Builds every projection of a network: CSR, fixed-point weights, delays, plasticity, and the
 * fixed-point scale of each receptor (set on its {@link ReceptorPlan}). The per-synapse loops run on
 * `threads` threads (see {@link openPlanPool}); every random draw is keyed by (seed, stream, element),
 * so the plan is the same whatever the thread count.
 */
export function planProjections(
  net: NetworkDescription,
  populations: readonly PopulationPlan[],
  rules: PlasticityRegistry,
  threads: number | undefined,
  phasesMs: Record<string, number>,
): ProjectionPlan[] {
  const timed = phaseTimer(phasesMs);
  const seed = net.seed >>> 0;
  const byName = new Map(populations.map((p) => [p.name, p]));
  const specs = net.projections ?? [];
  const contextOf = (spec: ProjectionSpec, index: number): BuildContext => {
    const source = byName.get(spec.source) as PopulationPlan;
    const target = byName.get(spec.target) as PopulationPlan;
    return {
      sourceSize: source.size,
      targetSize: target.size,
      isSamePopulation: source === target,
      seed,
      stream: STREAMS.connectivity(index),
      path: `projections[${index}].connectivity`,
      ...(source.positions ? { sourcePositions: source.positions } : {}),
      ...(target.positions ? { targetPositions: target.positions } : {}),
    };
  };
  const expectedSynapses = () => specs.reduce((n, spec, index) => n + estimateSynapseCount(spec.connectivity, contextOf(spec, index)), 0);
  const pool = timed('workers', () => openPlanPool(threads, expectedSynapses));
  try {
    return buildAll(net, specs, byName, rules, contextOf, pool, timed);
  } finally {
    timed('workers', () => pool.close());
  }
}

type Timed = <T>(phase: string, work: () => T) => T;

/** Runs work and adds its wall-clock time to `phasesMs[phase]`. */
function phaseTimer(phasesMs: Record<string, number>): Timed {
  return (phase, work) => {
    const start = performance.now();
    try {
      return work();
    } finally {
      phasesMs[phase] = (phasesMs[phase] ?? 0) + performance.now() - start;
    }
  };
}

function buildAll(
  net: NetworkDescription,
  specs: readonly ProjectionSpec[],
  byName: ReadonlyMap<string, PopulationPlan>,
  rules: PlasticityRegistry,
  contextOf: (spec: ProjectionSpec, index: number) => BuildContext,
  pool: WorkerPool,
  timed: Timed,
): ProjectionPlan[] {
  const dt = net.dt;
  const seed = net.seed >>> 0;
  const usedNames = new Set<string>();
  const receptorBound = new Map<ReceptorPlan, number>();
  const plannedWeights: PlannedWeights[] = [];
  const projections: ProjectionPlan[] = specs.map((spec, index) => {
    const t0 = performance.now();
    const path = `projections[${index}]`;
    const source = byName.get(spec.source) as PopulationPlan;
    const target = byName.get(spec.target) as PopulationPlan;
    const receptorName = resolveReceptor(net.populations[target.index]!, spec.receptor, `${path}.receptor`);
    const receptor = target.receptors.find((r) => r.name === receptorName) as ReceptorPlan;
    let name = spec.name ?? `${spec.source}->${spec.target}`;
    for (let k = 2; usedNames.has(name); k++) name = `${spec.source}->${spec.target}#${k}`;
    usedNames.add(name);
    // On a parallel pool the arrays are shared memory (and stay so, but for a plastic projection's).
    let csr: Csr = timed('connectivity', () => buildConnectivity(spec.connectivity, { ...contextOf(spec, index), pool }));
    const count = csr.targets.length;
    const weights = timed('weights', () => planWeights(pool, spec.weight, count, seed, STREAMS.weights(index), `${path}.weight`));
    const delaySpec = spec.delayMs ?? dt;
    let delaySteps: Uint16Array | null = null;
    let constantDelaySteps = 1;
    let maxDelaySteps = 1;
    let distinctDelays = 1;
    if (!isDistanceDelay(delaySpec) && isConstantValue(delaySpec)) {
      constantDelaySteps = Math.max(1, Math.round(constantOf(delaySpec) / dt));
      maxDelaySteps = constantDelaySteps;
    } else {
      const delays = isDistanceDelay(delaySpec)
        ? {
            delaysMs: timed('delays', () =>
              distanceDelays(csr, source.positions as Float32Array, target.positions as Float32Array, { ...delaySpec, path: `${path}.delayMs` }),
            ),
          }
        : { spec: delaySpec };
      const planned = timed('delays', () => planDelaySteps(pool, delays, count, dt, seed, STREAMS.delays(index), `${path}.delayMs`));
      delaySteps = planned.steps;
      maxDelaySteps = planned.maxSteps;
      distinctDelays = Math.min(maxDelaySteps, planned.distinct);
    }
    // Bound on what can pile up in one ring cell: every input synapse at its largest weight, once per
    // distinct delay (a presynaptic neuron can spike in each of that many earlier steps).
    const inDegree = spec.connectivity.rule === 'fixed-indegree' ? (count > 0 ? spec.connectivity.k : 0) : timed('inDegree', () => maxInDegree(pool, csr));
    let plasticity = null;
    if (spec.plasticity && spec.plasticity.length > 0) {
      // A plastic projection keeps its CSR and float weights as they are: make them ordinary arrays now.
      plasticity = timed('plasticity', () => {
        const [rowOffsets, targets] = pool.unshare([csr.rowOffsets, csr.targets]) as [Uint32Array, Uint32Array];
        csr = { ...csr, rowOffsets, targets };
        return planProjectionPlasticity(rules, spec, path, receptor.spec, dt, csr, weightValues(pool, weights, count));
      });
    }
    const maxAbsWeight = Math.max(plasticWeightBound(plasticity), weights.largest);
    receptorBound.set(receptor, (receptorBound.get(receptor) ?? 0) + maxAbsWeight * inDegree * distinctDelays);
    plannedWeights.push(weights);
    return {
      index,
      name,
      source,
      target,
      receptor,
      csr,
      weightsFixed: new Int32Array(0),
      delaySteps,
      constantDelaySteps,
      maxDelaySteps,
      buildMs: performance.now() - t0,
      plasticity,
    };
  });

  for (const [receptor, bound] of receptorBound) {
    // Largest power of two that keeps the worst-case sum inside i32; capped so tiny networks keep
    // integers well away from the f32-exact range boundary of 2^24 per weight.
    receptor.scaleExp = bound > 0 ? Math.max(-60, Math.min(30, Math.floor(Math.log2(0x7fffffff / bound)))) : 0;
  }
  // Fixed-point weights (a static projection's f32 weights are not needed after: converted in place).
  // The arrays stay where the threads built them (shared memory on a parallel pool): the engines read
  // and upload them as they are.
  for (const projection of projections) {
    const weights = plannedWeights[projection.index] as PlannedWeights;
    const count = projection.csr.targets.length;
    const scaleExp = projection.receptor.scaleExp;
    projection.weightsFixed = timed(
      'fixedPoint',
      () =>
        fixedPointWeights(pool, weights, scaleExp, projection.plasticity === null) ??
        filledArray(pool, Int32Array, Math.round(weights.constant * 2 ** scaleExp), count),
    );
  }
  return projections;
}
