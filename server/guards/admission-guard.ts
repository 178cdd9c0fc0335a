/**
 * What a fan shows for admission to a show's seats, whatever the transport: the admissions a socket
 * took (queue:enter, queue:admission), or an HTTP request's X-Admission-Token.
 */
export type AdmissionEvidence =
  { socketWindows: Readonly<Record<string, number>> | undefined } | { admissionToken: string | undefined };

/**
 * The seats of a show sold through a waiting room are for admitted fans only [Q13]. Features that
 * sell seats (inventory, orders) depend on this, not on the queue's code: socket commands declare
 * it (`onCommand`'s `admittedTo`), HTTP routes call `admitted` (`http-kit`). The waiting room
 * implements it (`server/queue/queue-admission-guard.ts`).
 */
export interface AdmissionGuard {
  /** Whether the show is sold through a waiting room. */
  guards(showId: string): boolean;
  /**
   * When the fan's shopping window ends (undefined for a show without a waiting room); else
   * ADMISSION_REQUIRED, ADMISSION_INVALID, ADMISSION_EXPIRED or NOT_ADMITTED.
   */
  admit(accountId: string, showId: string, evidence: AdmissionEvidence): Promise<number | undefined>;
}
