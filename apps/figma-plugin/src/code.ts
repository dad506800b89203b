import type { UiToMain } from './messages';
import { createPluginController } from './plugin-controller';

// Plugin code runs in Figma's sandbox without network access of its own: the UI iframe talks to the hub.
figma.showUI(__html__, { width: 380, height: 540, themeColors: true, title: 'TagPhoto' });

const controller = createPluginController({
  figma,
  postToUi: (message) => figma.ui.postMessage(message),
  notify: (message, options) => {
    figma.notify(message, { error: options?.error ?? false });
  },
});

figma.ui.onmessage = (message: UiToMain) => {
  controller.handleUiMessage(message).catch((error: unknown) => {
    figma.notify(`TagPhoto: ${error instanceof Error ? error.message : String(error)}`, { error: true });
  });
};
figma.on('selectionchange', () => controller.selectionChanged());
void controller.start();
