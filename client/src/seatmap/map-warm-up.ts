import { loadShows } from '../api/shows';
import type { AppConnection } from '../api/socket';
import { parseRoute } from '../app/routes';
import { loadVenueModel } from '../venue/load-venue';

/**
 * Starts what the map's first live frame waits for, as soon as the map's code has loaded (the
 * seat-map route is opening), instead of after the page's first renders and effects:
 *
 * - the show list, then the venue geometry of the show in the address, parsed into its model (the
 *   page's own hooks get the same requests from the caches of api/shows.ts and venue/load-venue.ts);
 * - the live connection: its handshake overlaps the downloads instead of queueing behind the first
 *   render. If the session is still being restored, it connects signed out and is signed in on the
 *   same connection once it is (api/socket.ts), before the map's first command.
 *
 * Failures are left to the page, which asks again through the same functions and shows them. Run
 * once per tab (app/services.ts sees to it).
 */
export function warmUpSeatMap(connection: AppConnection, hash: string): void {
  connection.socket();
  const route = parseRoute(hash);
  if (route.name !== 'seatMap') return;
  loadShows()
    .then((shows) => {
      const show = shows.find((candidate) => candidate.id === route.showId);
      if (show) void loadVenueModel(show.venue.geometryUrl).catch(() => undefined);
    })
    .catch(() => undefined);
}
