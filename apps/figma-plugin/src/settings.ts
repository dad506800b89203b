import type { PortClientStorage } from './figma-port';

/** What the user pastes once; kept per user and machine in figma.clientStorage, never in the document. */
export interface PluginSettings {
  hubUrl: string;
  apiKey: string;
  /** Rename each tagged layer after the image's title. */
  renameLayers: boolean;
  language: string;
}

export const SETTINGS_KEY = 'tagphoto.settings';
export const DEFAULT_HUB_URL = 'http://localhost:3000';
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl'];

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function defaultSettings(): PluginSettings {
  return { hubUrl: DEFAULT_HUB_URL, apiKey: '', renameLayers: false, language: 'en' };
}

/** The hub's origin (scheme, host, port), or a SettingsError saying what to paste instead. */
export function normalizeHubUrl(input: string): string {
  const match = /^(https?):\/\/([^/?#@\s]+)(?:[/?#].*)?$/i.exec(input.trim());
  if (!match)
    throw new SettingsError(
      'The hub URL must look like https://tagphoto.example.com (http:// only for a hub on this machine).',
    );
  // The manifest allows exactly one origin, so any path the user pasted (e.g. /docs) is dropped.
  return `${match[1].toLowerCase()}://${match[2].toLowerCase()}`;
}

export function validateSettings(input: Partial<PluginSettings>): PluginSettings {
  const base = defaultSettings();
  const apiKey = (input.apiKey ?? '').trim();
  if (!apiKey) throw new SettingsError('Paste an API key from the hub (Settings → API keys); it starts with tpk_.');
  const language = input.language ?? base.language;
  if (!LANGUAGES.includes(language)) throw new SettingsError(`Language must be one of ${LANGUAGES.join(', ')}.`);
  return {
    hubUrl: normalizeHubUrl(input.hubUrl ?? base.hubUrl),
    apiKey,
    renameLayers: input.renameLayers ?? base.renameLayers,
    language,
  };
}

export async function loadSettings(storage: PortClientStorage): Promise<PluginSettings | null> {
  const stored = (await storage.getAsync(SETTINGS_KEY)) as Partial<PluginSettings> | undefined;
  if (!stored || typeof stored !== 'object') return null;
  try {
    return validateSettings(stored);
  } catch {
    return null;
  }
}

export async function saveSettings(
  storage: PortClientStorage,
  input: Partial<PluginSettings>,
): Promise<PluginSettings> {
  const settings = validateSettings(input);
  await storage.setAsync(SETTINGS_KEY, settings);
  return settings;
}

export async function forgetSettings(storage: PortClientStorage): Promise<void> {
  await storage.deleteAsync(SETTINGS_KEY);
}
