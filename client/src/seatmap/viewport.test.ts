import { describe, expect, it } from 'vitest';
import { clampToMap, fitViewport, screenToMap, visibleMapRect, zoomAt } from './viewport';

const MAP = { minX: 0, minY: 0, maxX: 400, maxY: 200 };
const VIEW = { width: 816, height: 432 };

describe('viewport', () => {
  it('fits the whole map with padding, centred', () => {
    const fit = fitViewport(MAP, VIEW, 8);
    expect(fit.scale).toBe(2);
    expect(screenToMap(fit, VIEW.width / 2, VIEW.height / 2)).toEqual({ x: 200, y: 100 });
  });

  it('zooms around the pointer: the map point under it stays put', () => {
    const fit = fitViewport(MAP, VIEW, 8);
    const before = screenToMap(fit, 100, 50);
    const zoomed = zoomAt(fit, 3, 100, 50, { min: 1, max: 10 });
    expect(zoomed.scale).toBe(6);
    const after = screenToMap(zoomed, 100, 50);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
    expect(zoomAt(zoomed, 100, 0, 0, { min: 1, max: 10 }).scale).toBe(10);
  });

  it('keeps part of the map in view when panned far away', () => {
    const fit = fitViewport(MAP, VIEW, 8);
    const lost = clampToMap({ ...fit, offsetX: 10_000, offsetY: -10_000 }, MAP, VIEW);
    const rect = visibleMapRect(lost, VIEW);
    expect(rect.minX).toBeLessThan(MAP.maxX);
    expect(rect.maxY).toBeGreaterThan(MAP.minY);
  });
});
