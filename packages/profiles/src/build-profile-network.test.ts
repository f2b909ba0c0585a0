import { type NetworkDescription, ValidationError, validateNetwork } from '@spikegpu/core';
import { ModelRegistry } from '@spikegpu/models';
import { Simulation } from '@spikegpu/simulator';
import { describe, expect, it } from 'vitest';
import { assessActivity } from './assess-activity.js';
import { buildProfileNetwork } from './build-profile-network.js';
import { MODEL_FAMILIES } from './model-kits.js';
import { spatialIzhikevichNetwork } from './spatial-izhikevich-network.js';
import type { ModelFamily, StructureProfile } from './structure-profile.js';
import { findProfile, STRUCTURE_PROFILES } from './structure-profiles.js';

const registry = new ModelRegistry();
const names = Object.keys(STRUCTURE_PROFILES);

async function activityOf(net: NetworkDescription, durationMs: number) {
  const sim = await Simulation.create(net, { backend: 'cpu' });
  await sim.run(durationMs);
  return assessActivity(
    sim.plan.populations.map((p) => ({ size: p.size, ...sim.spikesOf(p.name) })),
    durationMs,
  );
}

/**
 * Profiles that cannot be alive with a family, and why. neural-simulator's STN and GPe presets carry
 * a persistent Na⁺ conductance of 0.8 mS/cm² that holds them in depolarisation block: in our
 * Hodgkin–Huxley model neither fires for any constant current from −60 to +30 µA/cm².
 */
const CANNOT: Partial<Record<ModelFamily, Record<string, string>>> = {
  'hodgkin-huxley': { 'stn-gpe': 'the STN and GPe presets never fire (persistent Na⁺ block)' },
};

describe('structure profiles', () => {
  it('has neural-simulator’s ten, the layered column and the spatial E/I network', () => {
    expect(names).toEqual([
      'generic',
      'cortex-l23',
      'hippocampus-ca1',
      'cerebellar-cortex',
      'spinal-segment',
      'striatum',
      'thalamus-tc-trn',
      'hippocampus-ca3',
      'cortex-l4',
      'stn-gpe',
      'cortical-column',
      'spatial-ei',
    ]);
    expect(findProfile('CORTEX_L23_RS_FS')).toBe(STRUCTURE_PROFILES['cortex-l23']);
  });

  for (const name of names)
    it(`${name}: builds a valid description for every model family, the same for the same seed`, () => {
      for (const model of MODEL_FAMILIES) {
        const net = buildProfileNetwork(name, { size: 300, seed: 7, model });
        expect(() => validateNetwork(net, registry), `${name} with ${model}`).not.toThrow();
        expect(net.populations.reduce((n, p) => n + p.size, 0)).toBe(300);
        expect(JSON.stringify(buildProfileNetwork(name, { size: 300, seed: 7, model }))).toBe(JSON.stringify(net));
      }
    });

  for (const name of names)
    it(`${name}: runs 50 ms on the CPU, alive and not seizure-like (Izhikevich 2007, 400 neurons)`, async () => {
      const assessment = await activityOf(buildProfileNetwork(name, { size: 400, seed: 1 }), 50);
      expect(assessment.verdict, assessment.reason).toBe('alive');
    });

  for (const model of ['izhikevich-2003', 'adex', 'lif', 'hodgkin-huxley'] as const)
    it(`every profile is alive and not seizure-like with ${model} (50 ms)`, async () => {
      const size = model === 'hodgkin-huxley' ? 50 : 300;
      for (const name of names) {
        const assessment = await activityOf(buildProfileNetwork(name, { size, seed: 1, model }), 50);
        expect(assessment.verdict, `${name}: ${assessment.reason}`).toBe(CANNOT[model]?.[name] ? 'silent' : 'alive');
      }
    });
});

