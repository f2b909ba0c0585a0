// Device diagnostics for the benchmark: wait latency, dispatch cost (direct and indirect), and
// CPU-vs-GPU spike identity on the adapter at hand. Bundled on its own for the GPU machine.
import { acquireGpu } from '@spikegpu/gpu-runtime';
import { izhikevich2003Network, Simulation } from '@spikegpu/simulator';

const gpu = await acquireGpu({ required: true });
if (!gpu) throw new Error('no gpu');
const device = gpu.device;
const out: Record<string, unknown> = { adapter: gpu.adapterInfo };
const time = async (label: string, reps: number, f: () => Promise<void>) => {
  await f();
  const t0 = performance.now();
  for (let k = 0; k < reps; k++) await f();
  out[label] = ((performance.now() - t0) * 1000) / reps;
  console.log(label, (out[label] as number).toFixed(1), 'µs');
};
await time('empty submit + onSubmittedWorkDone', 20, async () => {
  device.queue.submit([device.createCommandEncoder().finish()]);
  await device.queue.onSubmittedWorkDone();
});
const module = device.createShaderModule({
  code: '@group(0) @binding(0) var<storage, read_write> x: array<u32>; @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) { if (g.x == 0u) { x[0] += 1u; } }',
});
const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
const buffer = device.createBuffer({ size: 512, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_DST });
device.queue.writeBuffer(buffer, 0, new Uint32Array([1, 1, 1, 0]));
const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer, offset: 256, size: 16 } }] });
for (const indirect of [false, true]) {
  await time(`700 dispatches in one pass${indirect ? ' (indirect)' : ''}, per dispatch`, 5, async () => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    for (let k = 0; k < 700; k++) {
      pass.setBindGroup(0, group);
      if (indirect) pass.dispatchWorkgroupsIndirect(buffer, 0);
      else pass.dispatchWorkgroups(1);
    }
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
  });
  out[`700 dispatches in one pass${indirect ? ' (indirect)' : ''}, per dispatch`] =
    (out[`700 dispatches in one pass${indirect ? ' (indirect)' : ''}, per dispatch`] as number) / 700;
}
const izh10k = izhikevich2003Network({ excitatory: 8000, inhibitory: 2000, inDegree: 1000 });
const variants: Array<[string, typeof izh10k]> = [
  ['izh10k full', izh10k],
  ['izh10k no projections', { ...izh10k, projections: [] }],
  ['izh10k no inputs, no projections', { ...izh10k, projections: [], inputs: [] }],
];
for (const [name, net] of variants) {
  for (const maxStepsPerSubmit of [100, 500]) {
    const sim = await Simulation.create({ ...net, recording: { spikes: false } }, { gpu, maxStepsPerSubmit });
    await sim.run(100);
    const p0 = sim.profile().totalsMs as Record<string, number>;
    const t0 = performance.now();
    await sim.run(1000);
    const wall = performance.now() - t0;
    const p1 = sim.profile().totalsMs as Record<string, number>;
    const row = { usPerStep: wall, encodeUsPerStep: p1.encode! - p0.encode!, waitUsPerStep: p1.wait! - p0.wait! };
    out[`${name}, ${maxStepsPerSubmit}/submit`] = row;
    console.log(`${name}, ${maxStepsPerSubmit}/submit`, JSON.stringify(row));
    sim.destroy();
  }
}
const cpu = await Simulation.create(izhikevich2003Network(), { backend: 'cpu' });
const onGpu = await Simulation.create(izhikevich2003Network(), { gpu });
await cpu.run(1000);
await onGpu.run(1000);
let same = 0;
while (
  same < Math.min(cpu.spikes.length, onGpu.spikes.length) &&
  cpu.spikes.ids[same] === onGpu.spikes.ids[same] &&
  cpu.spikes.steps[same] === onGpu.spikes.steps[same]
)
  same++;
out.identity = {
  cpuSpikes: cpu.spikes.length,
  gpuSpikes: onGpu.spikes.length,
  identicalPrefix: same,
  firstDifferentStep: same < cpu.spikes.length ? cpu.spikes.steps[same] : null,
};
console.log('identity', JSON.stringify(out.identity));
console.log(JSON.stringify(out));
onGpu.destroy();
gpu.destroy();
process.exit(0);
