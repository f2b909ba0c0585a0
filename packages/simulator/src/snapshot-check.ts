import { ValidationError } from '@spikegpu/core';
import type { EngineSnapshot } from './engine.js';
import type { NetworkPlan } from './network-plan.js';

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
}
