import type { JourneyMap } from '../bindings';

export type Direction = 'left' | 'right' | 'up' | 'down';

export interface Cell {
  stage: string;
  lane: string;
}

export const DIRECTIONS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/**
 * The cell next to `cell` in the map's stage order (left/right) or lane order
 * (up/down), skipping collapsed lanes, which have no cells on screen. Null at
 * the edge of the grid.
 */
export function neighbour(map: JourneyMap, cell: Cell, dir: Direction): Cell | null {
  if (dir === 'left' || dir === 'right') {
    const i = map.stages.findIndex((s) => s.id === cell.stage);
    if (i < 0) return null;
    const next = map.stages[dir === 'left' ? i - 1 : i + 1];
    return next ? { stage: next.id, lane: cell.lane } : null;
  }
  const lanes = map.lanes.filter((l) => !l.collapsed || l.id === cell.lane);
  const i = lanes.findIndex((l) => l.id === cell.lane);
  if (i < 0) return null;
  const next = lanes[dir === 'up' ? i - 1 : i + 1];
  return next ? { stage: cell.stage, lane: next.id } : null;
}

/** The first cell of the grid, where keyboard navigation starts. */
export function firstCell(map: JourneyMap): Cell | null {
  const stage = map.stages[0];
  const lane = map.lanes.find((l) => !l.collapsed);
  return stage && lane ? { stage: stage.id, lane: lane.id } : null;
}
