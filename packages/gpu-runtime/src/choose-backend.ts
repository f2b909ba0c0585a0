import { invalid } from '@spikegpu/core';
import { type AcquireGpuOptions, acquireGpu, type GpuContext } from './acquire-gpu.js';

/** Which backend a caller asks for: `auto` takes WebGPU when there is an adapter, else the CPU. */
export type BackendPreference = 'auto' | 'webgpu' | 'cpu';

/** The backend {@link chooseBackend} settled on. */
export type BackendChoice = { kind: 'webgpu'; gpu: GpuContext } | { kind: 'cpu'; reason: string };

const PREFERENCES: readonly BackendPreference[] = ['auto', 'webgpu', 'cpu'];

/**
 * Picks the backend. `webgpu` requires a device (throws a `DeviceError` with a hint when there is
 * none); `cpu` never touches WebGPU; `auto` uses WebGPU when it can and otherwise logs a one-line
 * notice and falls back to the CPU.
 * @example
 * const backend = await chooseBackend('auto', console.warn);
 * if (backend.kind === 'webgpu') console.log('GPU:', backend.gpu.adapterInfo.description);
 */
export async function chooseBackend(
  preference: BackendPreference = 'auto',
  log: (message: string) => void = () => {},
  options: Omit<AcquireGpuOptions, 'required'> = {},
): Promise<BackendChoice> {
  if (!PREFERENCES.includes(preference)) throw invalid('backend', `one of ${PREFERENCES.join(', ')}`, preference, undefined, 'unknown-backend');
  if (preference === 'cpu') return { kind: 'cpu', reason: 'the CPU backend was requested' };
  if (preference === 'webgpu') {
    const gpu = await acquireGpu({ ...options, required: true, log: options.log ?? log });
    return { kind: 'webgpu', gpu };
  }
  const reasons: string[] = [];
  const onError = options.onError ?? ((error) => log(error.message));
  const gpu = await acquireGpu({ ...options, required: false, onError, log: (message) => reasons.push(message) });
  if (gpu) return { kind: 'webgpu', gpu };
  const reason = reasons.at(-1) ?? 'no WebGPU adapter available';
  log(`spikegpu: no usable WebGPU device, running on the CPU backend (${reason})`);
  return { kind: 'cpu', reason };
}
