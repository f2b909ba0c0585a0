import { invalid, philox4x32Into, type ValueSpec, validateValueSpec } from '@spikegpu/core';
import { DrawPurpose, drawBlock } from './counter-stream.js';
import { checkInteger } from './field-checks.js';

/** Where sampled values' random numbers come from. */
export interface SampleContext {
  /** The network seed, an unsigned 32-bit integer. */
  seed: number;
  /**
   * Stream id, an unsigned 32-bit integer. Give each sampled quantity its own: weights and delays of
   * one projection drawn from one stream would be correlated.
   */
  stream: number;
  /** Field path for error messages, e.g. `projections[0].weight`. */
  path?: string;
  /**
   * Index of the first element (default 0): values `firstIndex .. firstIndex + count` of the whole
   * set, so a set sampled in pieces equals the set sampled at once.
   */
  firstIndex?: number;
  /**
   * Where to write the `count` values (default: a new array), e.g. a slice of a shared array that
   * several threads fill, each its own range of elements (`firstIndex`).
   */
  out?: Float32Array;
}

/**
 * One value per element (synapse of a projection, neuron of a population), after checking the spec
 * with core's `validateValueSpec` (a list must hold exactly `count` values). Element e's value is a
 * pure function of (seed, stream, e): Philox block ⌊e/4⌋ gives elements 4⌊e/4⌋ … 4⌊e/4⌋ + 3 their
 * uniforms, and normals come from Box–Muller on pairs of them (tails reach ±6.7 sd, where 32-bit
 * uniforms end). `normal` is clamped to its [min, max]. Values are rounded to float32, so a clamp at a bound that float32 cannot hold lands on its
 * nearest float32.
 *
 * @example
 * ```ts
 * const weights = sampleValues({ dist: 'normal', mean: 0.5, sd: 0.1, min: 0 }, csr.targets.length, { seed: 7, stream: 11 });
 * ```
 */
export function sampleValues(spec: ValueSpec, count: number, ctx: SampleContext): Float32Array {
  checkInteger(count, 'count', 0, 0xffffffff);
  validateValueSpec(spec, ctx.path ?? 'value', { count });
  checkInteger(ctx.seed, 'seed', 0, 0xffffffff);
  checkInteger(ctx.stream, 'stream', 0, 0xffffffff);
  const first = checkInteger(ctx.firstIndex ?? 0, 'firstIndex', 0, 0xffffffff - count);
  if (ctx.out !== undefined && ctx.out.length !== count) throw invalid('out', `a Float32Array of ${count} values`, ctx.out.length);
  const out = ctx.out ?? new Float32Array(count);
  if (typeof spec === 'number') return out.fill(spec);
  switch (spec.dist) {
    case 'constant':
      return out.fill(spec.value);
    case 'list':
      out.set(spec.values);
      return out;
    case 'uniform':
      fillUniform(out, first, ctx, spec.low, spec.high);
      return out;
    case 'normal': {
      const { mean, sd } = spec;
      const min = spec.min ?? -Infinity;
      const max = spec.max ?? Infinity;
      fillFromNormals(out, first, ctx, (z) => Math.min(max, Math.max(min, mean + sd * z)));
      return out;
    }
    case 'lognormal': {
      const { mu, sigma } = spec;
      fillFromNormals(out, first, ctx, (z) => Math.exp(mu + sigma * z));
      return out;
    }
  }
}

/**
 * out[i] = low + (high − low) · U_e with e = first + i and U_e the uniform of element e: a block of four
 * elements per Philox call, with the arithmetic written out (a per-element callback cost as much as the
 * Philox rounds).
 */
function fillUniform(out: Float32Array, first: number, ctx: SampleContext, low: number, high: number): void {
  const block = new Uint32Array(4);
  const span = high - low;
  const seed = ctx.seed;
  const stream = ctx.stream;
  const purpose: number = DrawPurpose.values;
  const end = first + out.length;
  for (let element = first; element < end; ) {
    const blockIndex = Math.floor(element / 4);
    philox4x32Into(block, blockIndex, 0, stream, purpose, seed, 0x5350494b);
    const blockEnd = Math.min(end, blockIndex * 4 + 4);
    for (; element < blockEnd; element++) out[element - first] = low + span * (((block[element & 3] as number) + 0.5) * 2.3283064365386963e-10);
  }
}

/** out[i] = transform(Z_e): elements 4b, 4b+1 share the Box–Muller pair of words 0 and 1 of block b; 4b+2, 4b+3 those of words 2 and 3. */
function fillFromNormals(out: Float32Array, first: number, ctx: SampleContext, transform: (z: number) => number): void {
  const block = new Uint32Array(4);
  const normals = new Float64Array(4);
  let loaded = -1;
  for (let i = 0; i < out.length; i++) {
    const element = first + i;
    const blockIndex = Math.floor(element / 4);
    if (blockIndex !== loaded) {
      drawBlock(block, ctx.seed, ctx.stream, DrawPurpose.values, blockIndex, 0);
      for (let pair = 0; pair < 4; pair += 2) {
        const radius = Math.sqrt(-2 * Math.log(((block[pair] as number) + 0.5) * 2.3283064365386963e-10));
        const angle = 2 * Math.PI * ((block[pair + 1] as number) + 0.5) * 2.3283064365386963e-10;
        normals[pair] = radius * Math.cos(angle);
        normals[pair + 1] = radius * Math.sin(angle);
      }
      loaded = blockIndex;
    }
    out[i] = transform(normals[element & 3] as number);
  }
}
