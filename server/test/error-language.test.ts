import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../shared/i18n/error-messages';
import type { RunningNode } from '../node';
import {
  command,
  connectClient,
  connected,
  createFans,
  createTestWorld,
  rawCommand,
  seedShow,
  TEST_PASSWORD,
  TestNodes,
  type TestShow,
  type TestWorld,
} from './support/harness';

let world: TestWorld;
let show: TestShow;
let node: RunningNode;
const testNodes = new TestNodes(() => world);

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 100 });
  node = await testNodes.start();
});

afterAll(async () => {
  await testNodes.stopAll();
  await world.dispose();
});

async function request(
  path: string,
  init: { method?: string; token?: string; language?: string; body?: unknown; cookie?: string } = {},
) {
  const response = await fetch(`${node.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.token && { authorization: `Bearer ${init.token}` }),
      ...(init.language && { 'accept-language': init.language }),
      ...(init.cookie && { cookie: init.cookie }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return {
    status: response.status,
    cookie: response.headers.get('set-cookie')?.split(';')[0],
    body: (await response.json()) as { token?: string; error?: { code: string; message?: string } },
  };
}

/** A fan whose account stores `language`, signed in through the API: its session token and cookie. */
async function fan(language: string) {
  const [created] = await createFans(world, 1);
  const { email } = await world.db
    .updateTable('accounts')
    .set({ language })
    .where('id', '=', created!.id)
    .returning('email')
    .executeTakeFirstOrThrow();
  const signedIn = await request('/api/auth/signin', {
    method: 'POST',
    body: { email, password: TEST_PASSWORD },
  });
  return { id: created!.id, token: signedIn.body.token!, cookie: signedIn.cookie! };
}

describe("error messages in the fan's language", () => {
  it('signed out: the language the browser asks for, else English', async () => {
    const thai = await request('/api/me', { language: 'th-TH,th;q=0.9,en;q=0.8' });
    expect(thai.body.error).toEqual({ code: 'AUTH_REQUIRED', message: ERROR_MESSAGES.th.AUTH_REQUIRED });
    const taiwan = await request('/api/me', { language: 'zh-TW' });
    expect(taiwan.body.error?.message).toBe(ERROR_MESSAGES['zh-Hant'].AUTH_REQUIRED);
    const unknown = await request('/api/me', { language: 'de-DE, fr;q=0.5' });
    expect(unknown.body.error?.message).toBe(ERROR_MESSAGES.en.AUTH_REQUIRED);
    const none = await request('/no/such/path');
    expect(none.body.error).toEqual({ code: 'NOT_FOUND', message: ERROR_MESSAGES.en.NOT_FOUND });
  });

  it("signed in: the account's stored language, whatever the browser asks; a change with the next session", async () => {
    const korean = await fan('ko');
    const bad = await request('/api/me', {
      method: 'PATCH',
      token: korean.token,
      language: 'en',
      body: { language: 'xx' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: ERROR_MESSAGES.ko.VALIDATION_FAILED,
    });

    const changed = await request('/api/me', {
      method: 'PATCH',
      token: korean.token,
      body: { language: 'ja' },
    });
    expect(changed.status).toBe(200);
    // The session token carries the language it was issued with; the renewed one carries the change.
    const stale = await request('/api/me', {
      method: 'PATCH',
      token: korean.token,
      body: { language: 'xx' },
    });
    expect(stale.body.error?.message).toBe(ERROR_MESSAGES.ko.VALIDATION_FAILED);
    const renewed = await request('/api/auth/refresh', { method: 'POST', cookie: korean.cookie });
    expect(renewed.status).toBe(200);
    const after = await request('/api/me', {
      method: 'PATCH',
      token: renewed.body.token,
      body: { language: 'xx' },
    });
    expect(after.body.error?.message).toBe(ERROR_MESSAGES.ja.VALIDATION_FAILED);
  });

  it('on the socket: command errors carry the message in the stored language', async () => {
    const vietnamese = await fan('vi');
    const { socket: first } = await testNodes.connect(node);
    const taken = await command(first, 'seats:hold', { showId: show.showId, seats: [5] });
    expect(taken.ok).toBe(true);
    const socket = connectClient(node.url!, vietnamese.token);
    await connected(socket);
    const refused = await command(socket, 'seats:hold', { showId: show.showId, seats: [5] });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'SEAT_UNAVAILABLE', message: ERROR_MESSAGES.vi.SEAT_UNAVAILABLE },
    });
    // Malformed on purpose (seats must be a list): sent outside the protocol's types.
    const invalid = await rawCommand(socket, 'seats:hold', { showId: show.showId, seats: 'all' });
    expect(invalid).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: ERROR_MESSAGES.vi.VALIDATION_FAILED },
    });
    socket.disconnect();
  });

  it('reads no database for it: with the accounts table locked, errors still answer in the stored language', async () => {
    const korean = await fan('ko');
    const blocker = new pg.Client({ connectionString: world.config.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE');
      const invalid = { method: 'PATCH', token: korean.token, language: 'th', body: { language: 'xx' } };
      const whileBlocked = await request('/api/me', invalid);
      expect(whileBlocked.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: ERROR_MESSAGES.ko.VALIDATION_FAILED,
      });
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
  });
});
