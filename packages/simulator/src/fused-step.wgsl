// Every step of a batch of a small network in one dispatch of one workgroup, the neurons' state in
// registers and this step's spikes (and, where it fits, the input ring: ring-workgroup.wgsl) in
// workgroup memory.
//
// Why: a step of the split kernel is two dependent dispatches (~2 µs each on an H100) plus a few µs of
// Dawn encoding on the host, and a 4,000-neuron network at dt 0.1 ms needs ≤ 5 µs per step to run 20×
// faster than real time. One workgroup can synchronise with itself, so it runs update → delivery for
// every step without going back to the host; it uses one of the GPU's cores, so a step has to avoid
// memory round trips: each thread keeps its neurons (lid, lid + WG, …) in registers for the whole batch
// (the generated loadNeurons / updateNeurons / storeNeurons), and only the synapse reads of delivery
// go to device memory. Poisson draws are queued by the updates and made by all threads beside the
// delivery (drawPrologue, drawNext, resetDraws: fusedDrawPhase in step-kernel.ts; stubs without
// carried Poisson inputs).

// This step's spikes, by population (at its first neuron's index), two 16-bit ids a word
// (spikeListPut); counts by step parity, so that the next step's count can be cleared while this
// step's is read.
var<workgroup> stepSpikes: array<atomic<u32>, SPIKE_WORDS>;
var<workgroup> stepSpikeCounts: array<atomic<u32>, 2u * POP_COUNT>;
// Spikes recorded in this batch so far.
var<workgroup> recordedCount: atomic<u32>;

// Id (< 2^16) at position p. Each half of a word has one writer, which clears and sets only its own
// bits: the two writers of a word need no order, and the list no clearing between steps.
fn spikeListPut(p: u32, id: u32) {
  let shift = (p & 1u) * 16u;
  atomicAnd(&stepSpikes[p >> 1u], ~(0xffffu << shift));
  atomicOr(&stepSpikes[p >> 1u], id << shift);
}

fn spikeAt(p: Projection, s: u32, parity: u32) -> u32 {
  let at = p.sourceBase + s;
  return (atomicLoad(&stepSpikes[at >> 1u]) >> ((at & 1u) * 16u)) & 0xffffu;
}

fn projectionCount(p: Projection, parity: u32) -> u32 {
  return atomicLoad(&stepSpikeCounts[parity * POP_COUNT + p.sourcePop]);
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  dm_zero = batch.zero;
  loadNeurons(lid);
  loadRing(lid);
  // Workgroup memory starts zeroed: the counts need no clearing before the first step.
  stepBarrier();
  var batchSpikes: array<u32, POP_COUNT>;
  drawPrologue(lid, batch.first, batch.seed);
  for (var s = 0u; s < batch.steps; s++) {
    let step = batch.first + s;
    let parity = step & 1u;
    // Takes this step's draws from list `parity`, queues the next step's into the other.
    updateNeurons(lid, step, step % RING_SLOTS, batch.seed, parity);
    stepBarrier();
    if (lid == 0u) {
      atomicStore(&record[1u + s], atomicLoad(&recordedCount));
      for (var p = 0u; p < POP_COUNT; p++) {
        batchSpikes[p] += atomicLoad(&stepSpikeCounts[parity * POP_COUNT + p]);
        // Last step's counts, read by every thread before the barrier that ended that step.
        atomicStore(&stepSpikeCounts[(1u - parity) * POP_COUNT + p], 0u);
      }
      resetDraws(parity);
    }
    // The next step's draws, beside this step's delivery.
    if (s + 1u < batch.steps) {
      drawNext(lid, 1u - parity, step + 1u, batch.seed);
    }
    deliverAll(lid / LANES, WG / LANES, step % RING_SLOTS, parity, lid % LANES);
    stepBarrier();
  }
  storeNeurons(lid);
  storeRing(lid);
  if (lid == 0u) {
    atomicStore(&record[0], atomicLoad(&recordedCount));
    for (var p = 0u; p < POP_COUNT; p++) {
      let totals = 2u * POP_COUNT + 2u * p;
      let low = atomicLoad(&spikeCounts[totals]);
      let sum = low + batchSpikes[p];
      atomicStore(&spikeCounts[totals], sum);
      if (sum < low) {
        atomicAdd(&spikeCounts[totals + 1u], 1u);
      }
    }
  }
}
