import { ConfigError, describeConfig, loadConfig } from './config.schema';

describe('configuration', () => {
  it('runs on the embedded default when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HUB_ROLE: 'all', TAGPHOTO_DATA_DIR: './data' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('lists every invalid variable in one error', () => {
    expect(() => loadConfig({ PORT: 'eighty', HUB_ROLE: 'boss' })).toThrow(/PORT[\s\S]*HUB_ROLE|HUB_ROLE[\s\S]*PORT/);
  });

  it('refuses a worker process without Redis to share work through', () => {
    expect(() => loadConfig({ HUB_ROLE: 'worker' })).toThrow(ConfigError);
  });

  it('parses the private-network allowlist', () => {
    expect(loadConfig({ TAGPHOTO_FETCH_ALLOW_HOSTS: '10.0.0.0/8, images.lan' }).TAGPHOTO_FETCH_ALLOW_HOSTS).toEqual([
      '10.0.0.0/8',
      'images.lan',
    ]);
  });

  it('never shows secrets when describing the configuration', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://hub:s3cret-pw@db.internal:5432/tagphoto',
      REDIS_URL: 'redis://:other-secret@cache:6379',
      TAGPHOTO_MASTER_KEY: 'bWFzdGVyLWtleS1tYXN0ZXIta2V5LW1hc3Rlci1rZXk=',
    });
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toMatch(/s3cret-pw|other-secret|bWFzdGVy/);
    expect(describeConfig(config)).toMatchObject({ DATABASE_URL: 'set', REDIS_URL: 'set', TAGPHOTO_MASTER_KEY: 'set', PORT: 3000 });
  });
});
