import { hodgkinHuxley1952 } from '@spikegpu/models';
import { describe, expect, it } from 'vitest';
import { generateBatchProgram } from './batch-kernel.js';
import { resolveBatch } from './batch-spec.js';

describe('generateBatchProgram', () => {
  it('computes what depends on parameters alone once per neuron, before the step loop (φ of a per-neuron temperature)', () => {
    const program = generateBatchProgram(resolveBatch({ model: hodgkinHuxley1952, size: 4, dtMs: 0.01, durationMs: 1, params: { T: [6.3, 10, 20, 30] } }));
    for (const [code, setup, loop] of [
      [program.wgsl, 'let sub_phi = dm_pow(', 'for (var step'],
      [program.js, 'const sub_phi = dmPow(', 'for (let step'],
    ] as const) {
      expect(code.split(setup)).toHaveLength(2);
      expect(code.indexOf(setup)).toBeLessThan(code.indexOf(loop));
      expect(code).toContain('sub1_alphaM = ');
    }
  });

  it('folds φ away at a constant temperature', () => {
    const program = generateBatchProgram(resolveBatch({ model: hodgkinHuxley1952, size: 4, dtMs: 0.01, durationMs: 1, params: { T: 16.3 } }));
    expect(program.wgsl).not.toContain('dm_pow');
    expect(program.wgsl).not.toContain('sub_phi');
  });
});
