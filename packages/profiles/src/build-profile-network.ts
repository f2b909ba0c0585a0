import {
  type ConnectivitySpec,
  type DistanceDelaySpec,
  didYouMean,
  type InputSpec,
  invalid,
  type NetworkDescription,
  type PopulationSpec,
  type PositionSpec,
  type ProjectionSpec,
} from '@spikegpu/core';
import { neuronPreset } from '@spikegpu/models';
import { type CellDrive, DRIVE_TAU_MS, LIF_COBA_CELL, MODEL_FAMILIES, MODEL_KITS } from './model-kits.js';
import { type ModelFamily, PROFILE_DEFAULTS, type ProfilePopulation, type StructureProfile } from './structure-profile.js';
import { findProfile } from './structure-profiles.js';
import { validateStructureProfile } from './validate-structure-profile.js';

/**
 * A synapse of weight 1 gives the target a conductance of this many times its capacitance per ms: a
 * jump of g/C = 0.01 ms⁻¹ that, with a 5 ms decay and 60 mV of driving force, depolarises a cell at
 * rest by about 3 mV whatever its size or units. Profile weights are U(0.05, 1) × weightScale of it.
 */
export const CONDUCTANCE_PER_CAPACITANCE = 0.01;

/** Reversal potentials of the profiles' receptors (neural-simulator's `syn_reversal_potential_e/i`), mV. */
const EXCITATORY_REVERSAL_MV = 0;
const INHIBITORY_REVERSAL_MV = -70;

/** Options of {@link buildProfileNetwork}. */
export interface ProfileNetworkOptions {
  /** Neurons in all; split over the populations by their fractions (at least one each). */
  size: number;
  /** Seed of the description (positions, connectivity, weights, initial state, noise). */
  seed: number;
  /** Model family; default `izhikevich-2007` (neural-simulator's recommended model). */
  model?: ModelFamily;
  /** Multiplies every population's background drive (neural-simulator's `*_external_drive_scale`); default 1. */
  driveScale?: number;
  /** Multiplies every synaptic weight; default 1. */
  weightScale?: number;
  /** Integration step, ms; default the model kit's. */
  dt?: number;
  /** Links per neuron, instead of the profile's `k`. */
  k?: number;
  /** Hodgkin–Huxley preset for every population without its own, instead of the profile's `hhPreset`. */
  hhPreset?: string;
}

/**
 * Builds a network description from a structure profile: populations sized by their fractions, cells
 * and background drive from the model family's kit ({@link MODEL_KITS}), conductance synapses
 * (excitatory 0 mV, inhibitory −70 mV, τ from the profile), neurons placed in space, and the profile's
 * wiring with its overrides (k, rewiring p, synaptic time constants) applied. The description is plain
 * data: validate, save or edit it before running.
 *
 * @example
 * ```ts
 * const net = buildProfileNetwork('thalamus-tc-trn', { size: 2000, seed: 1, model: 'izhikevich-2007' });
 * const sim = await Simulation.create(net);
 * ```
 * @throws {ValidationError} for an unknown profile (with a suggestion) or bad options, naming the field.
 */
