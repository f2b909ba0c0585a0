import type { NetworkPlan } from '@spikegpu/simulator';
import { encodeDescription } from './description-json.js';
import { type Provenance, writeHeader } from './file-format.js';
import { AppendableDataset, type H5Group, linkName, setAttribute, setIntegerAttribute, writeArray } from './h5-datasets.js';
import type { ResolvedSampling } from './state-sampling.js';

/** How spike times are stored: whole steps (`<u4`, exact, half the bytes) or ms (`<f8`). */
export type SpikeTimeFormat = 'steps' | 'ms';

/** Steps and bins that fix a recording's layout, chosen when it is created. */
export interface RecordingGeometry {
  startStep: number;
  indexSteps: number;
  rateBinSteps: number;
  spikeTimes: SpikeTimeFormat;
  level: number;
}

export interface PopulationDatasets {
  times: AppendableDataset<'u32'> | AppendableDataset<'f64'>;
  ids: AppendableDataset<'u32'>;
  index: AppendableDataset<'u64'>;
  spikeCounts: AppendableDataset<'u32'>;
  rateHz: AppendableDataset<'f32'>;
}

export interface SamplingDatasets {
  steps: AppendableDataset<'u32'>;
  variables: AppendableDataset<'f32'>[];
}

/** Number of neurons of a population whose spikes are recorded. */
export function recordedNeurons(pop: NetworkPlan['populations'][number]): number {
  return pop.recordSpikes === 'all' ? pop.size : pop.recordSpikes === 'none' ? 0 : pop.recordSpikes.length;
}

/**
 * Creates every group, dataset and attribute of a recording (docs/file-formats.md), empty and
 * resizable. Everything exists before the first spike: a SWMR writer may only append afterwards.
 */
export function createRecordingLayout(
  root: H5Group,
  plan: NetworkPlan,
  geometry: RecordingGeometry,
  sampling: readonly ResolvedSampling[],
  provenance: Provenance,
  mode: 'streaming' | 'buffered',
) {
  const { level } = geometry;
  writeHeader(root, 'recording', provenance);
  setAttribute(root, 'dt_ms', plan.dt);
  setIntegerAttribute(root, 'seed', plan.seed, 'u32');
  setIntegerAttribute(root, 'start_step', geometry.startStep, 'u64');
  setAttribute(root, 'start_ms', geometry.startStep * plan.dt);
  setAttribute(root, 'mode', mode);
  const description = writeArray(root, 'description', 'u8', encodeDescription(plan.description), { level });
  setAttribute(description, 'content_type', 'application/json; charset=utf-8');

  const progress = root.create_dataset({
    name: 'progress',
    data: new BigUint64Array([BigInt(geometry.startStep), BigInt(geometry.startStep), 0n]),
    dtype: '<Q',
    chunks: [3],
  });
  setAttribute(progress, 'columns', ['start_step', 'end_step', 'closed']);

  const spikesRoot = root.create_group('spikes');
  const ratesRoot = root.create_group('rates');
  setAttribute(spikesRoot, 'time_format', geometry.spikeTimes);
  const populations: PopulationDatasets[] = plan.populations.map((pop) => {
    const neurons = recordedNeurons(pop);
    const spikes = spikesRoot.create_group(linkName(pop.name));
    setAttribute(spikes, 'name', pop.name);
    setIntegerAttribute(spikes, 'index', pop.index, 'u32');
    setIntegerAttribute(spikes, 'size', pop.size, 'u32');
    setIntegerAttribute(spikes, 'offset', pop.offset, 'u32');
    setIntegerAttribute(spikes, 'recorded_neurons', neurons, 'u32');
    setIntegerAttribute(spikes, 'index_steps', geometry.indexSteps, 'u32');
    const times =
      geometry.spikeTimes === 'steps' ? new AppendableDataset(spikes, 'steps', 'u32', { level }) : new AppendableDataset(spikes, 'times', 'f64', { level });
    setAttribute(times.dataset, 'unit', geometry.spikeTimes === 'steps' ? 'step (time = step · dt_ms)' : 'ms');
    const ids = new AppendableDataset(spikes, 'ids', 'u32', { level });
    setAttribute(ids.dataset, 'unit', 'population-local neuron index');
    const index = new AppendableDataset(spikes, 'index', 'u64', { level, chunkRows: 4096 });
    setAttribute(index.dataset, 'meaning', 'index[k] = number of spikes before step start_step + k · index_steps');

    const rates = ratesRoot.create_group(linkName(pop.name));
    setAttribute(rates, 'name', pop.name);
    setIntegerAttribute(rates, 'bin_steps', geometry.rateBinSteps, 'u32');
    setAttribute(rates, 'bin_ms', geometry.rateBinSteps * plan.dt);
    setIntegerAttribute(rates, 'neurons', neurons, 'u32');
    const spikeCounts = new AppendableDataset(rates, 'spike_counts', 'u32', { level, chunkRows: 4096 });
    const rateHz = new AppendableDataset(rates, 'rate_hz', 'f32', { level, chunkRows: 4096 });
    setAttribute(rateHz.dataset, 'unit', 'Hz (spike_counts / neurons / bin)');
    return { times, ids, index, spikeCounts, rateHz };
  });

  const stateRoot = root.create_group('state');
  const samplingDatasets: SamplingDatasets[] = sampling.map((spec) => {
    const group = stateRoot.create_group(linkName(spec.population));
    setAttribute(group, 'name', spec.population);
    setIntegerAttribute(group, 'interval_steps', spec.intervalSteps, 'u32');
    setAttribute(group, 'interval_ms', spec.intervalSteps * plan.dt);
    setAttribute(group, 'variables', spec.variables);
    writeArray(group, 'neurons', 'u32', spec.neurons, { level });
    const steps = new AppendableDataset(group, 'steps', 'u32', { level, chunkRows: 4096 });
    setAttribute(steps.dataset, 'unit', 'step (time = step · dt_ms)');
    // Rows are samples; a chunk holds about 64 Ki values, so one neuron's trace reads few chunks.
    const chunkRows = Math.max(1, Math.min(1024, Math.floor(65536 / spec.neurons.length)));
    const variables = spec.variables.map(
      (variable) => new AppendableDataset(group, linkName(variable), 'f32', { columns: spec.neurons.length, chunkRows, level }),
    );
    return { steps, variables };
  });
  return { progress, populations, sampling: samplingDatasets };
}
