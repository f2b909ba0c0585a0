import type { NetworkDescription } from '@spikegpu/core';
import { ModelRegistry } from '@spikegpu/models';
import { expect, it } from 'vitest';
import { planNetwork } from './network-plan.js';
import { generatePlasticColumnsWgsl, generatePlasticRowsWgsl, plasticProjectionSlots } from './plastic-propagation.js';

/** Ten neurons onto ten, one-to-one, with facilitating STP and additive STDP. */
const net: NetworkDescription = {
  dt: 0.5,
  seed: 1,
  populations: [
    { name: 'a', size: 10, model: 'lif' },
    { name: 'b', size: 10, model: 'lif' },
  ],
  projections: [
    {
      name: 'ab',
      source: 'a',
      target: 'b',
      connectivity: { rule: 'one-to-one' },
      weight: 0.5,
      plasticity: [
        { rule: 'tsodyks-markram', U: 0.05, tauDMs: 125, tauFMs: 1200 },
        { rule: 'stdp', wMax: 1 },
      ],
    },
  ],
};

it('generates the row and column passes of a plastic projection', () => {
  const plan = planNetwork(net, new ModelRegistry());
  const slots = plasticProjectionSlots(plan, () => 4);
  expect(generatePlasticRowsWgsl(plan, slots, 32)).toMatchInlineSnapshot(`
    "
    struct StepInfo { step: u32, parity: u32, zero: u32, slot: u32, stepInBatch: u32, seed: u32 }
    @group(0) @binding(0) var<uniform> info: StepInfo;
    @group(0) @binding(1) var<storage, read> spikeCounts: array<u32>;
    @group(0) @binding(2) var<storage, read> spikeIds: array<u32>;
    @group(0) @binding(3) var<storage, read> rowOffsets: array<u32>;
    @group(0) @binding(4) var<storage, read> targets: array<u32>;
    @group(0) @binding(5) var<storage, read_write> weights: array<f32>;
    @group(0) @binding(6) var<storage, read_write> inputRing: array<atomic<i32>>;
    @group(0) @binding(7) var<storage, read> plasticState: array<f32>;

    // ab: rows of spiking 'a' neurons
    fn rows_0(group: u32, lane: u32) {
      let step_slot = info.slot;
      let count = spikeCounts[info.parity * 2u + 0u];
      for (var s = group; s < count; s += 4u) {
        let pre = spikeIds[info.parity * 20u + 0u + s];
        let efficacy = plasticState[60u + pre];
        let end = rowOffsets[0u + pre + 1u];
        for (var k = rowOffsets[0u + pre] + lane; k < end; k += 32u) {
          let packed = targets[k];
          let post = packed;
          var slot = step_slot + 1u;
          if (slot >= 2u) { slot -= 2u; }
          var w = weights[k];
          atomicAdd(&inputRing[slot * 20u + 10u + post], i32(round(dm_pin(dm_pin(w * efficacy) * 1.0737418e9f))));
          let trace_yPost = plasticState[50u + post];
          w = min(max(dm_pin(w - dm_pin(0.0105f * trace_yPost)), 0.0f), 1.0f);
          weights[k] = w;
        }
      }
    }

    @compute @workgroup_size(32)
    fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
      dm_zero = info.zero;
      if (wid.x < 4u) { rows_0(wid.x - 0u, lid.x); return; }
    }
    "
  `);
  expect(generatePlasticColumnsWgsl(plan, slots, 32)).toMatchInlineSnapshot(`
    "
    struct StepInfo { step: u32, parity: u32, zero: u32, slot: u32, stepInBatch: u32, seed: u32 }
    @group(0) @binding(0) var<uniform> info: StepInfo;
    @group(0) @binding(1) var<storage, read> spikeCounts: array<u32>;
    @group(0) @binding(2) var<storage, read> spikeIds: array<u32>;
    @group(0) @binding(3) var<storage, read> colOffsets: array<u32>;
    @group(0) @binding(4) var<storage, read> columns: array<vec2u>;
    @group(0) @binding(5) var<storage, read_write> weights: array<f32>;
    @group(0) @binding(6) var<storage, read> plasticState: array<f32>;

    // ab: columns of spiking 'b' neurons
    fn columns_0(group: u32, lane: u32) {
      let count = spikeCounts[info.parity * 2u + 1u];
      for (var s = group; s < count; s += 4u) {
        let post = spikeIds[info.parity * 20u + 10u + s];
        let end = colOffsets[0u + post + 1u];
        for (var e = colOffsets[0u + post] + lane; e < end; e += 32u) {
          let entry = columns[e];
          let pre = entry.x;
          let k = entry.y;
          var w = weights[k];
          let trace_xPre = plasticState[30u + pre];
          w = min(max(dm_pin(w + dm_pin(0.01f * trace_xPre)), 0.0f), 1.0f);
          weights[k] = w;
        }
      }
    }

    @compute @workgroup_size(32)
    fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
      dm_zero = info.zero;
      if (wid.x < 4u) { columns_0(wid.x - 0u, lid.x); return; }
    }
    "
  `);
});
