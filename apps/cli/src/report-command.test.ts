import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRecording } from '@spikegpu/io-hdf5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeTempDirs, runCli, tempDir } from './test-support/cli-process.js';

const cwd = tempDir();
const at = (name: string) => join(cwd, name);

/** Spikes, neurons that spiked, and intervals (spikes − spiking neurons) of each population of a recording. */
async function recordedCounts(path: string) {
  const recording = await openRecording(path);
  try {
    return recording.populations.map((p) => {
      const { ids } = recording.spikes(p.name);
      const spiking = new Set(ids).size;
      return { name: p.name, recorded: p.recordedNeurons, spikes: ids.length, intervals: ids.length - spiking };
    });
  } finally {
    recording.close();
  }
}

const all = (text: string, pattern: RegExp) => [...text.matchAll(pattern)];
const sumCounts = (group: string) => all(group, /data-count="(\d+)"/g).reduce((n, m) => n + Number(m[1]), 0);

afterAll(removeTempDirs);
beforeAll(async () => {
  buildCli();
  const r = await runCli(['run', '--network', 'lif-ei', '--neurons', '300', '--duration', '60', '--backend', 'cpu', '--record', at('run.simrec.h5')], { cwd });
  expect(r.code, r.stderr).toBe(0);
});

describe('spikegpu report', () => {
  it('writes a self-contained HTML report whose charts hold every recorded spike, neuron and interval', async () => {
    const r = await runCli(['report', at('run.simrec.h5'), '-o', at('report.html')], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(at('report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    // Self-contained: nothing to fetch, nothing to run.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import|https?:\/\//i);
    for (const id of ['populations', 'raster', 'rates', 'distributions', 'metadata']) expect(html).toContain(`<section id="${id}">`);
    expect(all(html, /<svg [^>]*data-chart="([\w-]+)"/g).map((m) => m[1])).toEqual(['raster', 'rates', 'isi-histogram', 'rate-histogram']);

    const counts = await recordedCounts(at('run.simrec.h5'));
    expect(counts.map((c) => c.name)).toEqual(['exc', 'inh']);
    for (const c of counts) {
      // Raster: all 300 neurons fit its 500 rows and its spike budget, so every spike is drawn, one `M` each.
      const path = html.match(new RegExp(`<path class="spikes" d="([^"]*)"[^>]*data-population="${c.name}" data-spikes="(\\d+)" data-rows="(\\d+)"`));
      expect(path, c.name).not.toBeNull();
      expect(Number(path?.[2])).toBe(c.spikes);
      expect(Number(path?.[3])).toBe(c.recorded);
      expect(all(path?.[1] ?? '', /M/g)).toHaveLength(c.spikes);
      // Rates: one point per 1 ms bin of the 60 ms.
      expect(html).toMatch(new RegExp(`<polyline [^>]*data-population="${c.name}" data-points="60"`));
      // Histograms: every interval in the ISI one, every recorded neuron in the rate one.
      const groups = all(html, new RegExp(`<g class="bars" data-population="${c.name}"[^>]*>(.*?)</g>`, 'g')).map((m) => m[1] as string);
      expect(groups).toHaveLength(2);
      expect(sumCounts(groups[0] as string)).toBe(c.intervals);
      expect(sumCounts(groups[1] as string)).toBe(c.recorded);
      expect(html).toMatch(
        new RegExp(`${c.name}</td><td class="number">${c.recorded}</td><td class="number">${c.recorded}</td><td class="number">${c.spikes}</td>`),
      );
    }
    expect(html).toContain('<th>seed</th><td>1</td>');
  });

  it('keeps the raster within --max-spikes and --max-neurons, and says where it stops', async () => {
    const r = await runCli(['report', at('run.simrec.h5'), '-o', at('small.html'), '--max-spikes', '10', '--max-neurons', '30'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/the raster stops at [\d.]+ ms/);
    const html = readFileSync(at('small.html'), 'utf8');
    const drawn = all(html, /data-spikes="(\d+)" data-rows="(\d+)"/g).map((m) => [Number(m[1]), Number(m[2])]);
    const spikesDrawn = drawn.reduce((n, [s]) => n + (s as number), 0);
    expect(spikesDrawn).toBeLessThanOrEqual(10);
    expect(spikesDrawn).toBeGreaterThan(0);
    expect(drawn.reduce((n, [, rows]) => n + (rows as number), 0)).toBe(30);
    expect(html).toContain('The raster stops at');
  });

  it('writes the raster alone as a standalone SVG', async () => {
    const r = await runCli(['report', at('run.simrec.h5'), '-o', at('raster.svg')], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(at('raster.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 960 470"/);
    expect(svg).toContain('<style>');
    const total = (await recordedCounts(at('run.simrec.h5'))).reduce((n, c) => n + c.spikes, 0);
    expect(all(svg, /data-spikes="(\d+)"/g).reduce((n, m) => n + Number(m[1]), 0)).toBe(total);
    expect(all(svg, /<path class="spikes" d="([^"]*)"/g).reduce((n, m) => n + all(m[1] as string, /M/g).length, 0)).toBe(total);
  });

  it('refuses to replace a report unless --force, and an output that is neither .html nor .svg', async () => {
    expect((await runCli(['report', at('run.simrec.h5'), '-o', at('report.html')], { cwd })).code).toBe(1);
    expect((await runCli(['report', at('run.simrec.h5'), '-o', at('report.html'), '--force'], { cwd })).code).toBe(0);
    const r = await runCli(['report', at('run.simrec.h5'), '-o', at('report.pdf')], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('-o: expected a file ending in .html or .svg, got');
  });
});
