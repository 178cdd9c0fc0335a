import { admissionTokenSchema } from '../../shared/protocol/schemas';
import { AppError } from '../errors/app-error';
import type { AdmissionEvidence, AdmissionGuard } from '../guards/admission-guard';
import type { QueueService } from './queue.service';

/** Admission to a show's seats, as the waiting room granted it. [Q13] */
export class QueueAdmissionGuard implements AdmissionGuard {
  constructor(private readonly queue: QueueService) {}

  guards(showId: string): boolean {
    return this.queue.saleOfShow(showId) !== undefined;
  }

  async admit(accountId: string, showId: string, evidence: AdmissionEvidence): Promise<number | undefined> {
    const saleId = this.queue.saleOfShow(showId);
    if (saleId === undefined) return undefined;
    if ('socketWindows' in evidence) {
      return this.queue.requireAdmission(accountId, showId, evidence.socketWindows?.[saleId]);
    }
    if (evidence.admissionToken === undefined) throw new AppError('ADMISSION_REQUIRED', { saleId });
    const token = admissionTokenSchema.safeParse(evidence.admissionToken);
    if (!token.success) throw new AppError('ADMISSION_INVALID');
    return this.queue.requireTokenAdmission(accountId, showId, saleId, token.data);
  }
}