describe('profile overrides, applied', () => {
  const projection = (net: NetworkDescription, name: string) => net.projections!.find((p) => p.name === name)!;

  it('motif rules make round(k · kFraction) links per neuron with the profile’s k', () => {
    const net = buildProfileNetwork('thalamus-tc-trn', { size: 1000, seed: 1 });
    expect(projection(net, 'tc->trn').connectivity).toEqual({ rule: 'fixed-outdegree', k: 6 }); // round(8 × 0.7)
    expect(projection(net, 'trn->trn').connectivity).toEqual({ rule: 'fixed-outdegree', k: 2 }); // round(8 × 0.3)
    expect(projection(buildProfileNetwork('thalamus-tc-trn', { size: 1000, seed: 1, k: 20 }), 'tc->trn').connectivity).toEqual({
      rule: 'fixed-outdegree',
      k: 14,
    });
  });

  it('small-world profiles use Watts–Strogatz with their k share and rewiring p', () => {
    const net = buildProfileNetwork('hippocampus-ca1', { size: 1000, seed: 1 });
    // k = 8 over 70 % excitatory: 5.6 links, rounded to an even 6 in the lattice; p_rewire 0.15.
    expect(projection(net, 'exc->exc').connectivity).toEqual({ rule: 'watts-strogatz', k: 6, p: 0.15 });
    expect(projection(net, 'exc->inh').connectivity).toEqual({ rule: 'fixed-outdegree', k: 2 });
  });

  it('the cerebellar profile has its fast synapses; the striatum inhibits only', () => {
    const cerebellum = buildProfileNetwork('cerebellar-cortex', { size: 200, seed: 1 });
    expect(cerebellum.populations[0]!.receptors).toEqual({
      exc: { kind: 'conductance', tauMs: 2, reversalMv: 0 },
      inh: { kind: 'conductance', tauMs: 8, reversalMv: -70 },
    });
    const striatum = buildProfileNetwork('striatum', { size: 200, seed: 1 });
    expect(striatum.populations.map((p) => p.sign)).toEqual(['inhibitory', 'inhibitory']);
    expect(striatum.projections!.every((p) => p.receptor === 'inh')).toBe(true);
  });

  it('uses each population’s own cell where it names one, and the profile’s HH preset otherwise', () => {
    const thalamus = buildProfileNetwork('thalamus-tc-trn', { size: 200, seed: 1, model: 'izhikevich-2007' });
    expect(thalamus.populations.map((p) => p.params?.vb)).toEqual([-65, -65]); // TC and RTN switch b at −65 mV
    const ca1 = buildProfileNetwork('hippocampus-ca1', { size: 200, seed: 1, model: 'hodgkin-huxley' });
    expect(ca1.populations[0]!.params).toMatchObject({ gNaP: 0.5, gM: 0.8 });
  });

  it('doubles L4e → L2/3e weights in the column and scales inhibition by g = 4', () => {
    const net = buildProfileNetwork('cortical-column', { size: 2000, seed: 1, model: 'lif' });
    const high = (name: string) => (projection(net, name).weight as { high: number }).high;
    const l23 = net.populations.find((p) => p.name === 'L23e')!;
    expect(l23.positions).toMatchObject({ layout: 'layers', layers: [{ topUm: 130, bottomUm: 580, fraction: 1 }] });
    // Same target, so the same normalisation for excitatory inputs: only the weight scale differs.
    expect(high('L4e->L23e') / high('L23e->L23e')).toBeCloseTo(2, 10);
    expect(projection(net, 'L23i->L23e').delayMs).toBe(0.75);
  });
});

