import { describe, expect, it } from 'vitest';
import { findPreset, stimulusAt } from '../presets/index.js';
import { izhikevich2003, izhikevich2007 } from './izhikevich.js';
import { intervals, simulateNeuron } from './simulate-neuron.testkit.js';

/** Runs a preset under its figure's stimulus (or a given one), at the figure's resolution. */
function runPreset(family: 'izhikevich-2003' | 'izhikevich-2007', name: string, current?: (t: number) => number, durationMs?: number) {
  const preset = findPreset(family, name);
  const stimulus = preset.stimulus;
  return simulateNeuron(family === 'izhikevich-2003' ? izhikevich2003 : izhikevich2007, {
    dtMs: family === 'izhikevich-2003' ? 0.25 : 0.1,
    durationMs: durationMs ?? stimulus?.totalMs ?? 200,
    current: current ?? ((t) => (stimulus ? stimulusAt(stimulus, t) : 0)),
    params: preset.params,
    ...(preset.init ? { init: preset.init } : {}),
  }).spikes;
}
const short = (isi: number[], ms: number) => isi.filter((x) => x < ms).length;

describe('Izhikevich (2003) presets under the 2003 and 2004 figures’ stimuli', () => {
  it('RS adapts, then fires tonically', () => {
    const isi = intervals(runPreset('izhikevich-2003', 'RS'));
    expect(isi.length).toBeGreaterThanOrEqual(3);
    expect(isi[1]! / isi[0]!).toBeGreaterThan(1.5);
    expect(Math.abs(isi.at(-1)! - isi.at(-2)!)).toBeLessThan(0.5);
  });

  it('IB fires an initial burst, then single spikes', () => {
    const isi = intervals(runPreset('izhikevich-2003', 'IB'));
    expect(isi.slice(0, 2).every((x) => x < 6)).toBe(true);
    expect(isi.slice(2).every((x) => x > 25)).toBe(true);
  });

  it('CH chatters: repeated bursts of fast spikes separated by long pauses', () => {
    const isi = intervals(runPreset('izhikevich-2003', 'CH'));
    const pauses = isi.filter((x) => x > 30).length;
    expect(pauses).toBeGreaterThanOrEqual(2);
    expect(short(isi, 6)).toBeGreaterThanOrEqual(3 * pauses);
  });

  it('FS fires fast without adaptation; LTS fires fast with adaptation', () => {
    const fs = intervals(runPreset('izhikevich-2003', 'FS'));
    expect(1000 / fs.at(-1)!).toBeGreaterThan(100);
    expect(fs.at(-1)! / fs[2]!).toBeLessThan(1.1);
    const lts = intervals(runPreset('izhikevich-2003', 'LTS'));
    expect(lts.at(-1)! / lts[0]!).toBeGreaterThan(3);
    expect(1000 / lts.at(-1)!).toBeGreaterThan(50);
  });

  it('TC answers release from hyperpolarisation with a rebound burst', () => {
    const spikes = runPreset('izhikevich-2003', 'TC', (t) => (t < 100 ? -10 : 0), 300);
    expect(spikes.length).toBeGreaterThanOrEqual(2);
    expect(spikes.every((t) => t > 100 && t < 140)).toBe(true);
  });

  it('tonic spiking settles to a constant interval; phasic spiking fires once', () => {
    const isi = intervals(runPreset('izhikevich-2003', 'tonic-spiking'));
    expect(Math.abs(isi.at(-1)! - isi.at(-2)!)).toBeLessThan(0.5);
    expect(runPreset('izhikevich-2003', 'phasic-spiking')).toHaveLength(1);
  });

  it('tonic bursting repeats bursts; phasic bursting fires one burst only', () => {
    const tonic = intervals(runPreset('izhikevich-2003', 'tonic-bursting'));
    expect(tonic.filter((x) => x > 20).length).toBeGreaterThanOrEqual(2);
    const phasic = runPreset('izhikevich-2003', 'phasic-bursting');
    expect(phasic.length).toBeGreaterThanOrEqual(3);
    expect(phasic.at(-1)! - phasic[0]!).toBeLessThan(50);
  });

  it('mixed mode: a burst, then tonic spikes; spike-frequency adaptation lengthens intervals', () => {
    const mixed = intervals(runPreset('izhikevich-2003', 'mixed-mode'));
    expect(mixed[0]!).toBeLessThan(5);
    expect(mixed.slice(2).every((x) => x > 25)).toBe(true);
    const sfa = intervals(runPreset('izhikevich-2003', 'spike-frequency-adaptation'));
    for (let k = 1; k < sfa.length; k++) expect(sfa[k]!).toBeGreaterThanOrEqual(sfa[k - 1]!);
    expect(sfa.at(-1)! / sfa[0]!).toBeGreaterThan(5);
  });

  it('class 2 excitability: the ramp starts firing at a non-zero rate', () => {
    const spikes = runPreset('izhikevich-2003', 'class-2-excitable');
    expect(spikes.length).toBeGreaterThan(5);
    expect(1000 / (spikes[1]! - spikes[0]!)).toBeGreaterThan(30);
  });

  it('spike latency, rebound spike, rebound burst, DAP and bistability', () => {
    const latency = runPreset('izhikevich-2003', 'spike-latency');
    expect(latency).toHaveLength(1);
    expect(latency[0]! - 13).toBeGreaterThan(2); // fires well after the 3 ms pulse ended
    const rebound = runPreset('izhikevich-2003', 'rebound-spike');
    expect(rebound).toHaveLength(1);
    expect(rebound[0]!).toBeGreaterThan(25);
    const burst = runPreset('izhikevich-2003', 'rebound-burst');
    expect(burst.length).toBeGreaterThanOrEqual(3);
    expect(burst[0]!).toBeGreaterThan(25);
    expect(runPreset('izhikevich-2003', 'DAP')).toHaveLength(1);
    // A 5 ms pulse switches the bistable cell from rest to lasting tonic firing.
    const bistable = runPreset('izhikevich-2003', 'bistability');
    expect(bistable[0]!).toBeGreaterThan(37.5);
    expect(bistable.at(-1)!).toBeGreaterThan(250);
  });

  it('inhibition-induced spiking fires only while inhibited', () => {
    const spikes = runPreset('izhikevich-2003', 'inhibition-induced-spiking');
    expect(spikes.filter((t) => t < 50)).toHaveLength(0);
    expect(spikes.filter((t) => t >= 50 && t < 250).length).toBeGreaterThanOrEqual(3);
  });
});

