// The input ring in its storage buffer (binding 3): the split kernel's, and the fused kernel's when the
// ring does not fit in workgroup memory. Slot of step t: t mod RING_SLOTS (= RING_DEPTH here).

fn ringTake(cell: u32) -> i32 {
  return atomicExchange(&inputRing[cell], 0);
}

fn ringAdd(cell: u32, weight: i32) {
  atomicAdd(&inputRing[cell], weight);
}

// The fused kernel's hooks: nothing to move, and a step's ring traffic goes through storage, so its
// barriers order storage as well as the workgroup's spike list.
fn loadRing(lid: u32) {}
fn storeRing(lid: u32) {}
fn stepBarrier() {
  storageBarrier();
  workgroupBarrier();
}