describe('user profiles', () => {
  const mine: StructureProfile = {
    name: 'my-e-i',
    label: 'E/I',
    description: '80/20 with a motif',
    cite: 'mine',
    populations: [
      { name: 'e', sign: 'excitatory', fraction: 0.8 },
      { name: 'i', sign: 'inhibitory', fraction: 0.2, cells: { 'izhikevich-2007': 'LTS' } },
    ],
    wiring: {
      kind: 'motif',
      rules: [
        { source: 'e', target: 'i', kFraction: 1, weightScale: 1 },
        { source: 'i', target: 'e', kFraction: 1, weightScale: 1 },
      ],
    },
  };

  it('builds a profile given as JSON', () => {
    const net = buildProfileNetwork(JSON.parse(JSON.stringify(mine)), { size: 100, seed: 2 });
    expect(() => validateNetwork(net, registry)).not.toThrow();
    expect(net.populations[1]!.params?.vPeakU).toBe(-0.1);
  });

  const broken = (edit: (p: StructureProfile) => void) => {
    const copy = JSON.parse(JSON.stringify(mine)) as StructureProfile;
    edit(copy);
    return () => buildProfileNetwork(copy, { size: 100, seed: 2 });
  };
  const cases: Array<[string, (p: StructureProfile) => void, RegExp]> = [
    [
      'an unknown population in a rule',
      (p) => void (p.wiring = { kind: 'motif', rules: [{ source: 'e', target: 'I', kFraction: 1, weightScale: 1 }] }),
      /^profile\.wiring\.rules\[0\]\.target: unknown population "I".*did you mean 'i'/,
    ],
    ['a negative fraction', (p) => void (p.populations[0]!.fraction = -0.8), /^profile\.populations\[0\]\.fraction: expected a number ≥ 0, got -0\.8/],
    [
      'an unknown preset',
      (p) => void (p.populations[1]!.cells = { 'izhikevich-2007': 'LTs' }),
      /^profile\.populations\[1\]\.cells\.izhikevich-2007: .*did you mean 'LTS'/,
    ],
    ['an unknown wiring', (p) => void ((p.wiring as { kind: string }).kind = 'motifs'), /^profile\.wiring\.kind: .*did you mean 'motif'/],
    ['a misspelt field', (p) => void ((p as unknown as Record<string, unknown>).rewire = 0.1), /^profile\.rewire: .*did you mean 'rewireP'/],
    ['a rewiring p above 1', (p) => void (p.rewireP = 1.5), /^profile\.rewireP: expected a number in \[0, 1\], got 1\.5/],
  ];
  for (const [what, edit, message] of cases)
    it(`refuses ${what}, naming the field`, () => {
      expect(broken(edit)).toThrow(ValidationError);
      expect(broken(edit)).toThrow(message);
    });

  it('names an unknown profile and suggests the closest', () => {
    expect(() => buildProfileNetwork('cortex-l2/3', { size: 100, seed: 1 })).toThrow(ValidationError);
    expect(() => buildProfileNetwork('cortex-l2/3', { size: 100, seed: 1 })).toThrow(
      /^profile: unknown structure profile 'cortex-l2\/3'.*did you mean 'cortex-l23'/,
    );
    expect(() => buildProfileNetwork('generic', { size: 100, seed: 1, model: 'izhikevich' as ModelFamily })).toThrow(/^model: expected a model family/);
    expect(() => buildProfileNetwork('cortical-column', { size: 5, seed: 1 })).toThrow(/^size: expected an integer ≥ 8/);
  });
});

describe('the CLI default network', () => {
  it('is a valid 10,000-neuron 3D spatial Izhikevich E/I network with conductance synapses and drive', () => {
    const net = spatialIzhikevichNetwork({ seed: 3 });
    expect(() => validateNetwork(net, registry)).not.toThrow();
    expect(net).toMatchObject({ name: 'spatial-izhikevich-10000', dt: 1, seed: 3 });
    expect(net.populations.map((p) => [p.name, p.size, p.model, p.sign, p.positions?.layout])).toEqual([
      ['exc', 8000, 'izhikevich-2003', 'excitatory', 'box'],
      ['inh', 2000, 'izhikevich-2003', 'inhibitory', 'box'],
    ]);
    expect(net.projections!.every((p) => p.connectivity.rule === 'distance-dependent' && (p.delayMs as { dist: string }).dist === 'distance')).toBe(true);
    expect(net.populations[0]!.receptors!.exc).toEqual({ kind: 'conductance', tauMs: 5, reversalMv: 0 });
    expect(net.inputs!.map((i) => `${i.kind}:${i.target}`)).toEqual(['current:exc', 'ou:exc', 'current:inh', 'ou:inh']);
  });
});
