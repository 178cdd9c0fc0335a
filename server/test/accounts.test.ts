import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type RunningNode } from '../node';
import { createTestWorld, silentLogger, type TestWorld } from './support/harness';

let world: TestWorld;
let node: RunningNode;

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${node.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as Record<string, unknown>,
    cookie: response.headers.get('set-cookie'),
  };
}

async function get(path: string, token?: string) {
  const response = await fetch(`${node.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function patch(path: string, body: unknown, token?: string) {
  const response = await fetch(`${node.url}${path}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const cookieValue = (setCookie: string | null) =>
  /sr_(?:staff_)?refresh=([^;]*)/.exec(setCookie ?? '')?.[1] ?? '';

beforeAll(async () => {
  world = await createTestWorld();
  node = await startNode(world.config, { logger: silentLogger });
});

afterAll(async () => {
  await node.stop();
  await world.dispose();
});

describe('fan accounts', () => {
  const email = 'Somchai@Example.test';
  const password = 'a long enough password';

  it('sign up, sign in (e-mail case-insensitive), and read /api/me with the session token', async () => {
    const signUp = await post('/api/auth/signup', {
      email,
      password,
      displayName: 'Somchai',
      language: 'th',
    });
    expect(signUp.status).toBe(201);
    expect(signUp.body.account).toMatchObject({
      email,
      displayName: 'Somchai',
      language: 'th',
      phoneVerified: false,
    });
    expect(signUp.cookie).toMatch(/sr_refresh=.+; Path=\/api\/auth;.*HttpOnly/);

    const signIn = await post('/api/auth/signin', { email: email.toLowerCase(), password });
    expect(signIn.status).toBe(200);
    const me = await get('/api/me', signIn.body.token as string);
    expect(me).toMatchObject({ status: 200, body: { email, language: 'th' } });

    const stored = await world.db.selectFrom('accounts').select('password_hash').executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^scrypt\$/);
    expect(stored.password_hash).not.toContain(password);
  });

  it('refuse a taken e-mail, a wrong password and an unknown e-mail alike', async () => {
    expect(await post('/api/auth/signup', { email, password, displayName: 'Again' })).toMatchObject({
      status: 409,
      body: { error: { code: 'EMAIL_TAKEN' } },
    });
    const wrong = await post('/api/auth/signin', { email, password: 'not the password' });
    const unknown = await post('/api/auth/signin', { email: 'nobody@example.test', password });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'INVALID_CREDENTIALS' } } });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refresh rotates the refresh token; a used or signed-out one is refused', async () => {
    const signIn = await post('/api/auth/signin', { email, password });
    const first = cookieValue(signIn.cookie);
    const refreshed = await post('/api/auth/refresh', {}, { cookie: `sr_refresh=${first}` });
    expect(refreshed.status).toBe(200);
    expect(typeof refreshed.body.token).toBe('string');
    const second = cookieValue(refreshed.cookie);
    expect(second).not.toBe(first);
    expect((await post('/api/auth/refresh', {}, { cookie: `sr_refresh=${first}` })).body).toMatchObject({
      error: { code: 'AUTH_INVALID' },
    });
    await post('/api/auth/signout', {}, { cookie: `sr_refresh=${second}` });
    expect((await post('/api/auth/refresh', {}, { cookie: `sr_refresh=${second}` })).status).toBe(401);
    expect((await post('/api/auth/refresh', {})).body).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
  });
});

describe('the fan’s stored language', () => {
  const credentials = { email: 'Somchai@Example.test', password: 'a long enough password' };
  const storedLanguage = async () =>
    (
      await world.db
        .selectFrom('accounts')
        .select('language')
        .where('email', '=', credentials.email)
        .executeTakeFirstOrThrow()
    ).language;

  it('PATCH /api/me changes it and answers what GET /api/me answers', async () => {
    const { token } = (await post('/api/auth/signin', credentials)).body as { token: string };
    const changed = await patch('/api/me', { language: 'zh-Hant' }, token);
    expect(changed).toMatchObject({ status: 200, body: { email: credentials.email, language: 'zh-Hant' } });
    expect(await get('/api/me', token)).toEqual(changed);
    expect(await storedLanguage()).toBe('zh-Hant');
    // Kept across sessions: the next sign-in carries it.
    expect((await post('/api/auth/signin', credentials)).body.account).toMatchObject({ language: 'zh-Hant' });
  });

  it('refuses a language outside the list, and any other field, with VALIDATION_FAILED, changing nothing', async () => {
    const { token } = (await post('/api/auth/signin', credentials)).body as { token: string };
    const before = await get('/api/me', token);
    for (const body of [
      { language: 'xx' },
      { language: 'EN' },
      { language: 'en-US' },
      { language: null },
      { language: 7 },
      {},
      { language: 'en', displayName: 'Someone else' },
      { email: 'other@example.test' },
      [{ language: 'en' }],
    ]) {
      const refused = await patch('/api/me', body, token);
      expect(refused, JSON.stringify(body)).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
    }
    expect(await get('/api/me', token)).toEqual(before);
    expect(await storedLanguage()).toBe('zh-Hant');
  });

  it('needs a signed-in fan', async () => {
    expect(await patch('/api/me', { language: 'en' })).toMatchObject({
      status: 401,
      body: { error: { code: 'AUTH_REQUIRED' } },
    });
    expect(await patch('/api/me', { language: 'en' }, 'x.y.z')).toMatchObject({
      status: 401,
      body: { error: { code: 'AUTH_INVALID' } },
    });
    const staffId = await node.components.accounts.createStaff(
      'lang-staff@seatrush.test',
      'staff password 123',
      'Staff',
      'agent',
    );
    const staffToken = (await world.tokens.issue('staff', staffId)).token;
    expect(await patch('/api/me', { language: 'en' }, staffToken)).toMatchObject({
      status: 401,
      body: { error: { code: 'AUTH_INVALID' } },
    });
    expect(await storedLanguage()).toBe('zh-Hant');
  });
});

describe('staff accounts', () => {
  it('are separate: a staff token opens staff endpoints only, and a fan token never does', async () => {
    await node.components.accounts.createStaff('agent@seatrush.test', 'staff password 123', 'Agent', 'agent');
    const staff = await post('/api/staff/auth/signin', {
      email: 'agent@seatrush.test',
      password: 'staff password 123',
    });
    expect(staff.status).toBe(200);
    const staffToken = staff.body.token as string;
    expect((await get('/api/me', staffToken)).body).toMatchObject({ error: { code: 'AUTH_INVALID' } });
    expect(
      (await post('/api/auth/signin', { email: 'agent@seatrush.test', password: 'staff password 123' }))
        .status,
    ).toBe(401);

    const fan = await post('/api/auth/signin', {
      email: 'Somchai@Example.test',
      password: 'a long enough password',
    });
    const asFan = await post(
      '/api/admin/shows/any-show/blocks',
      { seats: [1], reason: 'x' },
      { authorization: `Bearer ${fan.body.token as string}` },
    );
    expect(asFan).toMatchObject({ status: 401, body: { error: { code: 'AUTH_INVALID' } } });
  });
});
