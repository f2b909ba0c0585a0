import { packageBuild } from '../../tsup.shared.ts';

// The declarations name GPUDevice, GPUBuffer, …: point them at @webgpu/types, which tsup's type
// bundling would otherwise drop.
export default packageBuild(undefined, { dts: { banner: '/// <reference types="@webgpu/types" />' } });
