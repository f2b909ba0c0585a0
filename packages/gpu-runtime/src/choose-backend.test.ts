import { DeviceError, ValidationError } from '@spikegpu/core';
import { describe, expect, it } from 'vitest';
import { type BackendPreference, chooseBackend } from './choose-backend.js';
import { acquireTestGpu } from './test-support.js';

const probe = await acquireTestGpu();
probe?.destroy();

describe('chooseBackend', () => {
  it('takes the CPU when asked, without touching WebGPU', async () => {
    expect(await chooseBackend('cpu')).toEqual({ kind: 'cpu', reason: 'the CPU backend was requested' });
  });

  it('falls back to the CPU under auto when there is no adapter, with a one-line notice', async () => {
    const notices: string[] = [];
    const choice = await chooseBackend('auto', (message) => notices.push(message), { nodeOptions: ['adapter=no-such-adapter'] });
    expect(choice.kind).toBe('cpu');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/running on the CPU backend/);
    expect(notices[0]).not.toContain('\n');
  });

  it('throws a DeviceError for webgpu when there is no adapter', async () => {
    await expect(chooseBackend('webgpu', () => {}, { nodeOptions: ['adapter=no-such-adapter'] })).rejects.toThrow(DeviceError);
  });

  it('rejects an unknown preference with the allowed values', async () => {
    await expect(chooseBackend('cuda' as BackendPreference)).rejects.toThrow(ValidationError);
    await expect(chooseBackend('cuda' as BackendPreference)).rejects.toThrow(/backend: expected one of auto, webgpu, cpu, got "cuda"/);
  });

  it.skipIf(!probe)('takes WebGPU under auto when an adapter exists', async () => {
    const notices: string[] = [];
    const choice = await chooseBackend('auto', (message) => notices.push(message));
    expect(choice.kind).toBe('webgpu');
    expect(notices).toEqual([]);
    if (choice.kind === 'webgpu') choice.gpu.destroy();
  });
});
