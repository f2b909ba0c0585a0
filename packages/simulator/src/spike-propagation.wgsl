// Event-driven spike propagation for every projection in one dispatch, plus the step's bookkeeping.
//
// Each projection owns a range of workgroups; a workgroup takes the step's spikes of the projection's
// source population in turn (grid-striding), walks each spiking neuron's CSR row and adds each
// synapse's fixed-point weight into input-ring slot (step + delay) mod RING_DEPTH of its target.
// Integer atomics make the sum independent of order, so every backend gets the same input.
//
// The grid is fixed (about one resident workgroup per slot of the GPU) rather than sized by indirect
// dispatch: measured on an H100 through Dawn/Vulkan, each dispatchWorkgroupsIndirect cost about 1 ms
// (argument validation), while an idle workgroup costs nanoseconds. One dispatch for all projections
// because each dispatch costs ~5 µs there.
//
// The last workgroup does the bookkeeping instead: it notes where this step's recorded spikes end,
// adds the step's spike counts to the totals and clears the other parity's counters (last step's,
// already propagated; the next step's update appends to them).

struct StepInfo { step: u32, parity: u32, zero: u32, slot: u32, stepInBatch: u32, seed: u32 }

struct Projection {
  sourcePopulation: u32,
  sourceBase: u32,      // first global neuron index of the source population
  firstGroup: u32,      // workgroups [firstGroup, firstGroup + groups) serve this projection
  groups: u32,
  rowBase: u32,         // offset of its row offsets in rowOffsets
  targetBits: u32,      // per-synapse delays: the low targetBits bits of a target word are the index
  targetMask: u32,      // (1 << targetBits) - 1, or all ones when the delay is constant
  constantDelay: u32,   // 0: delay in the high bits; else this many steps for every synapse
  ringBase: u32,        // first ring cell of the target receptor block
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

override WG: u32 = 128u;
override POP_COUNT: u32;
override PROJECTION_COUNT: u32;
override TOTAL_NEURONS: u32;
override RING_DEPTH: u32;
override RING_STRIDE: u32;
override BOOKKEEPING_GROUP: u32;  // the last workgroup's index

@group(0) @binding(0) var<uniform> info: StepInfo;
@group(0) @binding(1) var<storage, read_write> spikeCounts: array<u32>;  // [2 parities × POP_COUNT] counts, then [POP_COUNT × 2] totals (low, high)
@group(0) @binding(2) var<storage, read> spikeIds: array<u32>;
@group(0) @binding(3) var<storage, read> projections: array<Projection>;
@group(0) @binding(4) var<storage, read> rowOffsets: array<u32>;          // absolute synapse indices
@group(0) @binding(5) var<storage, read> targets: array<u32>;
@group(0) @binding(6) var<storage, read> weights: array<i32>;
@group(0) @binding(7) var<storage, read_write> inputRing: array<atomic<i32>>;
@group(0) @binding(8) var<storage, read_write> record: array<u32>;        // [0] count, [1 + s] end of step s, then ids

fn bookkeeping() {
  record[1u + info.stepInBatch] = record[0];
  for (var p = 0u; p < POP_COUNT; p++) {
    let count = spikeCounts[info.parity * POP_COUNT + p];
    let totals = 2u * POP_COUNT + 2u * p;
    let low = spikeCounts[totals];
    let sum = low + count;
    spikeCounts[totals] = sum;
    if (sum < low) {
      spikeCounts[totals + 1u] += 1u;
    }
    spikeCounts[(1u - info.parity) * POP_COUNT + p] = 0u;
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  if (wid.x == BOOKKEEPING_GROUP) {
    if (lid.x == 0u) {
      bookkeeping();
    }
    return;
  }
  var j = 0u;
  while (j + 1u < PROJECTION_COUNT && wid.x >= projections[j + 1u].firstGroup) {
    j++;
  }
  let projection = projections[j];
  let count = spikeCounts[info.parity * POP_COUNT + projection.sourcePopulation];
  for (var s = wid.x - projection.firstGroup; s < count; s += projection.groups) {
    let pre = spikeIds[info.parity * TOTAL_NEURONS + projection.sourceBase + s];
    let begin = rowOffsets[projection.rowBase + pre];
    let end = rowOffsets[projection.rowBase + pre + 1u];
    for (var k = begin + lid.x; k < end; k += WG) {
      let packed = targets[k];
      var delay = projection.constantDelay;
      if (delay == 0u) {
        delay = packed >> projection.targetBits;
      }
      var slot = info.slot + delay;
      if (slot >= RING_DEPTH) {
        slot -= RING_DEPTH;
      }
      atomicAdd(&inputRing[slot * RING_STRIDE + projection.ringBase + (packed & projection.targetMask)], weights[k]);
    }
  }
}
