// The fused kernel's input ring in workgroup memory: a batch moves the pending input from the storage
// ring in at its start and back at its end, and every step's reads and deliveries stay on the core.
//
// RING_SLOTS = RING_DEPTH − 1 (the longest delay) slots suffice here: a step's updates take and clear
// its slot before any of its deliveries (a barrier apart), so a delivery at the longest delay can land
// in the slot just taken. The storage ring keeps the CPU engine's depth (RING_DEPTH = longest delay + 1),
// so snapshots and the split kernel see the same layout.

var<workgroup> wgRing: array<atomic<i32>, WG_RING_CELLS>;

fn ringTake(cell: u32) -> i32 {
  return atomicExchange(&wgRing[cell], 0);
}

fn ringAdd(cell: u32, weight: i32) {
  atomicAdd(&wgRing[cell], weight);
}

// Input pending at the batch's start is for steps first … first + RING_SLOTS − 1.
fn loadRing(lid: u32) {
  let first = batch.first;
  for (var c = lid; c < RING_SLOTS * RING_STRIDE; c += WG) {
    let step = first + (c / RING_STRIDE + RING_SLOTS - first % RING_SLOTS) % RING_SLOTS;
    atomicStore(&wgRing[c], atomicLoad(&inputRing[(step % RING_DEPTH) * RING_STRIDE + c % RING_STRIDE]));
  }
}

// After the batch: the input for the next RING_SLOTS steps back to their storage slots, and zero in the
// one slot left (the last step's, taken).
fn storeRing(lid: u32) {
  let next = batch.first + batch.steps;
  for (var c = lid; c < RING_DEPTH * RING_STRIDE; c += WG) {
    let ahead = (c / RING_STRIDE + RING_DEPTH - next % RING_DEPTH) % RING_DEPTH;
    var value = 0;
    if (ahead < RING_SLOTS) {
      value = atomicLoad(&wgRing[((next + ahead) % RING_SLOTS) * RING_STRIDE + c % RING_STRIDE]);
    }
    atomicStore(&inputRing[c], value);
  }
}

fn stepBarrier() {
  workgroupBarrier();
}
