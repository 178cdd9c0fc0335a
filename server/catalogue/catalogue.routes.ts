import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { showIdSchema } from '../../shared/protocol/schemas';
import type { ShowView } from '../../shared/protocol/views';
import { AppError } from '../errors/app-error';
import { parse } from '../http/http-kit';
import type { Catalogue, ShowLayout } from './catalogue';

const venueIdSchema = z.string().regex(/^[a-z0-9-]{1,60}$/);
const etagSchema = z.string().regex(/^[\w-]{8,64}$/);
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=30';

/** Shows and venue geometry. Geometry is served compressed under its content hash, cacheable forever. */
export function catalogueRoutes({ catalogue }: { catalogue: Catalogue }): Router {
  const router = Router();

  router.get('/api/shows', (_request, response) => {
    response
      .set('Cache-Control', SHORT)
      .json(catalogue.allShows().map((layout) => showView(catalogue, layout)));
  });

  router.get('/api/shows/:showId', (request, response) => {
    const layout = catalogue.layout(parse(showIdSchema, request.params.showId));
    if (!layout) throw new AppError('SHOW_NOT_FOUND');
    response.set('Cache-Control', SHORT).json(showView(catalogue, layout));
  });

  router.get('/api/venues/:venueId/geometry', (request, response) => {
    const venue = catalogue.venue(parse(venueIdSchema, request.params.venueId));
    if (!venue) throw new AppError('NOT_FOUND');
    response.set('Cache-Control', SHORT).redirect(302, geometryUrl(venue.geometry.id, venue.serialized.etag));
  });

  router.get('/api/venues/:venueId/geometry/:etag', (request, response) => {
    const venue = catalogue.venue(parse(venueIdSchema, request.params.venueId));
    const etag = parse(etagSchema, request.params.etag);
    if (!venue || venue.serialized.etag !== etag) throw new AppError('NOT_FOUND');
    sendCompressed(request, response, venue.serialized);
  });

  return router;
}

export function geometryUrl(venueId: string, etag: string): string {
  return `/api/venues/${venueId}/geometry/${etag}`;
}

function showView(catalogue: Catalogue, layout: ShowLayout): ShowView {
  const { show, geometry } = layout;
  const etag = catalogue.venue(show.venueId)?.serialized.etag ?? '';
  return {
    id: show.id,
    name: show.name,
    tour: { id: show.tourId, name: show.tourName, artist: show.artist },
    startsAt: show.startsAt.toISOString(),
    onSaleAt: show.onSaleAt.toISOString(),
    timeZone: show.timeZone,
    seatLimitPerAccount: show.seatLimitPerAccount,
    venue: {
      id: geometry.id,
      name: geometry.name,
      seatCount: geometry.seatCount,
      geometryUrl: geometryUrl(geometry.id, etag),
    },
    priceTiers: geometry.tiers
      .filter((tier) => show.pricesSatang.has(tier.code))
      .map((tier) => ({ ...tier, priceSatang: show.pricesSatang.get(tier.code) ?? 0 })),
  };
}

function sendCompressed(
  request: Request,
  response: Response,
  serialized: { json: string; etag: string; gzip: Buffer; brotli: Buffer },
): void {
  const accepted = request.get('accept-encoding') ?? '';
  response.set({
    'Cache-Control': IMMUTABLE,
    ETag: `"${serialized.etag}"`,
    Vary: 'Accept-Encoding',
    'Content-Type': 'application/json; charset=utf-8',
  });
  if (request.get('if-none-match') === `"${serialized.etag}"`) {
    response.status(304).end();
  } else if (/\bbr\b/.test(accepted)) {
    response.set('Content-Encoding', 'br').send(serialized.brotli);
  } else if (/\bgzip\b/.test(accepted)) {
    response.set('Content-Encoding', 'gzip').send(serialized.gzip);
  } else {
    response.send(serialized.json);
  }
}
