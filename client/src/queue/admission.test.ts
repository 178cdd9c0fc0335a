import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdmissionView, SaleView } from '../../../shared/protocol/views';
import { ApiError, type AnyErrorCode } from '../api/api-error';
import { connectedApp } from '../test-support/connected-app';
import { ok, refusal } from '../test-support/socket-pair';
import { Admission, isAdmissionError } from './admission';
import type { StoredAdmission } from './admission-store';

const SALE = { id: 'sale-1', showIds: ['show-1'] } as SaleView;

function admissionOf(token: string): AdmissionView {
  return { saleId: SALE.id, token, expiresAt: Date.now() + 600_000 };
}

/** The admission store's part that Admission uses, in memory, recording the order of its calls. */
function memoryStore() {
  const tokens = new Map<string, StoredAdmission>();
  const notices = new Map<string, AnyErrorCode>();
  const calls: string[] = [];
  return {
    tokens,
    notices,
    calls,
    save: (token: string) => tokens.set(SALE.id, { accountId: 'fan-1', admission: admissionOf(token) }),
    get: (saleId: string) => tokens.get(saleId),
    setNotice: (saleId: string, code: AnyErrorCode) => {
      calls.push(`notice ${code}`);
      notices.set(saleId, code);
    },
    clear: (saleId: string) => {
      calls.push('clear');
      tokens.delete(saleId);
    },
  };
}

function setUp() {
  const app = connectedApp();
  const store = memoryStore();
  const navigate = vi.fn<(target: string) => void>();
  const saleOfShow = async (showId: string) => (SALE.showIds.includes(showId) ? SALE : undefined);
  const admission = new Admission({ connection: app.connection, store, saleOfShow, navigate });
  app.server.answer('queue:admission', (request) => ok(admissionOf(request.token)));
  return { ...app, store, navigate, admission };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Admission.present', () => {
  it("hands the sale's token to the connection once, however often it is asked", async () => {
    const { server, store, admission } = setUp();
    store.save('token-a');
    await Promise.all([admission.present(SALE.id), admission.present(SALE.id)]);
    await admission.present(SALE.id);
    expect(server.commands('queue:admission').map((sent) => sent.request)).toEqual([
      { saleId: SALE.id, token: 'token-a' },
    ]);
  });

  it('presents again on a new connection (a reconnect brings a new socket id)', async () => {
    const { server, store, admission } = setUp();
    store.save('token-a');
    await admission.present(SALE.id);
    server.drop();
    server.accept();
    await admission.present(SALE.id);
    const sent = server.commands('queue:admission');
    expect(sent).toHaveLength(2);
    expect(sent[1]?.socketId).not.toBe(sent[0]?.socketId);
    expect(sent[1]?.socketId).toBe(server.socket.id);
  });

  it('presents a new token on the same connection', async () => {
    const { server, store, admission } = setUp();
    store.save('token-a');
    await admission.present(SALE.id);
    store.save('token-b');
    await admission.present(SALE.id);
    expect(server.commands('queue:admission').map((sent) => sent.request.token)).toEqual([
      'token-a',
      'token-b',
    ]);
  });

  it('forgets a presentation that failed, so the next call presents again', async () => {
    const { server, store, admission } = setUp();
    store.save('token-a');
    server.answer('queue:admission', () => refusal('ADMISSION_INVALID'));
    const error = await admission.present(SALE.id).catch((caught: unknown) => caught);
    expect(isAdmissionError(error)).toBe(true);
    server.answer('queue:admission', (request) => ok(admissionOf(request.token)));
    await admission.present(SALE.id);
    expect(server.commands('queue:admission')).toHaveLength(2);
  });

  it('shares one presentation in flight, and its failure, between callers', async () => {
    const { server, store, admission } = setUp();
    store.save('token-a');
    server.answer('queue:admission', () => undefined); // the test answers below
    const first = admission.present(SALE.id).catch((caught: unknown) => caught);
    const second = admission.present(SALE.id).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.commands('queue:admission')).toHaveLength(1);
    server.last('queue:admission').reply(refusal('ADMISSION_EXPIRED'));
    expect(await first).toMatchObject({ code: 'ADMISSION_EXPIRED' });
    expect(await second).toMatchObject({ code: 'ADMISSION_EXPIRED' });
  });

  it('sends nothing on the connection that entered the queue (queue:enter admitted it)', async () => {
    const { server, store, admission } = setUp();
    store.save('token-a');
    admission.notePresented(SALE.id, 'token-a');
    await admission.present(SALE.id);
    expect(server.commands('queue:admission')).toHaveLength(0);
    server.drop();
    server.accept();
    await admission.present(SALE.id);
    expect(server.commands('queue:admission')).toHaveLength(1);
  });

  it('refuses with ADMISSION_REQUIRED when the tab holds no token, sending nothing', async () => {
    const { server, admission } = setUp();
    await expect(admission.present(SALE.id)).rejects.toMatchObject({ code: 'ADMISSION_REQUIRED' });
    expect(server.received).toHaveLength(0);
  });

  it('refuses with NOT_CONNECTED while the connection is down', async () => {
    const { server, store, admission } = setUp();
    store.save('token-a');
    server.drop();
    await expect(admission.present(SALE.id)).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });
});

describe('isAdmissionError', () => {
  it.each(['ADMISSION_REQUIRED', 'ADMISSION_EXPIRED', 'ADMISSION_INVALID'] as const)(
    'recognises %s',
    (code) => {
      expect(isAdmissionError(new ApiError(code))).toBe(true);
    },
  );

  it('recognises nothing else', () => {
    expect(isAdmissionError(new ApiError('SEAT_UNAVAILABLE'))).toBe(false);
    expect(isAdmissionError(new ApiError('NOT_CONNECTED'))).toBe(false);
    expect(isAdmissionError(new Error('ADMISSION_REQUIRED'))).toBe(false);
  });
});

describe('Admission for a show', () => {
  it('presents before socket commands on a show sold through a waiting room, and only then', async () => {
    const { server, store, admission } = setUp();
    store.save('token-a');
    await admission.admitSocketForShow('show-elsewhere');
    expect(server.commands('queue:admission')).toHaveLength(0);
    await admission.admitSocketForShow('show-1');
    expect(server.commands('queue:admission')).toHaveLength(1);
  });

  it("gives HTTP commands the token's header, none for an open show, and refuses without a token", async () => {
    const { store, admission } = setUp();
    await expect(admission.headersForShow('show-elsewhere')).resolves.toEqual({});
    await expect(admission.headersForShow('show-1')).rejects.toMatchObject({ code: 'ADMISSION_REQUIRED' });
    store.save('token-a');
    await expect(admission.headersForShow('show-1')).resolves.toEqual({ 'x-admission-token': 'token-a' });
  });

  it('sends the fan back to the waiting room: the reason first, then the token goes', async () => {
    const { store, navigate, admission } = setUp();
    store.save('token-a');
    await admission.backToWaitingRoomFromShow('show-1', 'ADMISSION_EXPIRED');
    expect(store.calls).toEqual(['notice ADMISSION_EXPIRED', 'clear']);
    expect(store.tokens.has(SALE.id)).toBe(false);
    expect(navigate).toHaveBeenCalledWith('#/sales/sale-1/queue');
  });

  it('stays put for a show without a waiting room', async () => {
    const { navigate, admission } = setUp();
    await admission.backToWaitingRoomFromShow('show-elsewhere', 'ADMISSION_EXPIRED');
    expect(navigate).not.toHaveBeenCalled();
  });
});
