/**
 * Points binned into cubic cells, for neighbour searches whose cost grows with the number of points
 * nearby rather than with all of them. Points of a cell are stored contiguously in ascending index
 * order (a stable counting sort), so a search visits them in a fixed order.
 */
export interface SpatialGrid {
  /** Cell edge (µm). */
  cellUm: number;
  /** Lower corner of cell (0, 0, 0). */
  origin: [number, number, number];
  /** Cells per axis. */
  shape: [number, number, number];
  /** Points of cell c: `points[cellStart[c] .. cellStart[c + 1])`. */
  cellStart: Uint32Array;
  points: Uint32Array;
  /** x, y, z of `points[slot]` at `[3·slot ..]`: positions in cell order, so a search reads them from nearby memory. */
  slotPositions: Float32Array;
}

/** Upper bound on cells, so a tiny cell size cannot ask for more memory than the points. */
const MAX_CELLS_PER_POINT = 4;

/** Bins `positions` (x, y, z per point) into cells of about `cellUm` (enlarged if there would be too many). */
export function buildSpatialGrid(positions: Float32Array, cellUm: number): SpatialGrid {
  const count = positions.length / 3;
  const low: [number, number, number] = [Infinity, Infinity, Infinity];
  const high: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < count; i++) {
    for (let axis = 0; axis < 3; axis++) {
      const value = positions[3 * i + axis] as number;
      if (value < (low[axis] as number)) low[axis] = value;
      if (value > (high[axis] as number)) high[axis] = value;
    }
  }
  if (count === 0) {
    low.fill(0);
    high.fill(0);
  }
  let cell = cellUm;
  const cellsFor = (edge: number) => [0, 1, 2].map((axis) => Math.max(1, Math.floor(((high[axis] as number) - (low[axis] as number)) / edge) + 1));
  let shape = cellsFor(cell);
  while ((shape[0] as number) * (shape[1] as number) * (shape[2] as number) > MAX_CELLS_PER_POINT * count + 64) {
    cell *= 2;
    shape = cellsFor(cell);
  }
  const [nx, ny, nz] = shape as [number, number, number];
  const cellStart = new Uint32Array(nx * ny * nz + 1);
  const cellOf = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const cx = Math.min(nx - 1, Math.floor(((positions[3 * i] as number) - low[0]) / cell));
    const cy = Math.min(ny - 1, Math.floor(((positions[3 * i + 1] as number) - low[1]) / cell));
    const cz = Math.min(nz - 1, Math.floor(((positions[3 * i + 2] as number) - low[2]) / cell));
    const c = (cz * ny + cy) * nx + cx;
    cellOf[i] = c;
    cellStart[c + 1] = (cellStart[c + 1] as number) + 1;
  }
  for (let c = 1; c < cellStart.length; c++) cellStart[c] = (cellStart[c] as number) + (cellStart[c - 1] as number);
  const cursor = cellStart.slice(0, cellStart.length - 1);
  const points = new Uint32Array(count);
  const slotPositions = new Float32Array(3 * count);
  for (let i = 0; i < count; i++) {
    const c = cellOf[i] as number;
    const slot = cursor[c] as number;
    cursor[c] = slot + 1;
    points[slot] = i;
    slotPositions[3 * slot] = positions[3 * i] as number;
    slotPositions[3 * slot + 1] = positions[3 * i + 1] as number;
    slotPositions[3 * slot + 2] = positions[3 * i + 2] as number;
  }
  return { cellUm: cell, origin: low, shape: [nx, ny, nz], cellStart, points, slotPositions };
}

/**
 * Calls `visit(begin, end)` for each cell within `radiusUm` of (x, y, z) along every axis (a cube of
 * cells), in a fixed order; `grid.points[begin .. end)` are that cell's points.
 */
export function forEachNearbyCell(grid: SpatialGrid, x: number, y: number, z: number, radiusUm: number, visit: (begin: number, end: number) => void): void {
  const [nx, ny, nz] = grid.shape;
  const range = (value: number, axis: 0 | 1 | 2, cells: number): [number, number] => [
    Math.max(0, Math.floor((value - radiusUm - grid.origin[axis]) / grid.cellUm)),
    Math.min(cells - 1, Math.floor((value + radiusUm - grid.origin[axis]) / grid.cellUm)),
  ];
  const [x0, x1] = range(x, 0, nx);
  const [y0, y1] = range(y, 1, ny);
  const [z0, z1] = range(z, 2, nz);
  for (let cz = z0; cz <= z1; cz++) {
    for (let cy = y0; cy <= y1; cy++) {
      const rowBase = (cz * ny + cy) * nx;
      for (let cx = x0; cx <= x1; cx++) {
        const c = rowBase + cx;
        const begin = grid.cellStart[c] as number;
        const end = grid.cellStart[c + 1] as number;
        if (end > begin) visit(begin, end);
      }
    }
  }
}