describe('Izhikevich (2007) book presets', () => {
  it('RS pyramidal: no spike at rest, regular spikes under 70 pA', () => {
    expect(runPreset('izhikevich-2007', 'RS', () => 0)).toHaveLength(0);
    const isi = intervals(runPreset('izhikevich-2007', 'RS'));
    expect(isi.length).toBeGreaterThanOrEqual(2);
    expect(Math.abs(isi.at(-1)! - isi.at(-2)!)).toBeLessThan(2);
  });

  it('FS interneuron (d = 0, cubic u-nullcline) fires fast and tonically', () => {
    const isi = intervals(runPreset('izhikevich-2007', 'FS'));
    expect(1000 / (isi.slice(-5).reduce((a, b) => a + b) / 5)).toBeGreaterThan(50);
    expect(Math.max(...isi.slice(2)) / Math.min(...isi.slice(2))).toBeLessThan(1.3);
  });

  it('IB bursts first; CH fires repeated doublets', () => {
    const ib = intervals(runPreset('izhikevich-2007', 'IB'));
    expect(ib[0]!).toBeLessThan(ib.at(-1)! / 3);
    const ch = intervals(runPreset('izhikevich-2007', 'CH'));
    expect(short(ch.slice(4), 6)).toBeGreaterThanOrEqual(3);
    expect(ch.slice(4).filter((x) => x > 25).length).toBeGreaterThanOrEqual(3);
  });

  it('TC fires tonically from rest and a rebound burst after hyperpolarisation', () => {
    expect(intervals(runPreset('izhikevich-2007', 'TC')).length).toBeGreaterThan(5);
    // Held near −75 mV (b switches to 15 below −65), then released: a burst, then silence.
    const rebound = runPreset('izhikevich-2007', 'TC', (t) => (t < 200 ? -800 : 0), 500);
    expect(rebound.length).toBeGreaterThanOrEqual(3);
    expect(rebound.every((t) => t > 200 && t < 320)).toBe(true);
  });
});
