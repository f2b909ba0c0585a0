import { packageTest } from '../../vitest.shared';
export default packageTest(120_000);