export function buildProfileNetwork(profile: string | StructureProfile, options: ProfileNetworkOptions): NetworkDescription {
  const spec = typeof profile === 'string' ? findProfile(profile) : validateStructureProfile(profile);
  const family = options.model ?? 'izhikevich-2007';
  if (!(MODEL_FAMILIES as readonly string[]).includes(family))
    throw invalid('model', `a model family: ${MODEL_FAMILIES.join(', ')}`, family, didYouMean(String(family), MODEL_FAMILIES), 'unknown-family');
  const kit = MODEL_KITS[family];
  const size = options.size;
  if (!Number.isInteger(size) || size < spec.populations.length)
    throw invalid('size', `an integer ≥ ${spec.populations.length} (one neuron per population at least)`, size);
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) throw invalid('seed', 'an unsigned 32-bit integer', options.seed);
  for (const field of ['driveScale', 'weightScale', 'k'] as const) {
    const value = options[field];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) throw invalid(field, 'a number ≥ 0', value);
  }
  const k = options.k ?? spec.k ?? PROFILE_DEFAULTS.k;
  const dt = options.dt ?? kit.dt;
  const driveScale = options.driveScale ?? 1;
  const weightScale = options.weightScale ?? 1;
  const inhibitoryGain = spec.inhibitoryGain ?? PROFILE_DEFAULTS.inhibitoryGain;
  const hhPreset = options.hhPreset ?? spec.hhPreset ?? PROFILE_DEFAULTS.hhPreset;

  const sizes = apportion(
    spec.populations.map((p) => p.fraction),
    size,
  );
  const placement = placementOf(spec, size);
  const receptors = {
    exc: { kind: 'conductance' as const, tauMs: spec.excitatoryTauMs ?? PROFILE_DEFAULTS.excitatoryTauMs, reversalMv: EXCITATORY_REVERSAL_MV },
    inh: { kind: 'conductance' as const, tauMs: spec.inhibitoryTauMs ?? PROFILE_DEFAULTS.inhibitoryTauMs, reversalMv: INHIBITORY_REVERSAL_MV },
  };
  const capacitance = new Map<string, number>();
  const inputs: InputSpec[] = [];
  const populations: PopulationSpec[] = spec.populations.map((pop, index) => {
    const cellName = cellOf(pop, family, kit.excitatory, kit.inhibitory, hhPreset);
    const cell = family === 'lif' ? { ...LIF_COBA_CELL, params: { ...LIF_COBA_CELL.params } } : neuronPreset(family, cellName);
    capacitance.set(pop.name, (cell.params as Record<string, number>).C ?? 1);
    const drive = (kit.drive[cellName] ?? kit.drive[pop.sign === 'excitatory' ? kit.excitatory : kit.inhibitory]) as CellDrive;
    const scale = driveScale * (pop.driveScale ?? 1);
    if (drive.high !== 0 || drive.low !== 0)
      inputs.push({ kind: 'current', target: pop.name, amplitude: { dist: 'uniform', low: drive.low * scale, high: drive.high * scale } });
    if (drive.sd > 0) inputs.push({ kind: 'ou', target: pop.name, mean: 0, sd: drive.sd * scale, tauMs: DRIVE_TAU_MS });
    const [vLow, vHigh] = kit.restMv;
    return {
      name: pop.name,
      size: sizes[index] as number,
      model: cell.model,
      params: cell.params,
      init: { ...('init' in cell ? cell.init : {}), v: { dist: 'uniform', low: vLow, high: vHigh } },
      receptors,
      positions: placement(pop),
      sign: pop.sign,
    };
  });

  const signOf = new Map(spec.populations.map((p) => [p.name, p.sign]));
  const sizeOf = new Map(populations.map((p) => [p.name, p.size]));
  const wired: WiredPair[] = wire(spec, k, sizeOf, size);
  // In-degree normalisation: the kits' weights are calibrated for neural-simulator's k = 10 inputs; a
  // target with K > 10 inputs of a sign gets that sign's weights × √(10/K), the scaling of balanced
  // networks (van Vreeswijk & Sompolinsky 1996), so a profile keeps its regime at any size and density.
  const inDegree = new Map<string, number>();
  for (const pair of wired) {
    const key = `${pair.target}/${signOf.get(pair.source)}`;
    inDegree.set(key, (inDegree.get(key) ?? 0) + pair.expectedInDegree);
  }
  const projections: ProjectionSpec[] = wired.map(({ source, target, connectivity, weightScale: scale }) => {
    const isExcitatory = signOf.get(source) === 'excitatory';
    const normalisation = Math.sqrt(REFERENCE_IN_DEGREE / Math.max(REFERENCE_IN_DEGREE, inDegree.get(`${target}/${signOf.get(source)}`) as number));
    const unit = CONDUCTANCE_PER_CAPACITANCE * (capacitance.get(target) as number) * weightScale * scale * normalisation * (isExcitatory ? 1 : inhibitoryGain);
    const delayMs: number | DistanceDelaySpec = spec.delayMs
      ? Math.max(dt, isExcitatory ? spec.delayMs.excitatory : spec.delayMs.inhibitory)
      : { dist: 'distance', velocityUmPerMs: PROFILE_DEFAULTS.conductionVelocityUmPerMs, offsetMs: Math.max(dt, PROFILE_DEFAULTS.synapticDelayMs) };
    return {
      name: `${source}->${target}`,
      source,
      target,
      connectivity,
      receptor: isExcitatory ? 'exc' : 'inh',
      // neural-simulator's weights: U(hebbian_min_weight 0.05, hebbian_max_weight 1.0) × weight_scale.
      weight: { dist: 'uniform', low: 0.05 * unit, high: unit },
      delayMs,
    };
  });
  return {
    name: `${spec.name}-${family}-${size}`,
    dt,
    seed: options.seed,
    populations,
    projections,
    inputs,
  };
}

/** The in-degree the model kits are calibrated for: neural-simulator's `connectivity_k`. */
const REFERENCE_IN_DEGREE = 10;

/** One projection a profile's wiring asks for, with the mean number of inputs it gives a target neuron. */
interface WiredPair {
  source: string;
  target: string;
  connectivity: ConnectivitySpec;
  weightScale: number;
  expectedInDegree: number;
}

