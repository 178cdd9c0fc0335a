import { checkoutRequestSchema } from '../../shared/protocol/schemas';
import type { Logger } from '../observability/logger';
import { onCommand } from '../realtime/command';
import type { SeatRushSocket } from '../realtime/typed-socket';
import type { CheckoutService } from './checkout.service';

export function registerOrderHandlers(
  socket: SeatRushSocket,
  checkout: CheckoutService,
  logger: Logger,
): void {
  onCommand(socket, logger, 'order:checkout', checkoutRequestSchema, async (request, context) =>
    checkout.checkout(context.identity().accountId, request),
  );
}
