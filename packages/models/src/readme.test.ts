import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../test-support/readme-example.ts';

it('runs the README example of subexpressions: each computed once per RK4 stage', async () => {
  const logged = await runReadmeExample('@spikegpu/models', new URL('..', import.meta.url));
  expect(logged).toEqual([[16]]);
});
