import { invalid } from '@spikegpu/core';
import type { Csr } from './csr.js';
import { fieldPath } from './field-checks.js';

/** How axonal delay grows with distance. */
export interface ConductionSpec {
  /** Conduction velocity in µm/ms (1 m/s = 1000 µm/ms); must be positive. */
  velocityUmPerMs: number;
  /** Delay at distance 0 (synaptic delay), ms; default 0. */
  offsetMs?: number;
  /** Field path for error messages, e.g. `projections[0].delayMs`. */
  path?: string;
}

/**
 * Per-synapse axonal delays (ms) from the distance between the neurons it joins:
 * `offsetMs + |x_pre − x_post| / velocityUmPerMs`, in CSR order. The simulator rounds them to steps.
 *
 * @example
 * ```ts
 * const delaysMs = distanceDelays(csr, positions, positions, { velocityUmPerMs: 500, offsetMs: 0.5 }); // 0.5 m/s
 * ```
 */
export function distanceDelays(csr: Csr, sourcePositions: Float32Array, targetPositions: Float32Array, spec: ConductionSpec): Float32Array {
  const path = spec.path ?? 'delayMs';
  const velocity = spec.velocityUmPerMs;
  const offset = spec.offsetMs ?? 0;
  if (typeof velocity !== 'number' || !Number.isFinite(velocity) || velocity <= 0) {
    throw invalid(fieldPath(path, 'velocityUmPerMs'), 'a positive number (µm/ms; 1 m/s = 1000 µm/ms)', velocity);
  }
  if (typeof offset !== 'number' || !Number.isFinite(offset) || offset < 0) throw invalid(fieldPath(path, 'offsetMs'), 'a non-negative number', offset);
  if (sourcePositions.length !== 3 * csr.sourceSize)
    throw invalid('sourcePositions', `${3 * csr.sourceSize} coordinates (x, y, z per neuron)`, sourcePositions.length);
  if (targetPositions.length !== 3 * csr.targetSize)
    throw invalid('targetPositions', `${3 * csr.targetSize} coordinates (x, y, z per neuron)`, targetPositions.length);
  const delays = new Float32Array(csr.targets.length);
  for (let row = 0; row < csr.sourceSize; row++) {
    const x = sourcePositions[3 * row] as number;
    const y = sourcePositions[3 * row + 1] as number;
    const z = sourcePositions[3 * row + 2] as number;
    const end = csr.rowOffsets[row + 1] as number;
    for (let s = csr.rowOffsets[row] as number; s < end; s++) {
      const target = csr.targets[s] as number;
      const dx = (targetPositions[3 * target] as number) - x;
      const dy = (targetPositions[3 * target + 1] as number) - y;
      const dz = (targetPositions[3 * target + 2] as number) - z;
      delays[s] = offset + Math.sqrt(dx * dx + dy * dy + dz * dz) / velocity;
    }
  }
  return delays;
}
