import { FileFormatError } from '@spikegpu/core';
import { readCheckpoint } from './checkpoint-reader.js';
import { FORMATS, type Provenance } from './file-format.js';
import { attributeOf } from './h5-datasets.js';
import { openForReading } from './h5-files.js';
import { loadH5 } from './h5-module.js';
import { openRecording } from './recording-reader.js';
import { readSonataSpikes } from './sonata-spikes.js';

/** What {@link inspectFile} found: enough for `spikegpu inspect <file>` to print. */
export type FileSummary =
  | {
      kind: 'checkpoint';
      path: string;
      formatVersion: number;
      provenance: Provenance;
      network: string;
      dtMs: number;
      step: number;
      timeMs: number;
      populations: Array<{ name: string; size: number; variables: string[]; spikes: number }>;
    }
  | {
      kind: 'recording';
      path: string;
      formatVersion: number;
      provenance: Provenance;
      network: string;
      dtMs: number;
      mode: string;
      startMs: number;
      endMs: number;
      isComplete: boolean;
      populations: Array<{ name: string; size: number; recordedNeurons: number; spikes: number; meanRateHz: number; state: string[] }>;
    }
  | { kind: 'sonata-spikes'; path: string; populations: Array<{ name: string; spikes: number; firstMs: number; lastMs: number }> };

/**
 * Says what a file is and what it holds, without loading its arrays (a recording's spikes stay on
 * disk): a spikegpu checkpoint or recording, or a SONATA spike report. Other files fail with the
 * same typed errors as the readers (`not-hdf5`, `wrong-format`, `newer-version`, …).
 *
 * @example
 * ```ts
 * console.log(formatFileSummary(await inspectFile('run.simrec.h5')));
 * ```
 */
export async function inspectFile(path: string): Promise<FileSummary> {
  const h5 = await loadH5();
  const file = openForReading(h5, path, 'a spikegpu checkpoint or recording, or a SONATA spike report');
  const format = attributeOf(file, 'format');
  const isSonata = format === undefined && file.keys().includes('spikes') && attributeOf(file, 'magic') === 0x0a7a;
  file.close();
  if (format === FORMATS.checkpoint.name) {
    const checkpoint = await readCheckpoint(path);
    return {
      kind: 'checkpoint',
      path,
      formatVersion: checkpoint.formatVersion,
      provenance: checkpoint.provenance,
      network: checkpoint.description.name ?? '',
      dtMs: checkpoint.description.dt,
      step: checkpoint.snapshot.step,
      timeMs: checkpoint.timeMs,
      populations: checkpoint.populations.map((p, k) => ({
        name: p.name,
        size: p.size,
        variables: p.variables,
        spikes: checkpoint.snapshot.spikeTotals[k] as number,
      })),
    };
  }
  if (format === FORMATS.recording.name) {
    const recording = await openRecording(path);
    try {
      const seconds = (recording.endMs - recording.startMs) / 1000;
      return {
        kind: 'recording',
        path,
        formatVersion: recording.formatVersion,
        provenance: recording.provenance,
        network: recording.description.name ?? '',
        dtMs: recording.dt,
        mode: recording.mode,
        startMs: recording.startMs,
        endMs: recording.endMs,
        isComplete: recording.isComplete,
        populations: recording.populations.map((p) => ({
          name: p.name,
          size: p.size,
          recordedNeurons: p.recordedNeurons,
          spikes: p.spikeCount,
          meanRateHz: seconds > 0 && p.recordedNeurons > 0 ? p.spikeCount / p.recordedNeurons / seconds : 0,
          state: p.state
            ? p.state.variables.map((v) => `${v} (${p.state?.neurons.length} neurons every ${p.state?.intervalMs} ms, ${p.state?.samples} samples)`)
            : [],
        })),
      };
    } finally {
      recording.close();
    }
  }
  if (isSonata) {
    const populations = await readSonataSpikes(path);
    return {
      kind: 'sonata-spikes',
      path,
      populations: populations.map((p) => ({
        name: p.population,
        spikes: p.ids.length,
        firstMs: p.times.length ? p.times.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY) : 0,
        lastMs: p.times.length ? p.times.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY) : 0,
      })),
    };
  }
  // Let the checkpoint reader name what the file is instead (a neural-simulator file, another format).
  await readCheckpoint(path);
  throw new FileFormatError('', {
    code: 'wrong-format',
    path,
    expected: 'a spikegpu checkpoint or recording, or a SONATA spike report',
    received: 'another HDF5 file',
  });
}

/** A few lines of plain text describing a {@link FileSummary}. */
export function formatFileSummary(summary: FileSummary): string {
  const lines: string[] = [];
  const written = (p: Provenance) =>
    `written by spikegpu ${p.spikegpuVersion || '?'} on ${p.backend || '?'}${p.adapter ? ` (${p.adapter})` : ''}, ${p.createdUtc || 'at an unknown time'}`;
  if (summary.kind === 'checkpoint') {
    lines.push(`${summary.path}: spikegpu checkpoint, format ${summary.formatVersion}, ${written(summary.provenance)}`);
    lines.push(`network ${JSON.stringify(summary.network)}, dt ${summary.dtMs} ms, at step ${summary.step} (${summary.timeMs} ms)`);
    for (const p of summary.populations) lines.push(`  ${p.name}: ${p.size} neurons, ${p.spikes} spikes so far, state ${p.variables.join(', ')}`);
  } else if (summary.kind === 'recording') {
    lines.push(`${summary.path}: spikegpu recording (${summary.mode}), format ${summary.formatVersion}, ${written(summary.provenance)}`);
    lines.push(
      `network ${JSON.stringify(summary.network)}, dt ${summary.dtMs} ms, ${summary.startMs}–${summary.endMs} ms${summary.isComplete ? '' : ' (not closed: the writer stopped early; data up to its last flush)'}`,
    );
    for (const p of summary.populations) {
      lines.push(`  ${p.name}: ${p.recordedNeurons} of ${p.size} neurons recorded, ${p.spikes} spikes, ${p.meanRateHz.toFixed(2)} Hz mean`);
      for (const s of p.state) lines.push(`    state ${s}`);
    }
  } else {
    lines.push(`${summary.path}: SONATA spike report`);
    for (const p of summary.populations) lines.push(`  ${p.name}: ${p.spikes} spikes, ${p.firstMs}–${p.lastMs} ms`);
  }
  return lines.join('\n');
}
