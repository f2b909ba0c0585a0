import { ValidationError } from '@spikegpu/core';
import type { EngineSnapshot } from './engine.js';
import type { NetworkPlan } from './network-plan.js';
import { savedProjectionArrays } from './plasticity-plan.js';

/** Refuses a snapshot whose arrays do not match the plan's layout, naming what differs. */
export function checkSnapshot(plan: NetworkPlan, snapshot: EngineSnapshot, stateLength: number, ringLength: number): void {
  const mismatch = (what: string, expected: number, got: number) =>
    new ValidationError('', {
      code: 'snapshot-mismatch',
      path: `snapshot.${what}`,
      expected: `${expected} values (the network's layout)`,
      received: `${got} values`,
      hint: 'restore a snapshot into a simulation built from the same description',
    });
  if (!Number.isInteger(snapshot.step) || snapshot.step < 0)
    throw new ValidationError('', { code: 'snapshot-mismatch', path: 'snapshot.step', expected: 'an integer ≥ 0', received: snapshot.step });
  if (snapshot.state.length !== stateLength) throw mismatch('state', stateLength, snapshot.state.length);
  if (snapshot.inputRing.length !== ringLength) throw mismatch('inputRing', ringLength, snapshot.inputRing.length);
  if (snapshot.spikeTotals.length !== plan.populations.length) throw mismatch('spikeTotals', plan.populations.length, snapshot.spikeTotals.length);
  const saved = savedProjectionArrays(plan);
  // Plasticity state this network does not keep (another network's, or a newer version's) is refused, not dropped.
  for (const [name, stored] of Object.entries(snapshot.projections ?? {})) {
    const proj = plan.projections.find((p) => p.name === name);
    const keeps = proj ? saved.get(proj.index) : undefined;
    for (const array of Object.keys(stored))
      if (!keeps || !(array === 'weights' ? keeps.hasWeights : keeps.arrays.some((a) => a.name === array)))
        throw new ValidationError('', {
          code: 'snapshot-mismatch',
          path: `snapshot.projections.${name}.${array}`,
          expected: proj ? `only the plasticity state projection '${name}' keeps` : "plasticity state of this network's projections",
          received: `an array of ${stored[array]?.length ?? 0} values`,
          hint: 'restore a snapshot into a simulation built from the same description',
        });
  }
  for (const [index, { hasWeights, arrays }] of saved) {
    const proj = plan.projections[index] as NetworkPlan['projections'][number];
    const stored = snapshot.projections?.[proj.name];
    const expected = [...(hasWeights ? [{ name: 'weights', length: proj.csr.targets.length }] : []), ...arrays];
    for (const { name, length } of expected) {
      const values = stored?.[name];
      if (!values)
        throw new ValidationError('', {
          code: 'snapshot-mismatch',
          path: `snapshot.projections.${proj.name}.${name}`,
          expected: `the plasticity state '${name}' of projection '${proj.name}' (${length} values)`,
          received: undefined,
          hint: 'restore a snapshot into a simulation built from the same description',
        });
      if (values.length !== length) throw mismatch(`projections.${proj.name}.${name}`, length, values.length);
    }
  }
}
