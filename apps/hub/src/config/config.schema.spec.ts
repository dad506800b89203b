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

  it('reads the vision backend settings, with a 768-pixel long side and no public address by default', () => {
    const config = loadConfig({
      TAGPHOTO_VISION_URL: 'http://127.0.0.1:11434',
      TAGPHOTO_VISION_MODEL: 'qwen2.5vl:7b',
      TAGPHOTO_VISION_API_KEY: 'vision-canary-key',
    });
    expect(config).toMatchObject({
      TAGPHOTO_VISION_API: 'ollama',
      TAGPHOTO_VISION_LONG_SIDE: 768,
      TAGPHOTO_VISION_TIMEOUT_MS: 30_000,
      TAGPHOTO_VISION_CONCURRENCY: 2,
      TAGPHOTO_VISION_ALLOW_PUBLIC: false,
    });
    expect(describeConfig(config).TAGPHOTO_VISION_API_KEY).toBe('set');
    expect(JSON.stringify(describeConfig(config))).not.toContain('vision-canary-key');
  });

  it('refuses a vision URL without a model name, or with credentials in it', () => {
    expect(() => loadConfig({ TAGPHOTO_VISION_URL: 'http://127.0.0.1:11434' })).toThrow(/TAGPHOTO_VISION_MODEL/);
    expect(() =>
      loadConfig({ TAGPHOTO_VISION_URL: 'http://user:pw@127.0.0.1:8080', TAGPHOTO_VISION_MODEL: 'llava' }),
    ).toThrow(/TAGPHOTO_VISION_API_KEY/);
    expect(() =>
      loadConfig({
        TAGPHOTO_VISION_URL: 'http://127.0.0.1:8080',
        TAGPHOTO_VISION_MODEL: 'llava',
        TAGPHOTO_VISION_API: 'anthropic',
      }),
    ).toThrow(/TAGPHOTO_VISION_API/);
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
    expect(describeConfig(config)).toMatchObject({
      DATABASE_URL: 'set',
      REDIS_URL: 'set',
      TAGPHOTO_MASTER_KEY: 'set',
      PORT: 3000,
    });
  });
});
