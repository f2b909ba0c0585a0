import type { Recording } from '@spikegpu/io-hdf5';
import { CHART_STYLE } from './chart-axes.js';
import { histogramSvg } from './histogram-svg.js';
import { rasterSvg } from './raster-svg.js';
import { rateChartSvg } from './rate-chart-svg.js';
import type { RecordingStatistics } from './recording-statistics.js';
import { escapeXml, populationColour } from './svg-markup.js';

/** The most characters of the description the report embeds (per-neuron lists can be long). */
const MAX_DESCRIPTION_CHARS = 20_000;

const PAGE_STYLE = `
body{margin:0;background:#f3f4f6;color:#111;font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif}
main{max-width:1000px;margin:0 auto;padding:24px 20px 40px}
header h1{font-size:22px;margin:0 0 4px}header p{margin:0;color:#555}
section{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:14px 18px;margin-top:16px}
section h2{font-size:15px;margin:0 0 10px}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:3px 12px 3px 0;text-align:left;vertical-align:top}
table.populations td.number,table.populations th.number{text-align:right}
table.populations tr+tr td{border-top:1px solid #eee}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
.charts{display:flex;flex-wrap:wrap;gap:12px}
svg.chart{display:block;max-width:100%;height:auto}
.note{color:#666;font-size:12px}
pre{max-height:320px;overflow:auto;background:#f7f7f7;padding:8px;font-size:12px}
footer{margin-top:18px;color:#777;font-size:12px}
${CHART_STYLE}`;

const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

function row(name: string, value: string): string {
  return `<tr><th>${escapeXml(name)}</th><td>${escapeXml(value)}</td></tr>`;
}

/**
 * A self-contained HTML report of a recording: populations with rates and ISI CV, the raster, the
 * population rates, ISI and rate histograms, and the file's metadata. Charts are inline SVG and the
 * styles are inline: no script, no font, no request to anywhere.
 */
export function reportHtml(recording: Recording, stats: RecordingStatistics, generated: { version: string; dateUtc: string }): string {
  const name = recording.description.name || 'unnamed network';
  const durationMs = stats.endMs - stats.startMs;
  const shown = stats.populations.reduce((n, p) => n + p.rows.length, 0);
  const recordedNeurons = stats.populations.reduce((n, p) => n + p.recordedNeurons, 0);
  const raster = stats.raster;
  const rasterTitle = `Spike raster: ${shown} of ${recordedNeurons} recorded neurons, ${fmt(raster.fromMs, 1)}–${fmt(raster.toMs, 1)} ms, ${raster.spikes} spikes`;
  const populationRows = stats.populations
    .map(
      (p, k) =>
        `<tr><td><span class="swatch" style="background:${populationColour(k)}"></span>${escapeXml(p.name)}</td>` +
        `<td class="number">${p.size}</td><td class="number">${p.recordedNeurons}</td><td class="number">${p.spikes}</td>` +
        `<td class="number">${fmt(p.meanRateHz)}</td><td class="number">${p.isiCv === null ? '—' : fmt(p.isiCv)}</td></tr>`,
    )
    .join('');
  const p = recording.provenance;
  const metadata = [
    row('file', recording.path),
    row('network', name),
    row(
      'recording',
      `${recording.mode || 'unknown'} mode, format version ${recording.formatVersion}${recording.isComplete ? '' : ' — not closed by its writer: data up to the last flush'}`,
    ),
    row(
      'time',
      `${fmt(stats.startMs, 3)}–${fmt(stats.endMs, 3)} ms (${fmt(durationMs, 3)} ms), dt ${recording.dt} ms, ${Math.round(durationMs / recording.dt)} steps`,
    ),
    row('seed', String(recording.seed)),
    row('written by', `spikegpu ${p.spikegpuVersion || '?'}, ${p.runtime || 'unknown runtime'}`),
    row('backend', `${p.backend || '?'}${p.adapter ? ` (${p.adapter})` : ''}`),
    row('created', p.createdUtc || 'unknown'),
    ...stats.populations.flatMap((pop) => {
      const state = recording.populations.find((r) => r.name === pop.name)?.state;
      return state
        ? [row(`state of ${pop.name}`, `${state.variables.join(', ')}: ${state.neurons.length} neurons every ${state.intervalMs} ms, ${state.samples} samples`)]
        : [];
    }),
  ].join('');
  let description = JSON.stringify(recording.description, null, 1);
  const isLong = description.length > MAX_DESCRIPTION_CHARS;
  if (isLong) description = `${description.slice(0, MAX_DESCRIPTION_CHARS)}\n…`;
  const isiHistograms = stats.populations.map((pop) => ({ population: pop.name, histogram: pop.isiHistogram }));
  const rateHistograms = stats.populations.map((pop) => ({ population: pop.name, histogram: pop.rateHistogram }));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="spikegpu ${escapeXml(generated.version)}">
<title>${escapeXml(`${name} — spikegpu report`)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${escapeXml(name)}</h1>
<p>${escapeXml(`${fmt(durationMs / 1000, 3)} s simulated, ${stats.populations.reduce((n, pop) => n + pop.size, 0)} neurons, ${stats.populations.reduce((n, pop) => n + pop.spikes, 0)} spikes recorded — ${recording.path}`)}</p>
</header>
<section id="populations">
<h2>Populations</h2>
<table class="populations"><thead><tr><th>population</th><th class="number">neurons</th><th class="number">recorded</th><th class="number">spikes</th><th class="number">rate (Hz)</th><th class="number">ISI CV</th></tr></thead><tbody>${populationRows}</tbody></table>
<p class="note">Rate: spikes per recorded neuron per second over the recording. ISI CV: standard deviation over mean of each neuron's inter-spike intervals, averaged over neurons with at least 3 spikes.</p>
</section>
<section id="raster">
<h2>Spike raster</h2>
${rasterSvg(stats, { title: rasterTitle })}
${raster.isCut ? `<p class="note">The raster stops at ${fmt(raster.toMs, 1)} ms to stay within its spike budget (spikegpu report --max-spikes, --from, --to); the other charts cover the whole recording.</p>` : ''}
</section>
<section id="rates">
<h2>Population rates</h2>
${rateChartSvg(stats, { title: 'Population rate over time' })}
</section>
<section id="distributions">
<h2>Distributions</h2>
<div class="charts">
${histogramSvg(isiHistograms, { title: 'Inter-spike intervals', xTitle: 'ISI (ms, log scale)', yTitle: 'intervals', kind: 'isi-histogram', logX: true })}
${histogramSvg(rateHistograms, { title: 'Firing rates of neurons', xTitle: 'rate (Hz)', yTitle: 'neurons', kind: 'rate-histogram' })}
</div>
</section>
<section id="metadata">
<h2>Metadata</h2>
<table class="metadata">${metadata}</table>
<details><summary>Network description${isLong ? ` (first ${MAX_DESCRIPTION_CHARS} characters)` : ''}</summary><pre>${escapeXml(description)}</pre></details>
</section>
<footer>Generated by spikegpu ${escapeXml(generated.version)} report on ${escapeXml(generated.dateUtc)}.</footer>
</main>
</body>
</html>
`;
}
