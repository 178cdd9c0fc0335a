import type { ErrorCode } from '../../errors';

/**
 * What the app and the server say for each error code of the catalogue, in English: the source
 * language, whose keys and {{variables}} every other language's file has (error-messages.test.ts).
 */
const en: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Some of the details you entered are not valid. Please check them and try again.',
  MALFORMED_JSON: 'The app sent something the server could not read. Please reload the page.',
  PAYLOAD_TOO_LARGE: 'That request was too large. Please pick fewer seats.',
  UNKNOWN_COMMAND: 'This version of the app is out of date. Please reload the page.',
  IDEMPOTENCY_KEY_REQUIRED: 'The payment could not be started. Please try again.',
  IDEMPOTENCY_KEY_REUSED:
    'This payment attempt was already used for another order. Please start checkout again.',
  AUTH_REQUIRED: 'Please sign in first.',
  AUTH_INVALID: 'Your session is no longer valid. Please sign in again.',
  AUTH_EXPIRED: 'Your session has expired. Please sign in again.',
  INVALID_CREDENTIALS: 'Wrong e-mail or password.',
  EMAIL_TAKEN: 'An account with this e-mail already exists. Try signing in.',
  FORBIDDEN: 'Your account may not do that.',
  NOT_FOUND: 'We could not find what you were looking for.',
  SHOW_NOT_FOUND: 'We could not find this show.',
  SECTION_NOT_FOUND: 'That section is not part of this show.',
  SEAT_NOT_FOUND: 'A seat you picked is not part of this show.',
  DUPLICATE_SEATS: 'The same seat was picked twice.',
  TOO_MANY_SEATS: 'That is more seats than one hold may take.',
  SHOW_NOT_ON_SALE: 'This show is not on sale right now.',
  SALE_UNAVAILABLE: 'Seats are being prepared. Please try again in a moment.',
  SEAT_UNAVAILABLE: 'Sorry, a seat you picked was just taken by someone else. Please choose another.',
  LIMIT_EXCEEDED: 'That would be more seats than your account may buy for this show.',
  HOLD_NOT_FOUND: 'Your seats are no longer held. Please choose them again.',
  HOLD_EXPIRED: 'Your hold has expired and the seats were released. Please choose them again.',
  HOLD_ALREADY_EXTENDED: 'Your hold has already been extended once.',
  HOLD_IN_CHECKOUT: 'These seats are being paid for right now.',
  SALE_NOT_FOUND: 'We could not find this sale.',
  QUEUE_NOT_OPEN: 'The waiting room is not open yet. Come back a little before the sale starts.',
  QUEUE_CLOSED: 'The waiting room for this sale has closed.',
  NOT_IN_QUEUE: 'You have not joined the waiting room for this sale yet.',
  NOT_ADMITTED: 'Your turn has not come yet. Keep this page open; we will let you in.',
  ADMISSION_REQUIRED: 'Please enter through the waiting room first.',
  ADMISSION_INVALID: 'Your pass to shop is not valid here. Please go back to the waiting room.',
  ADMISSION_EXPIRED: 'Your shopping time has ended.',
  WAITLIST_NOT_OPEN: 'The waitlist opens once this show is sold out. Seats are still available.',
  ORDER_NOT_FOUND: 'We could not find this order.',
  PAYMENT_FAILED: 'The payment was declined. Your seats were released; please try again.',
  RATE_LIMITED: 'Too many requests. Please wait a moment and try again.',
  SERVICE_UNAVAILABLE: 'A service is briefly unavailable. Please try again shortly.',
  INTERNAL: 'Something went wrong on our side. Please try again.',
};

export default en;
