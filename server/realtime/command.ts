import type { z } from 'zod';
import type { ClientCommand, CommandReply, SocketIdentity } from '../../shared/protocol/events';
import type { AckResponse } from '../../shared/protocol/views';
import { AppError, toAppError } from '../errors/app-error';
import type { AdmissionGuard } from '../guards/admission-guard';
import { errorBodyFor, type ErrorSpeaker } from '../i18n/error-body';
import type { InFlight } from '../http/in-flight';
import type { Logger } from '../observability/logger';
import type { SeatRushSocket } from './typed-socket';

export interface CommandContext {
  socket: SeatRushSocket;
  /** The signed-in identity; throws AUTH_REQUIRED / AUTH_EXPIRED without a live one. */
  identity(kind?: SocketIdentity['kind']): SocketIdentity;
  /**
   * For a command that declares `admittedTo`: when the fan's shopping window ends (undefined for a
   * show without a waiting room).
   */
  admissionEndsAt?: number;
}

/** What a command declares besides its payload's schema. */
export interface CommandOptions<Request> {
  /**
   * The show whose seats the command reaches, when it needs a fan admitted there [Q13]; undefined
   * when this request needs none. Runs after the payload's schema, before the handler; what it
   * throws is the answer.
   */
  admittedTo?: (request: Request) => string | undefined;
}

export const KNOWN_COMMANDS = new Set<string>();

const NO_OPTIONS: CommandOptions<unknown> = Object.freeze({});

/**
 * What every command handler runs with: where to log, the node's count of work in flight, and what
 * words errors in the fan's language.
 */
export interface CommandEnvironment extends ErrorSpeaker {
  logger: Logger;
  inFlight: InFlight;
  admission: AdmissionGuard;
}

/** An error ack for this socket's fan, in their language. */
function failure(env: ErrorSpeaker, socket: SeatRushSocket, error: AppError) {
  const body = errorBodyFor(env, error, {
    identity: socket.data.identity,
    acceptLanguage: socket.handshake.headers['accept-language'],
  });
  return { ok: false as const, error: body };
}

/**
 * Registers a thin command handler: checks that the client asked for an acknowledgement, validates
 * the payload with its shared schema, runs the handler, and acknowledges with data or a catalogue
 * error. Nothing a client sends can throw out of here, so no payload can crash a worker.
 */
export function onCommand<E extends ClientCommand, S extends z.ZodType>(
  socket: SeatRushSocket,
  env: CommandEnvironment,
  event: E,
  schema: S,
  handler: (payload: z.infer<S>, context: CommandContext) => Promise<CommandReply<E>>,
  options: CommandOptions<z.infer<S>> = NO_OPTIONS,
): void {
  KNOWN_COMMANDS.add(event);
  // Kept per socket and command, for every connection: the listener alone (the context is made per call).
  const listener = async (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') return; // Nobody to answer: drop it.
    const reply = ack as (response: AckResponse<CommandReply<E>>) => void;
    if (args.length !== 2) return reply(failure(env, socket, new AppError('VALIDATION_FAILED')));
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      const invalid = new AppError('VALIDATION_FAILED', { issues: summarise(parsed.error) });
      return reply(failure(env, socket, invalid));
    }
    await env.inFlight.track(async () => {
      try {
        const context = await commandContext(socket, env, options, parsed.data);
        reply({ ok: true, data: await handler(parsed.data, context) });
      } catch (error) {
        const appError = toAppError(error);
        if (appError.code === 'INTERNAL') env.logger.error({ err: error, event }, 'command failed');
        reply(failure(env, socket, appError));
      }
    });
  };
  socket.on(event, listener as never);
}

/** A command's context: who sends it and, when it declares `admittedTo`, their admission. */
async function commandContext<Request>(
  socket: SeatRushSocket,
  env: CommandEnvironment,
  options: CommandOptions<Request>,
  payload: Request,
): Promise<CommandContext> {
  const identity = (kind?: SocketIdentity['kind']) => requireIdentity(socket, kind);
  const showId = options.admittedTo?.(payload);
  // A show without a waiting room asks nothing, not even who the fan is (its map is public).
  if (showId === undefined || !env.admission.guards(showId)) return { socket, identity };
  const admissionEndsAt = await env.admission.admit(identity().accountId, showId, {
    socketWindows: socket.data.admissions,
  });
  return { socket, identity, admissionEndsAt };
}

/** Answers commands nobody registered, so a client never waits for an ack that cannot come. */
export function answerUnknownCommands(socket: SeatRushSocket, env: ErrorSpeaker): void {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    // A frame with an ack id and no arguments at all ("421") puts the ack in the event's place.
    const ack = [event, ...args].at(-1);
    if (typeof event === 'string' && KNOWN_COMMANDS.has(event)) return;
    if (typeof ack !== 'function') return;
    const response = failure(env, socket, new AppError('UNKNOWN_COMMAND'));
    (ack as (answer: typeof response) => void)(response);
  });
}

function requireIdentity(socket: SeatRushSocket, kind: SocketIdentity['kind'] = 'fan'): SocketIdentity {
  const identity = socket.data.identity;
  if (!identity) throw new AppError('AUTH_REQUIRED');
  if (identity.kind !== kind) throw new AppError('FORBIDDEN');
  if (identity.expiresAt <= Date.now()) throw new AppError('AUTH_EXPIRED');
  return identity;
}

function summarise(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 10).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}
