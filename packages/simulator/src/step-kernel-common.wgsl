// What both step kernels (split-step.wgsl, fused-step.wgsl) share: the bindings and spike delivery.
// Appended to the generated part, which defines TOTAL_NEURONS, POP_COUNT, the projection count, the
// counter offsets, `update_neuron` and `deliverAll`; each kernel defines where this step's spikes are
// (spikeAt, projectionCount) and the ring (ringTake, ringAdd: ring-storage.wgsl or ring-workgroup.wgsl).
//
// Delivery: a spike's CSR row adds each synapse's fixed-point weight into input-ring slot
// (step + delay) mod RING_SLOTS of its target. Integer atomics make the sum independent of order, so
// every backend and every grid gets the same input.

// The batch (written before each), then the static projections' table (written once; projectionAt).
struct StepBatch { first: u32, steps: u32, zero: u32, seed: u32, projections: array<vec4u, PROJECTION_TABLE_ROWS> }

override WG: u32 = 256u;
override LANES: u32 = 32u;      // threads that walk one spike's row together
override RING_DEPTH: u32;       // slots of the storage ring (the CPU engine's: longest delay + 1)
override RING_SLOTS: u32;       // slots of the ring the kernel steps with (storage or workgroup)
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

// A static projection's row of the table (see ProjectionLayout in step-kernel.ts). Delivery takes it by
// value: generated code passes literals, so nothing is looked up per synapse (a constant array indexed
// at run time is copied to the thread's local memory at each use).
struct Projection {
  index: u32,
  sourcePop: u32,
  sourceBase: u32,
  rowBase: u32,
  targetBits: u32,
  targetMask: u32,
  constantDelay: u32,
  ringBase: u32,
}

// Row j of the table, for code that picks projections at run time; generated code that knows j passes
// a literal instead.
fn projectionAt(j: u32) -> Projection {
  let a = batch.projections[2u * j];
  let b = batch.projections[2u * j + 1u];
  return Projection(j, a.x, a.y, a.z, a.w, b.x, b.y, b.z);
}

fn deliverSynapse(p: Projection, packed: u32, weight: i32, slot: u32) {
  var delay = p.constantDelay;
  if (delay == 0u) {
    delay = packed >> p.targetBits;
  }
  var cell = slot + delay;
  if (cell >= RING_SLOTS) {
    cell -= RING_SLOTS;
  }
  ringAdd(cell * RING_STRIDE + p.ringBase + (packed & p.targetMask), weight);
}

// Spike s of projection p's source population this step, walked by LANES threads (lane of them).
// Four synapses per lane at a time, their loads issued before their adds: a lane's loads then overlap
// instead of each waiting for the memory in turn; what is left, two at a time, then one (with rows of
// two synapses a lane, as COBA's, the fused step took 4.76 µs on an H100 against 4.87 one at a time).
fn deliver(p: Projection, s: u32, slot: u32, parity: u32, lane: u32) {
  let pre = spikeAt(p, s, parity);
  let begin = rowOffsets[p.rowBase + pre];
  let end = rowOffsets[p.rowBase + pre + 1u];
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
    deliverSynapse(p, t0, w0, slot);
    deliverSynapse(p, t1, w1, slot);
    deliverSynapse(p, t2, w2, slot);
    deliverSynapse(p, t3, w3, slot);
    k += 4u * LANES;
  }
  if (k + LANES < end) {
    let t0 = synapseTarget(k);
    let t1 = synapseTarget(k + LANES);
    let w0 = synapseWeight(k);
    let w1 = synapseWeight(k + LANES);
    deliverSynapse(p, t0, w0, slot);
    deliverSynapse(p, t1, w1, slot);
    k += 2u * LANES;
  }
  if (k < end) {
    deliverSynapse(p, synapseTarget(k), synapseWeight(k), slot);
  }
}

// The step's spikes of all projections as one list of (projection, spike) items; item slot `me` of
// `slots` takes items me, me + slots, … so that no thread group waits on a projection with few spikes
// while another has many. deliverAll (generated) calls this for each projection in turn, `base` the
// items before it; returns the items up to and including it.
fn deliverProjection(p: Projection, base: u32, me: u32, slots: u32, slot: u32, parity: u32, lane: u32) -> u32 {
  let count = projectionCount(p, parity);
  for (var item = base + (me + slots - base % slots) % slots; item < base + count; item += slots) {
    deliver(p, item - base, slot, parity, lane);
  }
  return base + count;
}
