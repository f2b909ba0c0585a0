// Event-driven spike propagation for one projection: a workgroup per spiking presynaptic neuron
// walks that neuron's CSR row and adds each synapse's fixed-point weight into the input-ring slot
// (step + delay) mod RING_DEPTH of its target. Integer atomics make the sum independent of order.
// The grid is fixed (a few hundred workgroups, grid-striding over the step's spikes) rather than sized
// by indirect dispatch: measured on an H100 through Dawn/Vulkan, each dispatchWorkgroupsIndirect cost
// about 1 ms (its argument validation), while an idle workgroup costs nanoseconds.

struct StepInfo { step: u32, parity: u32, zero: u32, slot: u32, stepInBatch: u32, seed: u32 }

override WG: u32 = 128u;
override SRC_POP: u32;          // index of the source population in the spike counters
override SRC_BASE: u32;         // first global neuron index of the source population
override TOTAL_NEURONS: u32;
override POP_STRIDE: u32;       // counters per parity
override TARGET_BITS: u32;      // per-synapse delays: the low TARGET_BITS bits hold the target index
override TARGET_MASK: u32;      // (1 << TARGET_BITS) - 1, or all ones when the delay is constant
override CONST_DELAY: u32;      // 0: per-synapse delay in the high bits; else this many steps for all
override RING_DEPTH: u32;
override RING_STRIDE: u32;
override RING_BASE: u32;        // first ring cell of the target receptor block

@group(0) @binding(0) var<uniform> info: StepInfo;
@group(0) @binding(1) var<storage, read> spikeCounts: array<u32>;
@group(0) @binding(2) var<storage, read> spikeIds: array<u32>;
@group(0) @binding(3) var<storage, read> rowOffsets: array<u32>;
@group(0) @binding(4) var<storage, read> targets: array<u32>;
@group(0) @binding(5) var<storage, read> weights: array<i32>;
@group(0) @binding(6) var<storage, read_write> inputRing: array<atomic<i32>>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let count = spikeCounts[info.parity * POP_STRIDE + SRC_POP];
  for (var s = wid.x; s < count; s += groups.x) {
    let pre = spikeIds[info.parity * TOTAL_NEURONS + SRC_BASE + s];
    let begin = rowOffsets[pre];
    let end = rowOffsets[pre + 1u];
    for (var k = begin + lid.x; k < end; k += WG) {
      let packed = targets[k];
      var delay = CONST_DELAY;
      if (CONST_DELAY == 0u) {
        delay = packed >> TARGET_BITS;
      }
      var slot = info.slot + delay;
      if (slot >= RING_DEPTH) {
        slot -= RING_DEPTH;
      }
      atomicAdd(&inputRing[slot * RING_STRIDE + RING_BASE + (packed & TARGET_MASK)], weights[k]);
    }
  }
}
