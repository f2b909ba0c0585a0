import { CapacityError, invalid } from '@spikegpu/core';

/**
 * Workgroup counts that cover `itemCount` items, and how a kernel turns its ids back into an item
 * index: `index = id.x + (id.y + id.z * y) * threadsPerRow`, where `threadsPerRow = x * workgroupSize`
 * (in WGSL, `id.x + id.y * groups.x * 64u` for a 2-D grid of 64-wide workgroups; items with
 * `index >= itemCount` return at once).
 */
export interface WorkgroupGrid {
  x: number;
  y: number;
  z: number;
  /** Threads in one row of the grid (`x * workgroupSize`). */
  threadsPerRow: number;
}

/**
 * The smallest grid of `workgroupSize`-wide workgroups covering `itemCount` items without exceeding
 * `maxPerDimension` (the device's `maxComputeWorkgroupsPerDimension`, 65535 by default): 1-D while it
 * fits, then 2-D (rows of nearly equal length), then 3-D.
 * @example workgroupGrid(10_000_000, 64) // { x: 52084, y: 3, z: 1, threadsPerRow: 3333376 }
 */
export function workgroupGrid(itemCount: number, workgroupSize = 64, maxPerDimension = 65535): WorkgroupGrid {
  if (!Number.isInteger(itemCount) || itemCount < 0) throw invalid('itemCount', 'a non-negative integer', itemCount);
  if (!Number.isInteger(workgroupSize) || workgroupSize < 1) throw invalid('workgroupSize', 'a positive integer', workgroupSize);
  const groups = Math.ceil(itemCount / workgroupSize);
  if (groups <= maxPerDimension) return { x: groups, y: 1, z: 1, threadsPerRow: groups * workgroupSize };
  const rows = Math.ceil(groups / maxPerDimension);
  const z = Math.ceil(rows / maxPerDimension);
  if (z > maxPerDimension) {
    throw new CapacityError(`${itemCount} items need more workgroups than a dispatch can have`, {
      code: 'dispatch-too-large',
      expected: `at most ${maxPerDimension ** 3 * workgroupSize} items`,
      received: itemCount,
      hint: 'split the work into several dispatches',
    });
  }
  const y = Math.ceil(rows / z);
  const x = Math.ceil(groups / (y * z));
  return { x, y, z, threadsPerRow: x * workgroupSize };
}

/**
 * Dispatches enough workgroups for `itemCount` items on `pass` (see {@link workgroupGrid}) and returns
 * the grid, whose `threadsPerRow` the kernel may need in a uniform.
 * @example dispatchItems(pass, neuronCount, 64, gpu.limits.maxComputeWorkgroupsPerDimension);
 */
export function dispatchItems(pass: GPUComputePassEncoder, itemCount: number, workgroupSize = 64, maxPerDimension = 65535): WorkgroupGrid {
  const grid = workgroupGrid(itemCount, workgroupSize, maxPerDimension);
  if (grid.x > 0) pass.dispatchWorkgroups(grid.x, grid.y, grid.z);
  return grid;
}
