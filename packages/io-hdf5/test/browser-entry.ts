// Runs in Chromium (see src/browser.test.ts): a checkpoint written and read back through h5wasm's
// in-memory file system, moved as bytes the way a download and an upload would, continues a
// simulation bit-identically.
import { cobaNetwork, Simulation } from '@spikegpu/simulator';
import { readCheckpoint, readFileBytes, restoreCheckpoint, writeCheckpoint, writeFileBytes } from '../src/index.js';

async function main() {
  const net = cobaNetwork({ size: 400 });
  const whole = await Simulation.create(net, { backend: 'cpu' });
  await whole.run(100);
  const first = await Simulation.create(net, { backend: 'cpu' });
  await first.run(60);
  await writeCheckpoint('/first.simstate.h5', first);
  const bytes = await readFileBytes('/first.simstate.h5');
  await writeFileBytes('/uploaded.simstate.h5', bytes.slice());
  const checkpoint = await readCheckpoint('/uploaded.simstate.h5');
  const resumed = await restoreCheckpoint('/uploaded.simstate.h5', { backend: 'cpu' });
  await resumed.run(40);
  const tail = (s: Simulation) => Array.from(s.spikes.ids).filter((_, k) => (s.spikes.steps[k] as number) >= 600);
  const expected = tail(whole);
  const got = tail(resumed);
  return {
    isBrowser: typeof window !== 'undefined' && typeof process === 'undefined',
    fileBytes: bytes.length,
    hdf5Signature: Array.from(bytes.slice(0, 8)),
    checkpointStep: checkpoint.snapshot.step,
    spikesAfterRestore: got.length,
    identical: got.length === expected.length && got.every((id, k) => id === expected[k]),
  };
}

(globalThis as { spikegpuResult?: unknown }).spikegpuResult = main().catch((e: Error) => ({ error: `${e.message}\n${e.stack}` }));
