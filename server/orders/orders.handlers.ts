import { checkoutRequestSchema } from '../../shared/protocol/schemas';
import { requireSocketAdmission } from '../queue/queue.handlers';
import type { QueueService } from '../queue/queue.service';
import { onCommand, type CommandEnvironment } from '../realtime/command';
import type { SeatRushSocket } from '../realtime/typed-socket';
import type { CheckoutService } from './checkout.service';

export function registerOrderHandlers(
  socket: SeatRushSocket,
  checkout: CheckoutService,
  queue: QueueService,
  env: CommandEnvironment,
): void {
  onCommand(socket, env, 'order:checkout', checkoutRequestSchema, async (request, context) => {
    await requireSocketAdmission(queue, context, request.showId);
    return checkout.checkout(context.identity().accountId, request);
  });
}
