import { checkoutRequestSchema } from '../../shared/protocol/schemas';
import { onCommand, type CommandEnvironment } from '../realtime/command';
import type { SeatRushSocket } from '../realtime/typed-socket';
import type { CheckoutService } from './checkout.service';

export function registerOrderHandlers(
  socket: SeatRushSocket,
  checkout: CheckoutService,
  env: CommandEnvironment,
): void {
  onCommand(
    socket,
    env,
    'order:checkout',
    checkoutRequestSchema,
    async (request, context) => checkout.checkout(context.identity().accountId, request),
    { admittedTo: (request) => request.showId },
  );
}
