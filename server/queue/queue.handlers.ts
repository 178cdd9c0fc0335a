import { rooms } from '../../shared/protocol/events';
import { admissionRequestSchema, queueRequestSchema } from '../../shared/protocol/schemas';
import { onCommand, type CommandEnvironment } from '../realtime/command';
import type { SeatRushSocket } from '../realtime/typed-socket';
import type { QueueService } from './queue.service';

/** Waiting-room commands: join (and watch the cursor), ask where one stands, leave, enter. */
export function registerQueueHandlers(
  socket: SeatRushSocket,
  queue: QueueService,
  env: CommandEnvironment,
): void {
  onCommand(socket, env, 'queue:join', queueRequestSchema, async ({ saleId }, context) => {
    const entry = await queue.join(context.identity().accountId, saleId);
    await socket.join(rooms.queue(saleId));
    return entry;
  });

  onCommand(socket, env, 'queue:status', queueRequestSchema, async ({ saleId }, context) => {
    const entry = await queue.entry(context.identity().accountId, saleId);
    await socket.join(rooms.queue(saleId));
    return entry;
  });

  onCommand(socket, env, 'queue:leave', queueRequestSchema, async ({ saleId }, context) => {
    await queue.leave(context.identity().accountId, saleId);
    await socket.leave(rooms.queue(saleId));
    delete socket.data.admissions?.[saleId];
    return null;
  });

  onCommand(socket, env, 'queue:enter', queueRequestSchema, async ({ saleId }, context) => {
    const admission = await queue.enter(context.identity().accountId, saleId);
    socket.data.admissions = { ...socket.data.admissions, [saleId]: admission.expiresAt };
    return admission;
  });

  onCommand(socket, env, 'queue:admission', admissionRequestSchema, async ({ saleId, token }, context) => {
    const admission = await queue.admissionFromToken(context.identity().accountId, saleId, token);
    socket.data.admissions = { ...socket.data.admissions, [saleId]: admission.expiresAt };
    // A shopper's new connection (a reconnect on the map, another tab) keeps them present, as
    // their first socket in the queue room did: otherwise the slot would go after the idle time. [Q10, Q14]
    await socket.join(rooms.queue(saleId));
    return admission;
  });
}
