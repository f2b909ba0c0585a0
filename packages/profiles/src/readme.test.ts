import { expect, it } from 'vitest';
import { runReadmeExample } from '../../../test-support/readme-example.ts';

it('runs the README example', async () => {
  const logged = await runReadmeExample('@spikegpu/profiles', new URL('..', import.meta.url));
  expect(logged).toHaveLength(2);
  expect(logged[0]?.[0]).toBe('alive');
});
