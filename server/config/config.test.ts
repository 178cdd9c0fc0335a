import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const SECRET = 'x'.repeat(40);
const OTHER_SECRET = 'y'.repeat(40);

describe('configuration', () => {
  it('refuses to start in production without secrets, naming what is missing', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET and TICKET_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET })).toThrow(ConfigError);
    expect(
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, TICKET_SECRET: OTHER_SECRET })
        .ephemeralSecrets,
    ).toBe(false);
  });

  it('refuses one secret for both sessions and tickets', () => {
    expect(() => loadConfig({ SESSION_SECRET: SECRET, TICKET_SECRET: SECRET })).toThrow(/must differ/);
  });

  it('refuses short secrets and malformed numbers', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'short', TICKET_SECRET: SECRET })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ PORT: 'eighty' }, () => SECRET)).toThrow(/PORT/);
    expect(() => loadConfig({ HOLD_TTL_MS: '-5' }, () => SECRET)).toThrow(/HOLD_TTL_MS/);
    expect(() => loadConfig({ REDIS_KEY_PREFIX: 'a b' }, () => SECRET)).toThrow(/REDIS_KEY_PREFIX/);
  });

  it('generates secrets for a development run and says so', () => {
    const config = loadConfig({}, () => SECRET);
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      SESSION_SECRET: SECRET,
      ephemeralSecrets: true,
      PORT: 3000,
    });
    expect(config.WORKERS).toBeGreaterThan(0);
    expect(loadConfig({ WORKERS: '0' }, () => SECRET).WORKERS).toBe(0);
  });
});
