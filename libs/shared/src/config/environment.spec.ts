import { ConfigurationError, loadEnvironment } from './environment';

describe('loadEnvironment', () => {
  it('applies the documented defaults when nothing is set', () => {
    const sut = loadEnvironment({});
    expect(sut).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      LOG_LEVEL: 'info',
      MIGRATIONS_RUN: true,
      QUEUE_PREFIX: 'rca',
    });
    expect(sut.DATABASE_URL).toBeUndefined();
    expect(sut.REDIS_URL).toBeUndefined();
  });

  it('converts numbers and booleans from strings', () => {
    const sut = loadEnvironment({
      PORT: '8080',
      MIGRATIONS_RUN: 'false',
      DATABASE_URL: 'postgres://u:p@db:5432/rca',
    });
    expect(sut.PORT).toBe(8080);
    expect(sut.MIGRATIONS_RUN).toBe(false);
    expect(sut.DATABASE_URL).toBe('postgres://u:p@db:5432/rca');
  });

  it('names every bad variable and says why', () => {
    let caught: unknown;
    try {
      loadEnvironment({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://db/rca',
        REDIS_URL: 'not a url',
        LOG_LEVEL: 'loud',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    const problems = (caught as ConfigurationError).problems.join('\n');
    expect(problems).toMatch(/^PORT="eighty": PORT must be an integer/m);
    expect(problems).toMatch(
      /^DATABASE_URL="mysql:\/\/db\/rca": DATABASE_URL must be a URL starting with postgres:\/\/ or postgresql:\/\//m,
    );
    expect(problems).toMatch(/^REDIS_URL="not a url": REDIS_URL must be a URL/m);
    expect(problems).toMatch(/^LOG_LEVEL="loud": LOG_LEVEL must be one of/m);
  });

  it('refuses a port out of range', () => {
    expect(() => loadEnvironment({ PORT: '70000' })).toThrow(/PORT must not be greater than 65535/);
  });

  it('limits how long an embedded-database transaction may sit idle while others wait', () => {
    expect(loadEnvironment({}).EMBEDDED_DB_IDLE_IN_TRANSACTION_MS).toBe(5_000);
    expect(
      loadEnvironment({ EMBEDDED_DB_IDLE_IN_TRANSACTION_MS: '250' })
        .EMBEDDED_DB_IDLE_IN_TRANSACTION_MS,
    ).toBe(250);
    expect(() => loadEnvironment({ EMBEDDED_DB_IDLE_IN_TRANSACTION_MS: '0' })).toThrow(
      /EMBEDDED_DB_IDLE_IN_TRANSACTION_MS must not be less than 100/,
    );
  });

  it('refuses a retry maximum delay below the first delay', () => {
    expect(() =>
      loadEnvironment({
        DELIVERY_RETRY_INITIAL_DELAY_MS: '10000',
        DELIVERY_RETRY_MAX_DELAY_MS: '1000',
      }),
    ).toThrow(/DELIVERY_RETRY_MAX_DELAY_MS must be at least DELIVERY_RETRY_INITIAL_DELAY_MS/);
  });

  it('refuses a retry window shorter than a second', () => {
    expect(() => loadEnvironment({ DELIVERY_RETRY_WINDOW_MS: '10' })).toThrow(
      /DELIVERY_RETRY_WINDOW_MS must not be less than 1000/,
    );
  });
});
