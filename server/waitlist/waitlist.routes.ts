import { Router, type RequestHandler } from 'express';
import { joinWaitlistBodySchema, showIdSchema } from '../../shared/protocol/schemas';
import type { SessionTokens } from '../accounts/session-tokens';
import { authenticate, identityOf, parse } from '../http/http-kit';
import type { WaitlistService } from './waitlist.service';

/**
 * The waitlist of a sold-out show: join it (201 the first time, 200 with the same entry after), and
 * read one's own place. Both answer a WaitlistEntryView.
 */
export function waitlistRoutes({
  waitlist,
  tokens,
  json,
}: {
  waitlist: WaitlistService;
  tokens: SessionTokens;
  json: RequestHandler;
}): Router {
  const router = Router();
  const fan = authenticate(tokens, 'fan');

  router.post('/api/shows/:showId/waitlist', json, fan, async (request, response) => {
    const showId = parse(showIdSchema, request.params.showId);
    parse(joinWaitlistBodySchema, request.body);
    const { entry, created } = await waitlist.join(identityOf(request).accountId, showId);
    response
      .status(created ? 201 : 200)
      .set('Cache-Control', 'no-store')
      .json(entry);
  });

  router.get('/api/shows/:showId/waitlist/me', fan, async (request, response) => {
    const showId = parse(showIdSchema, request.params.showId);
    response
      .set('Cache-Control', 'no-store')
      .json(await waitlist.entry(identityOf(request).accountId, showId));
  });

  return router;
}
