import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { QUEUE_PERMUTATION_ALGORITHM, parseSeedHex, queuePermutation } from '../../shared/queue-permutation';
import { queueSettingsRequestSchema, saleIdSchema } from '../../shared/protocol/schemas';
import type { QueueStatusView, SaleView } from '../../shared/protocol/views';
import type { SessionTokens } from '../accounts/session-tokens';
import { BOX_OFFICE, requireRole, SALE_MANAGERS } from '../guards/staff-roles';
import type { SaleInfo, SaleLookup } from '../catalogue/catalogue';
import { AppError } from '../errors/app-error';
import { authenticate, identityOf, parse } from '../http/http-kit';
import type { QueueService } from './queue.service';
import type { SaleControls } from './sale-controls';

const placeQuerySchema = z.coerce.number().int().min(1).max(1e9).optional();
const arrivalQuerySchema = z.coerce.number().int().min(0).max(1e9);
const STATUS_MAX_AGE_S = 1;
const NEAR_FRONT_POLL_MS = 2_000;
const FAR_BACK_POLL_MS = 30_000;

/**
 * The waiting room over HTTP: sales (with the seed commitment, and the seed once shuffled), the
 * cacheable status for fans without a socket, joining, one's own place, admission, the verifier,
 * and the staff controls. [Q6, Q9, Q15]
 */
export function queueRoutes({
  queue,
  sales,
  saleControls,
  tokens,
  json,
}: {
  queue: QueueService;
  sales: SaleLookup;
  saleControls: SaleControls;
  tokens: SessionTokens;
  json: RequestHandler;
}): Router {
  const router = Router();
  const fan = authenticate(tokens, 'fan');
  const staff = authenticate(tokens, 'staff');
  const saleFrom = (request: Request): SaleInfo => {
    const sale = sales.sale(parse(saleIdSchema, request.params.saleId));
    if (!sale) throw new AppError('SALE_NOT_FOUND');
    return sale;
  };

  router.get('/api/sales', async (_request, response) => {
    response
      .set('Cache-Control', 'public, max-age=5')
      .json(await Promise.all(sales.sales().map((sale) => saleView(queue, sale))));
  });

  router.get('/api/sales/:saleId', async (request, response) => {
    response.set('Cache-Control', 'public, max-age=5').json(await saleView(queue, saleFrom(request)));
  });

  router.get('/api/sales/:saleId/queue/status', async (request, response) => {
    const cursor = await queue.cursor(saleFrom(request).id);
    const place = parse(placeQuerySchema, request.query.place);
    const status: QueueStatusView = {
      ...cursor,
      pollAfterMs: pollAfterMs(place, cursor.nowServing, cursor.admitRatePerSecond),
    };
    response.set('Cache-Control', `public, max-age=${STATUS_MAX_AGE_S}`).json(status);
  });

  router.get('/api/sales/:saleId/queue/verify', async (request, response) => {
    const sale = saleFrom(request);
    const arrival = parse(arrivalQuerySchema, request.query.arrival);
    const shuffle = await queue.shuffle(sale.id);
    if (!shuffle) throw new AppError('QUEUE_NOT_OPEN');
    const place =
      arrival < shuffle.size
        ? queuePermutation(parseSeedHex(shuffle.seed), shuffle.size).permute(arrival) + 1
        : arrival + 1;
    response.set('Cache-Control', 'public, max-age=3600').json({
      saleId: sale.id,
      arrival,
      place,
      seed: shuffle.seed,
      seedCommitment: sale.seedCommitment,
      shuffledSize: shuffle.size,
      algorithm: QUEUE_PERMUTATION_ALGORITHM,
    });
  });

  router.post('/api/sales/:saleId/queue', json, fan, async (request, response) => {
    response.json(await queue.join(identityOf(request).accountId, saleFrom(request).id));
  });

  router.get('/api/sales/:saleId/queue/me', fan, async (request, response) => {
    response
      .set('Cache-Control', 'no-store')
      .json(await queue.entry(identityOf(request).accountId, saleFrom(request).id));
  });

  router.delete('/api/sales/:saleId/queue/me', json, fan, async (request, response) => {
    await queue.leave(identityOf(request).accountId, saleFrom(request).id);
    response.status(204).end();
  });

  router.post('/api/sales/:saleId/admission', json, fan, async (request, response) => {
    response.json(await queue.enter(identityOf(request).accountId, saleFrom(request).id));
  });

  router.get('/api/admin/sales/:saleId/queue', staff, async (request, response) => {
    const sale = saleFrom(request);
    requireRole(identityOf(request), BOX_OFFICE);
    response.set('Cache-Control', 'no-store').json(await queue.stats(sale.id));
  });

  router.patch('/api/admin/sales/:saleId/queue', json, staff, async (request, response) => {
    const sale = saleFrom(request);
    requireRole(identityOf(request), SALE_MANAGERS);
    const change = parse(queueSettingsRequestSchema, request.body);
    response.json(await saleControls.change(identityOf(request).accountId, sale.id, change));
  });

  return router;
}

async function saleView(queue: QueueService, sale: SaleInfo): Promise<SaleView> {
  const shuffle = await queue.shuffle(sale.id).catch(() => undefined);
  return {
    id: sale.id,
    name: sale.name,
    showIds: sale.showIds,
    prequeueOpensAt: sale.prequeueOpensAt.toISOString(),
    startsAt: sale.startsAt.toISOString(),
    closesAt: sale.closesAt.toISOString(),
    seedCommitment: sale.seedCommitment,
    seed: shuffle?.seed ?? null,
    shuffledSize: shuffle?.size ?? null,
    algorithm: QUEUE_PERMUTATION_ALGORITHM,
  };
}

/** Near the front, ask again in a couple of seconds; far back, in up to half a minute. [Q9] */
export function pollAfterMs(place: number | undefined, nowServing: number, ratePerSecond: number): number {
  if (place === undefined) return FAR_BACK_POLL_MS / 2;
  const secondsAway = Math.max(0, place - nowServing) / Math.max(1, ratePerSecond);
  return Math.round(Math.min(FAR_BACK_POLL_MS, Math.max(NEAR_FRONT_POLL_MS, (secondsAway * 1000) / 4)));
}
