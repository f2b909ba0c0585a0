import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { openRecording } from '@spikegpu/io-hdf5';
import { CLI_VERSION } from './cli-version.js';
import { checkOutputFile, UsageError } from './flag-values.js';
import { rasterSvg } from './report/raster-svg.js';
import { recordingStatistics, type StatisticsOptions } from './report/recording-statistics.js';
import { reportHtml } from './report/report-html.js';

/** The arguments and flags of `spikegpu report`, parsed. */
export interface ReportOptions extends Omit<StatisticsOptions, 'maxRatePoints'> {
  recording: string;
  /** `.html` (or `.htm`): the full report; `.svg`: the raster alone. */
  output: string;
  force?: boolean;
}

/**
 * `spikegpu report <rec.simrec.h5> -o report.html|raster.svg`: reads the recording once, a window at
 * a time, and writes a self-contained HTML report or a standalone SVG raster.
 */
export async function reportCommand(options: ReportOptions, err: NodeJS.WritableStream = process.stderr): Promise<{ kind: 'html' | 'svg'; bytes: number }> {
  const extension = extname(options.output).toLowerCase();
  const kind = extension === '.svg' ? 'svg' : extension === '.html' || extension === '.htm' ? 'html' : null;
  if (!kind) throw new UsageError(`-o: expected a file ending in .html or .svg, got '${options.output}'`);
  checkOutputFile(options.output, options.force ?? false, '-o');
  const recording = await openRecording(options.recording);
  try {
    const { recording: _file, output: _output, force: _force, ...statisticsOptions } = options;
    const stats = recordingStatistics(recording, statisticsOptions);
    const name = recording.description.name || 'unnamed network';
    const markup =
      kind === 'html'
        ? reportHtml(recording, stats, { version: CLI_VERSION, dateUtc: new Date().toISOString() })
        : `<?xml version="1.0" encoding="UTF-8"?>\n${rasterSvg(stats, {
            title: `${name}: ${stats.populations.reduce((n, p) => n + p.rows.length, 0)} neurons, ${stats.raster.fromMs.toFixed(1)}–${stats.raster.toMs.toFixed(1)} ms, ${stats.raster.spikes} spikes`,
            standalone: true,
          })}\n`;
    await writeFile(options.output, markup);
    if (!recording.isComplete) err.write(`spikegpu: note: ${options.recording} was not closed by its writer; the report covers what was flushed\n`);
    if (stats.raster.isCut) err.write(`spikegpu: note: the raster stops at ${stats.raster.toMs.toFixed(1)} ms to stay within --max-spikes\n`);
    return { kind, bytes: Buffer.byteLength(markup) };
  } finally {
    recording.close();
  }
}
