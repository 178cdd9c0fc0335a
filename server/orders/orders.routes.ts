import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { checkoutBodySchema, idempotencyKeySchema } from '../../shared/protocol/schemas';
import type { SessionTokens } from '../accounts/session-tokens';
import { AppError } from '../errors/app-error';
import type { AdmissionGuard } from '../guards/admission-guard';
import { admitted, authenticate, identityOf, parse } from '../http/http-kit';
import type { CheckoutService } from './checkout.service';

const orderIdSchema = z.uuid();

/** Checkout and order look-ups. A checkout needs an Idempotency-Key header; a retry returns the same order. */
export function ordersRoutes({
  checkout,
  tokens,
  admission,
  json,
}: {
  checkout: CheckoutService;
  tokens: SessionTokens;
  admission: AdmissionGuard;
  json: RequestHandler;
}): Router {
  const router = Router();
  const fan = authenticate(tokens, 'fan');

  router.post('/api/orders', json, fan, async (request, response) => {
    const idempotencyKey = request.get('idempotency-key');
    if (idempotencyKey === undefined) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
    const checkoutRequest = {
      ...parse(checkoutBodySchema, request.body),
      idempotencyKey: parse(idempotencyKeySchema, idempotencyKey),
    };
    await admitted(admission, request, checkoutRequest.showId);
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
