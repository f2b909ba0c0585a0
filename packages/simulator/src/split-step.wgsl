// One step as two dispatches of one pipeline: the update of every neuron, then the delivery of the
// step's spikes over a fixed grid whose last workgroup does the bookkeeping.
//
// One pipeline and one bind group for both phases, and the step number kept on the GPU (counters in
// spikeCounts), so that encoding a step is two dispatch calls: from Node, Dawn's encoding costs a few
// µs per call, which bounds the step of small networks. The phase is told by the dispatch size: the
// update's x size is even, the delivery's odd.
//
// Delivery grid: fixed (about one resident workgroup per slot of a large GPU) rather than sized by
// indirect dispatch: each dispatchWorkgroupsIndirect cost about 1 ms through Dawn/Vulkan on an H100
// (argument validation), while an idle workgroup costs nanoseconds.

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) groups: vec3u) {
  dm_zero = batch.zero;
  let isUpdate = (groups.x & 1u) == 0u;
  // The update reads STEPS_PROPAGATED and the delivery STEPS_UPDATED; neither changes during the
  // dispatch that reads it. One load per workgroup (see loadProjectionSpikes).
  if (lid == 0u) {
    sharedWord = atomicLoad(&spikeCounts[select(STEPS_UPDATED, STEPS_PROPAGATED, isUpdate)]);
  }
  let counter = workgroupUniformLoad(&sharedWord);
  if (isUpdate) {
    let step = batch.first + counter;
    let g = (wid.x + wid.y * groups.x) * WG + lid;
    if (g == 0u) {
      atomicAdd(&spikeCounts[STEPS_UPDATED], 1u);
    }
    if (g < TOTAL_NEURONS) {
      update_neuron(g, step, step % RING_SLOTS, batch.seed, step & 1u);
    }
    return;
  }
  let s = counter - 1u;
  let step = batch.first + s;
  let parity = step & 1u;
  let bookkeeper = groups.x - 1u;
  if (wid.x == bookkeeper) {
    if (lid == 0u) {
      bookkeeping(s, parity);
      atomicAdd(&spikeCounts[STEPS_PROPAGATED], 1u);
    }
    return;
  }
  loadProjectionSpikes(lid, parity);
  deliverAll(wid.x * (WG / LANES) + lid / LANES, bookkeeper * (WG / LANES), step % RING_SLOTS, parity, lid % LANES);
}

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

// This step's spike count of each projection's source, read once per workgroup: thousands of threads
// loading one address atomically queue up behind each other.
var<workgroup> projectionSpikes: array<u32, PROJECTION_SLOTS>;
var<workgroup> sharedWord: u32;

// Reads the counts into projectionSpikes; every invocation of the workgroup must call it.
fn loadProjectionSpikes(lid: u32, parity: u32) {
  for (var j = lid; j < PROJECTION_COUNT; j += WG) {
    projectionSpikes[j] = atomicLoad(&spikeCounts[parity * POP_COUNT + projectionAt(j).sourcePop]);
  }
  workgroupBarrier();
}

fn spikeAt(p: Projection, s: u32, parity: u32) -> u32 {
  return spikeIds[parity * TOTAL_NEURONS + p.sourceBase + s];
}

// Needs loadProjectionSpikes first.
fn projectionCount(p: Projection, parity: u32) -> u32 {
  return projectionSpikes[p.index];
}
