import { type InputSpec, invalid, type NetworkDescription, type ValueSpec } from '@spikegpu/core';

function scaleValue(value: ValueSpec, scale: number, path: string): ValueSpec {
  if (typeof value === 'number') return value * scale;
  switch (value.dist) {
    case 'constant':
      return { ...value, value: value.value * scale };
    case 'uniform':
      return { ...value, low: value.low * scale, high: value.high * scale };
    case 'normal':
      return {
        ...value,
        mean: value.mean * scale,
        sd: value.sd * scale,
        ...(value.min !== undefined ? { min: value.min * scale } : {}),
        ...(value.max !== undefined ? { max: value.max * scale } : {}),
      };
    case 'lognormal':
      // exp(N(mu, sigma)) · s = exp(N(mu + ln s, sigma)).
      if (!(scale > 0)) throw invalid(path, 'a drive scale > 0 for a lognormal amplitude', scale);
      return { ...value, mu: value.mu + Math.log(scale) };
    case 'list':
      return { ...value, values: value.values.map((v) => v * scale) };
  }
}

function scaleInput(input: InputSpec, scale: number, path: string): InputSpec {
  switch (input.kind) {
    case 'current':
      return { ...input, amplitude: scaleValue(input.amplitude, scale, `${path}.amplitude`) };
    case 'noise':
    case 'ou':
      return { ...input, mean: input.mean * scale, sd: input.sd * scale };
    case 'poisson':
      return { ...input, rateHz: input.rateHz * scale };
  }
}

/**
 * The description with its external drive multiplied by `scale`: Poisson inputs fire `scale` times as
 * often (weights unchanged, so each input spike stays what it was), constant currents and the mean and
 * standard deviation of noise and Ornstein–Uhlenbeck currents are multiplied. The network itself
 * (populations, projections, seed) is untouched.
 *
 * @example
 * const stronger = scaleDrive(cobaNetwork(), 1.5); // background Poisson at 12 Hz instead of 8
 */
export function scaleDrive(description: NetworkDescription, scale: number): NetworkDescription {
  if (!(Number.isFinite(scale) && scale >= 0)) throw invalid('driveScale', 'a number ≥ 0', scale);
  return { ...description, inputs: (description.inputs ?? []).map((input, k) => scaleInput(input, scale, `inputs[${k}]`)) };
}
