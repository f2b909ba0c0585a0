import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../test-support/readme-example.ts';

it('runs the README example', async () => {
  const logged = await runReadmeExample('@spikegpu/connectivity', new URL('..', import.meta.url));
  expect(logged).toHaveLength(2);
  expect(String(logged[0]?.[0])).toMatch(/^\d+ synapses/);
});
