import { z } from 'zod';
import { LANGUAGES } from '../languages';

/**
 * Payload schemas for every client command (Socket.IO and HTTP), used by server and client alike.
 * Objects are strict: an unknown field is an error, not something silently dropped.
 */

/** Hard cap on seats in one request; the configurable per-hold and per-account limits are lower. */
export const MAX_SEATS_PER_REQUEST = 64;
/** Sections one subscription may name (the stadium has about a hundred). */
export const MAX_SECTIONS_PER_SUBSCRIPTION = 512;

export const showIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'a show id');
export const saleIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'a sale id');
/** A signed admission token (JWT). */
export const admissionTokenSchema = z
  .string()
  .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  .max(2048);
export const seatIndexSchema = z.number().int().min(0).max(1_000_000);
export const sectionIdSchema = z.number().int().min(0).max(10_000);
/** Random part, then the sections the hold spans: "AbCdEfGhIjKl.12-13". */
export const holdIdSchema = z.string().regex(/^[A-Za-z0-9_-]{12}\.\d{1,5}(-\d{1,5}){0,15}$/, 'a hold id');
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/, 'an idempotency key');
export const paymentMethodSchema = z.enum(['card', 'promptpay']);
export const emailSchema = z.email().max(254);
export const passwordSchema = z.string().min(10).max(200);
/** Text people type: no control characters (NUL breaks PostgreSQL) and no bidi overrides. */
export const plainTextSchema = z
  .string()
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  .regex(/^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/, 'text without control characters');
export const languageSchema = z.enum(LANGUAGES);

export const queueRequestSchema = z.strictObject({ saleId: saleIdSchema });
export type QueueRequest = z.infer<typeof queueRequestSchema>;

/** Presents an admission token to this socket (after a reconnect, or one got over HTTP). */
export const admissionRequestSchema = z.strictObject({ saleId: saleIdSchema, token: admissionTokenSchema });
export type AdmissionRequest = z.infer<typeof admissionRequestSchema>;

export const queueSettingsRequestSchema = z
  .strictObject({
    activeCap: z.number().int().min(1).max(1_000_000).optional(),
    admitRatePerSecond: z.number().int().min(1).max(100_000).optional(),
    paused: z.boolean().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'change at least one setting');
export type QueueSettingsRequest = z.infer<typeof queueSettingsRequestSchema>;

export const holdRequestSchema = z.strictObject({
  showId: showIdSchema,
  seats: z.array(seatIndexSchema).min(1).max(MAX_SEATS_PER_REQUEST),
});
export type HoldRequest = z.infer<typeof holdRequestSchema>;
/** POST /api/shows/:showId/holds: the show comes from the path. */
export const holdBodySchema = holdRequestSchema.omit({ showId: true });

export const releaseRequestSchema = z.strictObject({
  showId: showIdSchema,
  holdId: holdIdSchema,
});
export type ReleaseRequest = z.infer<typeof releaseRequestSchema>;

export const subscribeRequestSchema = z.strictObject({
  showId: showIdSchema,
  /** Sections whose seats to watch, or "all"; without it, only per-section availability. */
  sections: z
    .union([z.literal('all'), z.array(sectionIdSchema).max(MAX_SECTIONS_PER_SUBSCRIPTION)])
    .optional(),
});
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>;

export const unsubscribeRequestSchema = subscribeRequestSchema;
export type UnsubscribeRequest = z.infer<typeof unsubscribeRequestSchema>;

export const checkoutRequestSchema = z.strictObject({
  showId: showIdSchema,
  holdId: holdIdSchema,
  paymentMethod: paymentMethodSchema,
  idempotencyKey: idempotencyKeySchema,
});
export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>;
/** POST /api/orders: the idempotency key comes in the Idempotency-Key header. */
export const checkoutBodySchema = checkoutRequestSchema.omit({ idempotencyKey: true });

export const refreshAuthRequestSchema = z.strictObject({
  token: z.string().min(1).max(4096),
});
export type RefreshAuthRequest = z.infer<typeof refreshAuthRequestSchema>;

export const signUpRequestSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  displayName: plainTextSchema.trim().min(1).max(80),
  language: languageSchema.default('en'),
});
export type SignUpRequest = z.infer<typeof signUpRequestSchema>;

/** PATCH /api/me: what a fan may change of their account (for now, only the language). */
export const updateAccountRequestSchema = z.strictObject({ language: languageSchema });
export type UpdateAccountRequest = z.infer<typeof updateAccountRequestSchema>;

export const signInRequestSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(200),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const blockSeatsRequestSchema = z.strictObject({
  seats: z.array(seatIndexSchema).min(1).max(1000),
  reason: z.string().regex(/^[\w .,:/-]{1,60}$/, 'a short reason without "|"'),
});
export type BlockSeatsRequest = z.infer<typeof blockSeatsRequestSchema>;

export const unblockSeatsRequestSchema = z.strictObject({
  seats: z.array(seatIndexSchema).min(1).max(1000),
});
export type UnblockSeatsRequest = z.infer<typeof unblockSeatsRequestSchema>;

/** POST /api/shows/:showId/waitlist: the show comes from the path; a body, if any, is empty. */
export const joinWaitlistBodySchema = z.strictObject({}).optional();