/** The projections of a profile's wiring at the given population sizes. */
function wire(spec: StructureProfile, k: number, sizeOf: Map<string, number>, size: number): WiredPair[] {
  const pairs: WiredPair[] = [];
  const sizeOfName = (name: string) => sizeOf.get(name) as number;
  /** Fixed out-degree, at most the candidates there are (all of the target, less the neuron itself). */
  const outdegree = (source: string, target: string, links: number, weightScale: number) => {
    const degree = Math.min(links, sizeOfName(target) - (source === target ? 1 : 0));
    if (degree > 0)
      pairs.push({
        source,
        target,
        connectivity: { rule: 'fixed-outdegree', k: degree },
        weightScale,
        expectedInDegree: (degree * sizeOfName(source)) / sizeOfName(target),
      });
  };
  const wiring = spec.wiring;
  switch (wiring.kind) {
    case 'motif':
      for (const rule of wiring.rules) outdegree(rule.source, rule.target, Math.round(k * rule.kFraction), rule.weightScale);
      return pairs;
    case 'probability':
      for (const rule of wiring.rules)
        if (rule.p > 0)
          pairs.push({
            source: rule.source,
            target: rule.target,
            connectivity: { rule: 'fixed-probability', p: rule.p },
            weightScale: rule.weightScale ?? 1,
            expectedInDegree: rule.p * sizeOfName(rule.source),
          });
      return pairs;
    case 'distance': {
      const densityPerUm3 = (spec.densityPerMm3 ?? PROFILE_DEFAULTS.densityPerMm3) / 1e9;
      for (const rule of wiring.rules) {
        if (rule.p0 === 0) continue;
        const profile = rule.profile ?? 'gaussian';
        const cutoffUm = rule.cutoffUm ?? (profile === 'gaussian' ? 3 : 5) * rule.scaleUm;
        // ∫ p(d) over space (the expected inputs far from the faces of the volume), at most p0 per source neuron.
        const reachUm3 = profile === 'gaussian' ? (2 * Math.PI) ** 1.5 * rule.scaleUm ** 3 : 8 * Math.PI * rule.scaleUm ** 3;
        const sourceDensity = (densityPerUm3 * sizeOfName(rule.source)) / size;
        pairs.push({
          source: rule.source,
          target: rule.target,
          connectivity: { rule: 'distance-dependent', profile, p0: rule.p0, scaleUm: rule.scaleUm, cutoffUm },
          weightScale: rule.weightScale ?? 1,
          expectedInDegree: Math.min(rule.p0 * sizeOfName(rule.source), rule.p0 * sourceDensity * reachUm3),
        });
      }
      return pairs;
    }
    case 'small-world': {
      const rewireP = spec.rewireP ?? PROFILE_DEFAULTS.rewireP;
      for (const { name: source } of spec.populations)
        for (const { name: target } of spec.populations) {
          const share = (k * sizeOfName(target)) / size;
          if (source !== target) {
            outdegree(source, target, Math.round(share), 1);
            continue;
          }
          // The lattice part: k·share links, rounded to an even number below the population size.
          const lattice = Math.min(2 * Math.round(share / 2), sizeOfName(target) - 1 - ((sizeOfName(target) - 1) % 2));
          if (lattice >= 2)
            pairs.push({ source, target, connectivity: { rule: 'watts-strogatz', k: lattice, p: rewireP }, weightScale: 1, expectedInDegree: lattice });
        }
      return pairs;
    }
  }
}

/** The preset a population uses with a family. */
function cellOf(pop: ProfilePopulation, family: ModelFamily, excitatory: string, inhibitory: string, hhPreset: string): string {
  const own = pop.cells?.[family];
  if (own) return own;
  if (family === 'hodgkin-huxley') return hhPreset;
  return pop.sign === 'excitatory' ? excitatory : inhibitory;
}

/** Where each population goes: a shared box centred on the origin, or its layer's band under a common square. */
function placementOf(spec: StructureProfile, size: number): (pop: ProfilePopulation) => PositionSpec {
  const densityPerUm3 = (spec.densityPerMm3 ?? PROFILE_DEFAULTS.densityPerMm3) / 1e9;
  const layered = spec.populations.filter((p) => p.layer);
  if (layered.length === 0) {
    const side = Math.cbrt(size / densityPerUm3);
    return () => ({ layout: 'box', sizeUm: [side, side, side], originUm: [-side / 2, -side / 2, -side / 2] });
  }
  const top = Math.min(...layered.map((p) => p.layer!.topUm));
  const bottom = Math.max(...layered.map((p) => p.layer!.bottomUm));
  const widthUm = Math.sqrt(size / (densityPerUm3 * Math.max(1, bottom - top)));
  return (pop) => {
    const layer = pop.layer ?? { topUm: top, bottomUm: bottom };
    return { layout: 'layers', widthUm, layers: [{ topUm: layer.topUm, bottomUm: layer.bottomUm, fraction: 1 }] };
  };
}

/** Whole counts in proportion to `weights` summing to `total`, largest remainders, each at least one. */
function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] as number) + 1;
    left--;
  }
  // Populations lifted to one neuron come out of the largest.
  while (left < 0) {
    const largest = counts.indexOf(Math.max(...counts));
    counts[largest] = (counts[largest] as number) - 1;
    left++;
  }
  return counts;
}
