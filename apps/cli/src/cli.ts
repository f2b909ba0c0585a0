import { main } from './main.js';

// Ctrl-C: the first stops a run between two chunks (its recording is flushed and closed, its
// checkpoint written); a second exits at once (a streamed recording stays readable up to its last flush).
const interrupt = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  if (++interrupts > 1) process.exit(130);
  interrupt.abort();
});

main(process.argv.slice(2), { out: process.stdout, err: process.stderr, signal: interrupt.signal }).then(
  (code) => {
    process.exitCode = code;
    // The Node WebGPU binding keeps the event loop alive: exit, once stdout and stderr are flushed.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  },
  (e) => {
    process.stderr.write(`spikegpu: ${e}\n`);
    process.exit(1);
  },
);
