import { FakeClientStorage } from '../testing/fake-figma';
import { forgetSettings, loadSettings, normalizeHubUrl, saveSettings, SETTINGS_KEY, SettingsError } from './settings';

describe('plugin settings', () => {
  it('keeps the hub URL and API key in client storage and reads them back next time', async () => {
    const storage = new FakeClientStorage();
    await saveSettings(storage, {
      hubUrl: 'https://tags.example.com',
      apiKey: ' tpk_abc ',
      renameLayers: true,
      language: 'de',
    });
    expect(await loadSettings(storage)).toEqual({
      hubUrl: 'https://tags.example.com',
      apiKey: 'tpk_abc',
      renameLayers: true,
      language: 'de',
    });
  });

  it('keeps only the origin of a pasted hub URL, since the manifest allows one origin', () => {
    expect(normalizeHubUrl('HTTPS://Tags.Example.com:8443/docs?x=1')).toBe('https://tags.example.com:8443');
    expect(normalizeHubUrl('http://localhost:3000/')).toBe('http://localhost:3000');
  });

  it.each([
    [{ hubUrl: 'ftp://tags.example.com', apiKey: 'tpk_a' }, /must look like https/],
    [{ hubUrl: 'tags.example.com', apiKey: 'tpk_a' }, /must look like https/],
    [{ hubUrl: 'https://tags.example.com', apiKey: '  ' }, /API key/],
    [{ hubUrl: 'https://tags.example.com', apiKey: 'tpk_a', language: 'xx' }, /Language/],
  ])('refuses %j and says what to paste instead', async (input, message) => {
    const storage = new FakeClientStorage();
    const attempt = saveSettings(storage, input);
    await expect(attempt).rejects.toBeInstanceOf(SettingsError);
    await expect(attempt).rejects.toThrow(message);
    expect(await storage.keysAsync()).toEqual([]);
  });

  it('reads no settings when none are stored or the stored ones are no longer valid', async () => {
    const storage = new FakeClientStorage();
    expect(await loadSettings(storage)).toBeNull();
    await storage.setAsync(SETTINGS_KEY, { hubUrl: 'https://tags.example.com', apiKey: '' });
    expect(await loadSettings(storage)).toBeNull();
  });

  it('forgets the key on request', async () => {
    const storage = new FakeClientStorage();
    await saveSettings(storage, { hubUrl: 'https://tags.example.com', apiKey: 'tpk_a' });
    await forgetSettings(storage);
    expect(await loadSettings(storage)).toBeNull();
  });
});
