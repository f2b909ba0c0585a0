import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './validate-network.js';

describe('closestName', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('tahn', 'tanh')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('finds a name that differs only in case', () => {
    expect(closestName('vthresh', ['vThresh', 'vReset', 'tau'])).toBe('vThresh');
    expect(closestName('i', ['v', 'u', 'I'])).toBe('I');
  });

  it('finds a near miss and prefers the closest', () => {
    expect(closestName('tua', ['tau', 'tauM'])).toBe('tau');
    expect(closestName('v_rst', ['v_rest', 'v_reset'])).toBe('v_rest');
    expect(closestName('uu', ['v', 'u'])).toBe('u');
  });

  it('does not guess among unrelated short names', () => {
    expect(closestName('x', ['v', 'u', 'a', 'b'])).toBeUndefined();
    expect(closestName('gNa', ['v', 'tau'])).toBeUndefined();
  });
});
