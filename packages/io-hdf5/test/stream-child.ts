/**
 * A process that records COBA in streaming mode until it is killed. It prints `flushed <step>` after
 * each explicit flush, so the parent knows what the file must hold at least.
 * Usage: node stream-child.mjs <path>
 */
import { cobaNetwork, Simulation } from '@spikegpu/simulator';
import { SpikeRecordingWriter } from '../src/index.js';

const path = process.argv[2] as string;
const sim = await Simulation.create(cobaNetwork({ size: 400 }), { backend: 'cpu', keepSpikesInMemory: false });
const writer = await SpikeRecordingWriter.create(path, sim, {
  overwrite: true,
  flushEverySteps: 7,
  state: [{ population: 'exc', variables: ['v'], neurons: [0, 1, 2], intervalMs: 0.3 }],
});
for (;;) {
  await writer.run(1);
  writer.flush();
  process.stdout.write(`flushed ${writer.endStep}\n`);
}
