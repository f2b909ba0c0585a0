import { acquireGpu, type GpuAdapterSummary } from '@spikegpu/gpu-runtime';
import { describeAdapter } from './adapter-description.js';

/** An adapter as `spikegpu devices` reports it. */
export interface DeviceReport {
  /** Power preferences under which `requestAdapter` returned this adapter. */
  powerPreferences: GPUPowerPreference[];
  adapter: GpuAdapterSummary;
  isSoftware: boolean;
  limits: Record<string, number>;
  features: string[];
}

/** What `spikegpu devices` found. */
export interface DevicesReport {
  adapters: DeviceReport[];
  /** Why none was found, when none was. */
  reason?: string;
}

function limitsOf(adapter: GPUAdapter): Record<string, number> {
  const record: Record<string, number> = {};
  // Limits are accessors on the prototype: for…in walks them.
  for (const key in adapter.limits) {
    const value = (adapter.limits as unknown as Record<string, unknown>)[key];
    if (typeof value === 'number') record[key] = value;
  }
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Finds the WebGPU adapters `acquireGpu` can reach (asking once per power preference, as a browser
 * would), with each adapter's limits and features. With none, says why (the last reason acquireGpu gave).
 */
export async function findDevices(): Promise<DevicesReport> {
  const adapters: DeviceReport[] = [];
  const reasons: string[] = [];
  for (const powerPreference of ['high-performance', 'low-power'] as const) {
    const gpu = await acquireGpu({ powerPreference, timestampQuery: false, log: (m) => reasons.push(m) });
    if (!gpu) continue;
    const key = JSON.stringify(gpu.adapterInfo);
    const seen = adapters.find((a) => JSON.stringify(a.adapter) === key);
    if (seen) seen.powerPreferences.push(powerPreference);
    else
      adapters.push({
        powerPreferences: [powerPreference],
        adapter: gpu.adapterInfo,
        isSoftware: gpu.isSoftware,
        limits: limitsOf(gpu.adapter),
        features: [...(gpu.adapter.features as unknown as Iterable<string>)].sort(),
      });
    gpu.destroy();
  }
  return adapters.length > 0 ? { adapters } : { adapters, reason: reasons.at(-1) ?? 'no WebGPU adapter available' };
}

/** The report as text: one block per adapter. */
export function renderDevices(report: DevicesReport): string {
  if (report.adapters.length === 0)
    return `no WebGPU adapter found.\nwhy: ${report.reason}\nspikegpu runs on the CPU backend meanwhile (--backend auto or cpu).`;
  return report.adapters
    .map((d, k) => {
      const info = d.adapter;
      const lines = [
        `adapter ${k}: ${describeAdapter(info)}${d.isSoftware ? ' (software: exact but slow)' : ''}`,
        `  vendor ${info.vendor || '—'}, architecture ${info.architecture || '—'}, device ${info.device || '—'}`,
        `  description ${info.description || '—'}${info.backend ? `, backend ${info.backend}` : ''}${info.isFallbackAdapter ? ', fallback adapter' : ''}`,
        `  chosen for power preference: ${d.powerPreferences.join(', ')}`,
        `  features: ${d.features.join(', ') || 'none'}`,
        '  limits:',
        ...Object.entries(d.limits).map(([name, value]) => `    ${name.padEnd(44)} ${value}`),
      ];
      return lines.join('\n');
    })
    .join('\n\n');
}

/** `spikegpu devices`: prints the adapters (or why there are none). Finding none is not an error. */
export async function devicesCommand(options: { json: boolean }, out: NodeJS.WritableStream = process.stdout): Promise<DevicesReport> {
  const report = await findDevices();
  out.write(`${options.json ? JSON.stringify(report, null, 2) : renderDevices(report)}\n`);
  return report;
}
