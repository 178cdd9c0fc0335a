import { rooms } from '../../shared/protocol/events';
import { refreshAuthRequestSchema } from '../../shared/protocol/schemas';
import { AppError } from '../errors/app-error';
import { onCommand, type CommandEnvironment } from '../realtime/command';
import type { SeatRushSocket } from '../realtime/typed-socket';
import type { SessionTokens } from './session-tokens';

/** A socket outlives its session token; the client hands it a fresh one before it expires. */
export function registerAccountHandlers(
  socket: SeatRushSocket,
  tokens: SessionTokens,
  env: CommandEnvironment,
): void {
  onCommand(socket, env, 'auth:refresh', refreshAuthRequestSchema, async (request) => {
    const kind = socket.data.identity?.kind ?? 'fan';
    const identity = await tokens.verify(request.token, kind);
    if (socket.data.identity && socket.data.identity.accountId !== identity.accountId) {
      // A socket keeps one identity for life: its rooms and holds belong to it.
      throw new AppError('FORBIDDEN');
    }
    socket.data.identity = identity;
    // A socket that connected signed out joins its account's room once it has one.
    await socket.join(rooms.account(identity.accountId));
    return { expiresAt: identity.expiresAt };
  });
}
