// Every step of a batch of a small network in one dispatch of one workgroup.
//
// Why: Dawn's encoding costs a few µs per call from Node, and a step of the split kernel is two
// dispatches; a 4,000-neuron network at dt 0.1 ms needs ≤ 5 µs per step to run 20× faster than real
// time. One workgroup can synchronise with itself (storageBarrier), so it runs update → delivery →
// bookkeeping for every step of the batch without going back to the host. It uses one of the GPU's
// cores, so it only pays for networks of a few thousand neurons.

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  dm_zero = batch.zero;
  for (var s = 0u; s < batch.steps; s++) {
    let step = batch.first + s;
    let parity = step & 1u;
    let slot = step % RING_DEPTH;
    for (var g = lid; g < TOTAL_NEURONS; g += WG) {
      update_neuron(g, step, slot, batch.seed, parity);
    }
    storageBarrier();
    if (lid == 0u) {
      bookkeeping(s, parity);
    }
    loadProjectionSpikes(lid, parity);
    deliverAll(lid / LANES, WG / LANES, slot, parity, lid % LANES);
    storageBarrier();
  }
}
