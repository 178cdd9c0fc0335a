import { appServices } from './services';

/**
 * The seat map page's code (it brings Konva, so it loads when first needed) and, once it has
 * loaded, what the map's first live frame waits for (seatmap/map-warm-up.ts). main.tsx starts it
 * for a page opened on a seat map; App's lazy route for any other way there.
 */
export function loadSeatMapPage() {
  return import('../seatmap/SeatMapPage').then((page) => {
    appServices().warmUpSeatMap();
    return page;
  });
}
