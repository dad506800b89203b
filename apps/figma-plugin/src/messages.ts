import type { TaggingResult } from '@tagphoto/contracts';
import type { PluginSettings } from './settings';

/** What the plugin writes back: the public result's fields a designer or developer reads. */
export type HubResult = Pick<TaggingResult, 'title' | 'altText' | 'description' | 'tags' | 'language'>;

/** One image on its way to the hub; the UI iframe sends it, since the hub is reached from there. */
export interface HubRequestMessage {
  type: 'hub-request';
  requestId: number;
  hubUrl: string;
  apiKey: string;
  language: string;
  bytes: Uint8Array;
  fileName: string;
}

export type HubResponseMessage =
  | { type: 'hub-response'; requestId: number; ok: true; result: HubResult }
  | { type: 'hub-response'; requestId: number; ok: false; error: string };

export type LayerState = 'queued' | 'exporting' | 'tagging' | 'writing' | 'done' | 'failed' | 'skipped';

export interface LayerProgress {
  layerId: string;
  layerName: string;
  state: LayerState;
  /** The error for failed/skipped layers; the alt text for done ones. */
  message?: string;
  /** What could not be written where the document does not allow it (e.g. annotations in a view-only file). */
  notes?: string[];
}

/** Plugin code → UI. */
export type MainToUi =
  | HubRequestMessage
  | { type: 'settings'; settings: PluginSettings | null }
  | { type: 'settings-error'; message: string }
  | { type: 'selection'; imageLayers: number; selected: number }
  | { type: 'progress'; progress: LayerProgress }
  | { type: 'finished'; tagged: number; failed: number; skipped: number };

/** UI → plugin code. */
export type UiToMain =
  | HubResponseMessage
  | { type: 'save-settings'; settings: Partial<PluginSettings> }
  | { type: 'forget-settings' }
  | { type: 'tag' };
