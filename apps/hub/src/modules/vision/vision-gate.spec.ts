import type { LookupAddress } from 'node:dns';
import { ConfigError } from '../../config/config.schema';
import { checkVisionTarget, isOperatorNetwork } from './vision-gate';

/** A resolver answering from a table, so no test depends on, or sends anything to, a real DNS server. */
const resolver =
  (table: Record<string, string[]>) =>
  async (host: string): Promise<LookupAddress[]> => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('the vision privacy gate', () => {
  it.each([
    '127.0.0.1',
    '::1',
    '10.1.2.3',
    '172.16.5.4',
    '192.168.1.20',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:192.168.1.20',
    '169.254.10.10',
  ])('counts %s as the operator network', (address) => expect(isOperatorNetwork(address)).toBe(true));

  it.each(['203.0.113.10', '198.51.100.7', '2001:db8::1', '100.64.0.1'])('counts %s as outside it', (address) => {
    expect(isOperatorNetwork(address)).toBe(false);
  });

  it('accepts a server on loopback or a private network, by address or by name', async () => {
    await expect(checkVisionTarget('http://127.0.0.1:11434', false)).resolves.toEqual({
      host: '127.0.0.1',
      public: false,
    });
    await expect(checkVisionTarget('http://[fd00::5]:8080/', false)).resolves.toEqual({
      host: 'fd00::5',
      public: false,
    });
    await expect(
      checkVisionTarget('http://gpu-box.lan:11434', false, resolver({ 'gpu-box.lan': ['192.168.1.40'] })),
    ).resolves.toEqual({ host: 'gpu-box.lan', public: false });
  });

  it('refuses a public address, naming it and the override', async () => {
    const refusal = checkVisionTarget('http://203.0.113.10:11434', false);
    await expect(refusal).rejects.toThrow(ConfigError);
    await expect(refusal).rejects.toThrow(/203\.0\.113\.10.*public address.*TAGPHOTO_VISION_ALLOW_PUBLIC=true/s);
  });

  it('refuses a name with any public address among its answers', async () => {
    const mixed = resolver({ 'vision.example': ['192.168.1.40', '203.0.113.10'] });
    await expect(checkVisionTarget('https://vision.example', false, mixed)).rejects.toThrow(
      /vision\.example \(203\.0\.113\.10\)/,
    );
  });

  it('allows a public address only with the override, and says it is public', async () => {
    await expect(checkVisionTarget('http://203.0.113.10:11434', true)).resolves.toEqual({
      host: '203.0.113.10',
      public: true,
    });
  });

  it('refuses a name that does not resolve, and a scheme other than http(s)', async () => {
    await expect(checkVisionTarget('http://nowhere.lan', false, resolver({}))).rejects.toThrow(
      /nowhere\.lan does not resolve/,
    );
    await expect(checkVisionTarget('ftp://127.0.0.1/', false)).rejects.toThrow(/http or https/);
  });
});
