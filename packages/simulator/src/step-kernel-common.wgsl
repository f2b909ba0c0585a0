// What both step kernels (split-step.wgsl, fused-step.wgsl) share: the bindings, spike delivery and
// the step's bookkeeping. Appended to the generated part, which defines TOTAL_NEURONS, POP_COUNT, the
// projection table (PROJ_* arrays), the counter offsets and `update_neuron`.
//
// Delivery: a spike's CSR row adds each synapse's fixed-point weight into input-ring slot
// (step + delay) mod RING_DEPTH of its target. Integer atomics make the sum independent of order, so
// every backend and every grid gets the same input.

struct StepBatch { first: u32, steps: u32, zero: u32, seed: u32 }

override WG: u32 = 256u;
override LANES: u32 = 32u;      // threads that walk one spike's row together
override RING_DEPTH: u32;
override RING_STRIDE: u32;

@group(0) @binding(0) var<uniform> batch: StepBatch;
@group(0) @binding(1) var<storage, read_write> state: array<f32>;
@group(0) @binding(2) var<storage, read> params: array<f32>;
@group(0) @binding(3) var<storage, read_write> inputRing: array<atomic<i32>>;
// [2 parities × POP_COUNT] this step's counts, [POP_COUNT × 2] totals (low, high), first non-finite
// step and neuron, steps propagated and steps updated in this batch.
@group(0) @binding(4) var<storage, read_write> spikeCounts: array<atomic<u32>>;
@group(0) @binding(5) var<storage, read_write> spikeIds: array<u32>;
// [0] count, [1 + s] end of step s of the batch, then the recorded ids.
@group(0) @binding(6) var<storage, read_write> record: array<atomic<u32>>;
@group(0) @binding(7) var<storage, read> rowOffsets: array<u32>;  // absolute synapse indices
@group(0) @binding(8) var<storage, read> targets: array<u32>;     // target index, delay in the high bits (first chunk; see synapseTarget)
@group(0) @binding(9) var<storage, read> weights: array<i32>;

// Notes where this step's recorded spikes end, adds its counts to the totals and clears the other
// parity's counts (last step's, already delivered; the next step's update appends to them).
fn bookkeeping(stepInBatch: u32, parity: u32) {
  atomicStore(&record[1u + stepInBatch], atomicLoad(&record[0]));
  for (var p = 0u; p < POP_COUNT; p++) {
    let count = atomicLoad(&spikeCounts[parity * POP_COUNT + p]);
    let totals = 2u * POP_COUNT + 2u * p;
    let low = atomicLoad(&spikeCounts[totals]);
    let sum = low + count;
    atomicStore(&spikeCounts[totals], sum);
    if (sum < low) {
      atomicAdd(&spikeCounts[totals + 1u], 1u);
    }
    atomicStore(&spikeCounts[(1u - parity) * POP_COUNT + p], 0u);
  }
}

fn deliverSynapse(j: u32, packed: u32, weight: i32, slot: u32) {
  var delay = PROJ_CONSTANT_DELAY[j];
  if (delay == 0u) {
    delay = packed >> PROJ_TARGET_BITS[j];
  }
  var cell = slot + delay;
  if (cell >= RING_DEPTH) {
    cell -= RING_DEPTH;
  }
  atomicAdd(&inputRing[cell * RING_STRIDE + PROJ_RING_BASE[j] + (packed & PROJ_TARGET_MASK[j])], weight);
}

// Spike s of projection j's source population this step, walked by LANES threads (lane of them).
// Four synapses per lane at a time, their loads issued before their adds: a lane's loads then overlap
// instead of each waiting for the memory in turn.
fn deliver(j: u32, s: u32, slot: u32, parity: u32, lane: u32) {
  let pre = spikeIds[parity * TOTAL_NEURONS + PROJ_SOURCE_BASE[j] + s];
  let begin = rowOffsets[PROJ_ROW_BASE[j] + pre];
  let end = rowOffsets[PROJ_ROW_BASE[j] + pre + 1u];
  var k = begin + lane;
  while (k + 3u * LANES < end) {
    let t0 = synapseTarget(k);
    let t1 = synapseTarget(k + LANES);
    let t2 = synapseTarget(k + 2u * LANES);
    let t3 = synapseTarget(k + 3u * LANES);
    let w0 = synapseWeight(k);
    let w1 = synapseWeight(k + LANES);
    let w2 = synapseWeight(k + 2u * LANES);
    let w3 = synapseWeight(k + 3u * LANES);
    deliverSynapse(j, t0, w0, slot);
    deliverSynapse(j, t1, w1, slot);
    deliverSynapse(j, t2, w2, slot);
    deliverSynapse(j, t3, w3, slot);
    k += 4u * LANES;
  }
  for (; k < end; k += LANES) {
    deliverSynapse(j, synapseTarget(k), synapseWeight(k), slot);
  }
}

// This step's spike count of each projection's source, read once per workgroup: thousands of threads
// loading one address atomically queue up behind each other.
var<workgroup> projectionSpikes: array<u32, PROJECTION_SLOTS>;
var<workgroup> sharedWord: u32;

// Reads the counts into projectionSpikes; every invocation of the workgroup must call it.
fn loadProjectionSpikes(lid: u32, parity: u32) {
  for (var j = lid; j < PROJECTION_COUNT; j += WG) {
    projectionSpikes[j] = atomicLoad(&spikeCounts[parity * POP_COUNT + PROJ_SOURCE_POP[j]]);
  }
  workgroupBarrier();
}

// The step's spikes of all projections as one list of (projection, spike) items; item slot `me` of
// `slots` takes items me, me + slots, … so that no thread group waits on a projection with few spikes
// while another has many. Needs loadProjectionSpikes first.
fn deliverAll(me: u32, slots: u32, slot: u32, parity: u32, lane: u32) {
  var base = 0u;
  for (var j = 0u; j < PROJECTION_COUNT; j++) {
    let count = projectionSpikes[j];
    for (var item = base + (me + slots - base % slots) % slots; item < base + count; item += slots) {
      deliver(j, item - base, slot, parity, lane);
    }
    base += count;
  }
}
