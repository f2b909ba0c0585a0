import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.js';

describe('didYouMean', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('tahn', 'tanh')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('finds a name that differs only in case', () => {
    expect(didYouMean('vthresh', ['vThresh', 'vReset', 'tau'])).toBe('vThresh');
    expect(didYouMean('i', ['v', 'u', 'I'])).toBe('I');
  });

  it('finds a near miss and prefers the closest', () => {
    expect(didYouMean('tua', ['tau', 'tauM'])).toBe('tau');
    expect(didYouMean('v_rst', ['v_rest', 'v_reset'])).toBe('v_rest');
    expect(didYouMean('uu', ['v', 'u'])).toBe('u');
  });

  it('does not guess among unrelated short names', () => {
    expect(didYouMean('x', ['v', 'u', 'a', 'b'])).toBeUndefined();
    expect(didYouMean('gNa', ['v', 'tau'])).toBeUndefined();
  });
});
