import { rooms } from '../../shared/protocol/events';
import {
  holdRequestSchema,
  releaseRequestSchema,
  subscribeRequestSchema,
  unsubscribeRequestSchema,
  type SubscribeRequest,
} from '../../shared/protocol/schemas';
import type { ShowLookup } from '../catalogue/catalogue';
import { onCommand, type CommandEnvironment } from '../realtime/command';
import type { SeatRushSocket } from '../realtime/typed-socket';
import type { InventoryService } from './inventory.service';
import { requestedSections } from './requested-sections';

/** Seat-map commands: watch a show (and sections), hold seats, release a hold. */
export function registerInventoryHandlers(
  socket: SeatRushSocket,
  inventory: InventoryService,
  shows: ShowLookup,
  env: CommandEnvironment,
): void {
  onCommand(
    socket,
    env,
    'show:subscribe',
    subscribeRequestSchema,
    async (request) => {
      const sectionIds = requestedSections(shows, request);
      // Join before reading, so no delta after the snapshot's version can be missed (D4).
      await socket.join([rooms.show(request.showId), ...seatRooms(socket, request, sectionIds)]);
      const [{ epoch, sections }, available] = await Promise.all([
        inventory.snapshot(request.showId, sectionIds),
        inventory.availability(request.showId),
      ]);
      return { showId: request.showId, epoch, sections, available };
    },
    {
      // Availability per section is public; the seats of a show sold through a waiting room are not.
      admittedTo: (request) => (requestedSections(shows, request).length > 0 ? request.showId : undefined),
    },
  );

  onCommand(socket, env, 'show:unsubscribe', unsubscribeRequestSchema, async (request) => {
    const sectionIds = requestedSections(shows, request);
    const leaving = [
      ...(request.sections === undefined ? [rooms.show(request.showId)] : []),
      ...(request.sections === 'all' ? [rooms.showSeats(request.showId)] : []),
      ...sectionIds.map((id) => rooms.section(request.showId, id)),
    ];
    for (const room of leaving) await socket.leave(room);
    return null;
  });

  onCommand(
    socket,
    env,
    'seats:hold',
    holdRequestSchema,
    async (request, context) =>
      inventory.hold(context.identity().accountId, request.showId, request.seats, context.admissionEndsAt),
    { admittedTo: (request) => request.showId },
  );

  onCommand(socket, env, 'seats:release', releaseRequestSchema, async (request, context) => ({
    seatsFreed: await inventory.release(context.identity().accountId, request.showId, request.holdId),
  }));
}

/**
 * The rooms that bring a subscription its seat changes: all sections come as one SeatDeltas a tick
 * (one room); named sections each as their own SeatDelta. A socket already watching all sections
 * (re-reading a few after a gap) needs no more rooms. [D2]
 */
function seatRooms(socket: SeatRushSocket, request: SubscribeRequest, sectionIds: number[]): string[] {
  const allRoom = rooms.showSeats(request.showId);
  if (request.sections === 'all') return [allRoom];
  if (socket.rooms.has(allRoom)) return [];
  return sectionIds.map((id) => rooms.section(request.showId, id));
}
