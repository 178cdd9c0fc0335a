import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  blockSeatsRequestSchema,
  holdIdSchema,
  holdBodySchema,
  sectionIdSchema,
  showIdSchema,
  unblockSeatsRequestSchema,
} from '../../shared/protocol/schemas';
import type { SessionTokens } from '../accounts/session-tokens';
import type { ShowLookup } from '../catalogue/catalogue';
import { AppError } from '../errors/app-error';
import type { AdmissionGuard } from '../guards/admission-guard';
import { BOX_OFFICE, requireRole } from '../guards/staff-roles';
import { admitted, authenticate, identityOf, parse } from '../http/http-kit';
import type { SeatBlocks } from './seat-blocks';
import type { InventoryService } from './inventory.service';
import { requestedSections } from './requested-sections';

const sectionsQuerySchema = z
  .union([z.literal('all'), z.string().regex(/^\d{1,5}(,\d{1,5}){0,511}$/)])
  .optional()
  .transform((value) => (value === undefined || value === 'all' ? value : value.split(',').map(Number)))
  .pipe(z.union([z.literal('all'), z.array(sectionIdSchema)]).optional());

/**
 * The seat map over plain HTTP, for clients whose socket cannot connect and for the box office:
 * snapshots, availability, holds; and seat blocks for staff.
 */
export function inventoryRoutes({
  inventory,
  blocks,
  shows,
  tokens,
  admission,
  json,
}: {
  inventory: InventoryService;
  blocks: SeatBlocks;
  shows: ShowLookup;
  tokens: SessionTokens;
  admission: AdmissionGuard;
  json: RequestHandler;
}): Router {
  const router = Router();
  const fan = authenticate(tokens, 'fan');
  const staff = authenticate(tokens, 'staff');

  router.get('/api/shows/:showId/seats', async (request, response) => {
    const showId = parse(showIdSchema, request.params.showId);
    if (admission.guards(showId)) await requireSeatMapAccess(request, tokens, admission, showId);
    const sections = parse(sectionsQuerySchema, request.query.sections) ?? 'all';
    const sectionIds = requestedSections(shows, { showId, sections });
    const [snapshot, available] = await Promise.all([
      inventory.snapshot(showId, sectionIds),
      inventory.availability(showId),
    ]);
    response.set('Cache-Control', 'no-store').json({ showId, ...snapshot, available });
  });

  router.get('/api/shows/:showId/availability', async (request, response) => {
    const showId = parse(showIdSchema, request.params.showId);
    // Refused (SALE_UNAVAILABLE) while the inventory is not built: its zeros are not "sold out".
    const { available, freeSeats } = await inventory.readyAvailability(showId);
    response.set('Cache-Control', 'public, max-age=1').json({ showId, available, freeSeats });
  });

  router.post('/api/shows/:showId/holds', json, fan, async (request, response) => {
    const showId = parse(showIdSchema, request.params.showId);
    const windowEndsAt = await admitted(admission, request, showId);
    const { seats } = parse(holdBodySchema, request.body);
    response
      .status(201)
      .json(await inventory.hold(identityOf(request).accountId, showId, seats, windowEndsAt));
  });

  router.delete('/api/shows/:showId/holds/:holdId', json, fan, async (request, response) => {
    const showId = parse(showIdSchema, request.params.showId);
    const holdId = parse(holdIdSchema, request.params.holdId);
    response.json({ seatsFreed: await inventory.release(identityOf(request).accountId, showId, holdId) });
  });

  router.post('/api/admin/shows/:showId/blocks', json, staff, async (request, response) => {
    requireRole(identityOf(request), BOX_OFFICE);
    const showId = parse(showIdSchema, request.params.showId);
    const { seats, reason } = parse(blockSeatsRequestSchema, request.body);
    response.json({ seatsBlocked: await blocks.block(showId, seats, reason, identityOf(request).accountId) });
  });

  router.post('/api/admin/shows/:showId/unblocks', json, staff, async (request, response) => {
    requireRole(identityOf(request), BOX_OFFICE);
    const showId = parse(showIdSchema, request.params.showId);
    const { seats } = parse(unblockSeatsRequestSchema, request.body);
    response.json({ seatsUnblocked: await blocks.unblock(showId, seats, identityOf(request).accountId) });
  });

  return router;
}

/**
 * The seats of a show sold through a waiting room: box-office staff (not the gate's), or an
 * admitted fan (with their admission token). [Q13]
 */
async function requireSeatMapAccess(
  request: Request,
  tokens: SessionTokens,
  admission: AdmissionGuard,
  showId: string,
): Promise<void> {
  const bearer = /^bearer (\S{1,4096})$/i.exec(request.get('authorization') ?? '')?.[1];
  if (!bearer) throw new AppError('AUTH_REQUIRED');
  const asStaff = await tokens.verify(bearer, 'staff').catch(() => undefined);
  if (asStaff) return requireRole(asStaff, BOX_OFFICE);
  request.identity = await tokens.verify(bearer, 'fan');
  await admitted(admission, request, showId);
}
