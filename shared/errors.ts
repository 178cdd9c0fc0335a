/**
 * The one error catalogue. Every failure a fan, a staff member or a load tester can see carries one
 * of these stable codes; clients translate the code, never a message. docs/errors.md documents each
 * code and a test keeps the two in step.
 */
export const ERROR_CATALOGUE = {
  // Input
  VALIDATION_FAILED: { status: 400, message: 'The request does not match its schema.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request is larger than allowed.' },
  UNKNOWN_COMMAND: { status: 400, message: 'No such command.' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, message: 'This request needs an Idempotency-Key.' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'This Idempotency-Key was used for a different request.' },

  // Identity
  AUTH_REQUIRED: { status: 401, message: 'Sign in first.' },
  AUTH_INVALID: { status: 401, message: 'The session token is not valid.' },
  AUTH_EXPIRED: { status: 401, message: 'The session token has expired.' },
  INVALID_CREDENTIALS: { status: 401, message: 'Wrong e-mail or password.' },
  EMAIL_TAKEN: { status: 409, message: 'An account with this e-mail exists.' },
  FORBIDDEN: { status: 403, message: 'This account may not do that.' },

  // Catalogue
  NOT_FOUND: { status: 404, message: 'No such resource.' },
  SHOW_NOT_FOUND: { status: 404, message: 'No such show.' },
  SECTION_NOT_FOUND: { status: 404, message: 'No such section in this show.' },
  SEAT_NOT_FOUND: { status: 404, message: 'A seat is not part of this show.' },
  DUPLICATE_SEATS: { status: 400, message: 'The same seat is listed twice.' },
  TOO_MANY_SEATS: { status: 400, message: 'More seats than one request may hold.' },
  SHOW_NOT_ON_SALE: { status: 409, message: 'This show is not on sale now.' },
  SALE_UNAVAILABLE: { status: 503, message: 'Seat inventory is being prepared; try again shortly.' },

  // Holds
  SEAT_UNAVAILABLE: { status: 409, message: 'A requested seat is held, sold or blocked.' },
  LIMIT_EXCEEDED: { status: 409, message: 'This would exceed the seat limit per account for the show.' },
  HOLD_NOT_FOUND: { status: 404, message: 'No such hold.' },
  HOLD_EXPIRED: { status: 410, message: 'The hold has expired.' },
  HOLD_ALREADY_EXTENDED: { status: 409, message: 'A hold can be extended once.' },
  HOLD_IN_CHECKOUT: { status: 409, message: 'The hold is being paid for.' },

  // Waiting room
  SALE_NOT_FOUND: { status: 404, message: 'No such sale.' },
  QUEUE_NOT_OPEN: { status: 409, message: 'The waiting room is not open yet.' },
  QUEUE_CLOSED: { status: 409, message: 'The waiting room is closed.' },
  NOT_IN_QUEUE: { status: 404, message: 'This account has not joined the waiting room.' },
  NOT_ADMITTED: { status: 403, message: 'Your turn has not come yet.' },
  ADMISSION_REQUIRED: { status: 403, message: 'Enter through the waiting room first.' },
  ADMISSION_INVALID: { status: 403, message: 'The admission token is not valid for this sale and account.' },
  ADMISSION_EXPIRED: { status: 403, message: 'Your shopping window has ended.' },

  // Waitlist
  WAITLIST_NOT_OPEN: { status: 409, message: 'The waitlist opens once the show is sold out.' },

  // Orders and payment
  ORDER_NOT_FOUND: { status: 404, message: 'No such order.' },
  PAYMENT_FAILED: { status: 402, message: 'The payment was declined.' },

  // Service
  RATE_LIMITED: { status: 429, message: 'Too many requests; slow down.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'A service is unavailable; try again shortly.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}

/**
 * What travels to a client: the code, details a client may show (which seat, which limit), and the
 * code's message in the fan's language (the app translates the code itself; the message is for
 * other clients and for people reading responses).
 */
export interface ErrorBody {
  code: ErrorCode;
  details?: Record<string, unknown>;
  message?: string;
}
