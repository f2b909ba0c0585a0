import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../test-support/readme-example.ts';

it('runs the README example', async () => {
  const logged = await runReadmeExample('@spikegpu/plasticity', new URL('..', import.meta.url));
  expect(String(logged[0]?.[0])).toMatch(/^tsodyks-markram \{"U":0\.05,"tauDMs":125,"tauFMs":1200\}\nstdp \{"aPlus":0\.005/);
  expect(String(logged[1]?.[0])).toBe('projections[0].plasticity[0].U: expected a number in (0, 1], got 1.5');
});
