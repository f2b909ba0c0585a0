// Runs once per step, after the neuron updates: notes where this step's recorded spikes end, adds
// the step's spike counts to the running totals, and clears the counters of the other parity (last
// step's, already propagated).

struct StepInfo { step: u32, parity: u32, zero: u32, slot: u32, stepInBatch: u32, seed: u32 }

override POP_COUNT: u32;
override POP_STRIDE: u32;

@group(0) @binding(0) var<uniform> info: StepInfo;
@group(0) @binding(1) var<storage, read_write> spikeCounts: array<u32>;
@group(0) @binding(2) var<storage, read_write> recordCount: array<u32>;   // [0] = spikes recorded so far in this batch
@group(0) @binding(3) var<storage, read_write> stepEnds: array<u32>;
@group(0) @binding(4) var<storage, read_write> spikeTotals: array<u32>;  // per population: low word, high word

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_id) lid: vec3u) {
  for (var p = lid.x; p < POP_COUNT; p += 64u) {
    spikeCounts[(1u - info.parity) * POP_STRIDE + p] = 0u;
    let low = spikeTotals[2u * p];
    let sum = low + spikeCounts[info.parity * POP_STRIDE + p];
    spikeTotals[2u * p] = sum;
    if (sum < low) {
      spikeTotals[2u * p + 1u] += 1u;
    }
  }
  if (lid.x == 0u) {
    stepEnds[info.stepInBatch] = recordCount[0];
  }
}
