import { rooms } from '../../shared/protocol/events';
import {
  holdRequestSchema,
  releaseRequestSchema,
  subscribeRequestSchema,
  unsubscribeRequestSchema,
  type SubscribeRequest,
} from '../../shared/protocol/schemas';
import type { ShowLookup } from '../catalogue/catalogue';
import { AppError } from '../errors/app-error';
import { onCommand, type CommandEnvironment } from '../realtime/command';
import type { SeatRushSocket } from '../realtime/typed-socket';
import { requireSocketAdmission } from '../queue/queue.handlers';
import type { QueueService } from '../queue/queue.service';
import type { InventoryService } from './inventory.service';

/** Seat-map commands: watch a show (and sections), hold seats, release a hold. */
export function registerInventoryHandlers(
  socket: SeatRushSocket,
  inventory: InventoryService,
  shows: ShowLookup,
  queue: QueueService,
  env: CommandEnvironment,
): void {
  onCommand(socket, env, 'show:subscribe', subscribeRequestSchema, async (request, context) => {
    const sectionIds = requestedSections(shows, request);
    // Availability per section is public; the seats of a show sold through a waiting room are not.
    if (sectionIds.length > 0) await requireSocketAdmission(queue, context, request.showId);
    // Join before reading, so no delta after the snapshot's version can be missed (D4).
    await socket.join([rooms.show(request.showId), ...seatRooms(socket, request, sectionIds)]);
    const [{ epoch, sections }, available] = await Promise.all([
      inventory.snapshot(request.showId, sectionIds),
      inventory.availability(request.showId),
    ]);
    return { showId: request.showId, epoch, sections, available };
  });

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

  onCommand(socket, env, 'seats:hold', holdRequestSchema, async (request, context) => {
    const windowEndsAt = await requireSocketAdmission(queue, context, request.showId);
    return inventory.hold(context.identity().accountId, request.showId, request.seats, windowEndsAt);
  });

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

/** The sections a request names, checked against the show's venue. */
export function requestedSections(shows: ShowLookup, request: SubscribeRequest): number[] {
  const layout = shows.layout(request.showId);
  if (!layout) throw new AppError('SHOW_NOT_FOUND');
  if (request.sections === undefined) return [];
  if (request.sections === 'all') return layout.venue.sectionIds();
  const unique = [...new Set(request.sections)];
  const unknown = unique.find((id) => !layout.venue.section(id));
  if (unknown !== undefined) throw new AppError('SECTION_NOT_FOUND', { sectionId: unknown });
  return unique;
}
