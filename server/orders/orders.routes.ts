import { Router } from 'express';
import { z } from 'zod';
import { checkoutBodySchema, idempotencyKeySchema } from '../../shared/protocol/schemas';
import type { SessionTokens } from '../accounts/session-tokens';
import { AppError } from '../errors/app-error';
import { authenticate, identityOf, parse } from '../http/http-kit';
import { requireHttpAdmission } from '../queue/queue.routes';
import type { QueueService } from '../queue/queue.service';
import type { CheckoutService } from './checkout.service';

const orderIdSchema = z.uuid();

/** Checkout and order look-ups. A checkout needs an Idempotency-Key header; a retry returns the same order. */
export function ordersRoutes(checkout: CheckoutService, tokens: SessionTokens, queue: QueueService): Router {
  const router = Router();
  const fan = authenticate(tokens, 'fan');

  router.post('/api/orders', fan, async (request, response) => {
    const idempotencyKey = request.get('idempotency-key');
    if (idempotencyKey === undefined) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
    const checkoutRequest = {
      ...parse(checkoutBodySchema, request.body),
      idempotencyKey: parse(idempotencyKeySchema, idempotencyKey),
    };
    await requireHttpAdmission(queue, request, checkoutRequest.showId);
    response.json(await checkout.checkout(identityOf(request).accountId, checkoutRequest));
  });

  router.get('/api/orders/:orderId', fan, async (request, response) => {
    const orderId = parse(orderIdSchema, request.params.orderId);
    response.json(await checkout.order(identityOf(request).accountId, orderId));
  });

  router.get('/api/me/orders', fan, async (request, response) => {
    response.json(await checkout.ordersOf(identityOf(request).accountId));
  });

  return router;
}
