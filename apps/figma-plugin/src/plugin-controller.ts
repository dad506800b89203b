import type { FigmaPort } from './figma-port';
import { createHubBridge } from './hub-bridge';
import type { MainToUi, UiToMain } from './messages';
import { forgetSettings, loadSettings, PluginSettings, saveSettings, SettingsError } from './settings';
import { imageHashOf, tagSelection, TagSelectionSummary } from './tag-selection';

export interface PluginHost {
  figma: FigmaPort;
  postToUi(message: MainToUi): void;
  notify(message: string, options?: { error?: boolean }): void;
}

function summaryText(summary: TagSelectionSummary): string {
  const parts = [`Tagged ${summary.tagged} layer${summary.tagged === 1 ? '' : 's'}`];
  if (summary.failed) parts.push(`${summary.failed} failed`);
  if (summary.skipped) parts.push(`${summary.skipped} without an image`);
  return parts.join(', ');
}

/** The plugin code's behaviour, driven by UI messages and selection changes; code.ts only wires it to `figma`. */
export function createPluginController(host: PluginHost) {
  const { figma } = host;
  const bridge = createHubBridge((message) => host.postToUi(message));
  let settings: PluginSettings | null = null;
  let running: Promise<TagSelectionSummary> | null = null;

  const postSelection = (): void => {
    const selection = figma.currentPage.selection;
    host.postToUi({
      type: 'selection',
      selected: selection.length,
      imageLayers: selection.filter((node) => imageHashOf(node) !== null).length,
    });
  };

  async function tag(): Promise<TagSelectionSummary | null> {
    if (!settings) {
      host.postToUi({ type: 'settings-error', message: 'Paste the hub URL and an API key first.' });
      return null;
    }
    if (running) {
      host.notify('TagPhoto is still tagging the last selection.');
      return null;
    }
    running = tagSelection({
      figma,
      sendToHub: bridge.sendToHub(settings),
      renameLayers: settings.renameLayers,
      onProgress: (progress) => host.postToUi({ type: 'progress', progress }),
    });
    try {
      const summary = await running;
      host.postToUi({ type: 'finished', tagged: summary.tagged, failed: summary.failed, skipped: summary.skipped });
      host.notify(summaryText(summary), { error: summary.failed > 0 });
      return summary;
    } finally {
      running = null;
    }
  }

  return {
    async start(): Promise<void> {
      settings = await loadSettings(figma.clientStorage);
      host.postToUi({ type: 'settings', settings });
      postSelection();
    },
    selectionChanged: postSelection,
    /** Resolves when the message's work is done (for 'tag': every layer tagged or failed). */
    async handleUiMessage(message: UiToMain): Promise<TagSelectionSummary | null> {
      switch (message.type) {
        case 'hub-response':
          bridge.receive(message);
          return null;
        case 'save-settings':
          try {
            settings = await saveSettings(figma.clientStorage, message.settings);
            host.postToUi({ type: 'settings', settings });
          } catch (error) {
            if (!(error instanceof SettingsError)) throw error;
            host.postToUi({ type: 'settings-error', message: error.message });
          }
          return null;
        case 'forget-settings':
          await forgetSettings(figma.clientStorage);
          settings = null;
          host.postToUi({ type: 'settings', settings });
          return null;
        case 'tag':
          return tag();
      }
    },
  };
}
