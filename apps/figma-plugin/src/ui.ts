import { answerHubRequest } from './hub-client';
import type { LayerProgress, MainToUi, UiToMain } from './messages';
import type { PluginSettings } from './settings';

/** The hub origin the build wrote into manifest.json: the only place this plugin may reach. */
declare const TAGPHOTO_HUB_ORIGIN: string;

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const hubUrl = element<HTMLInputElement>('hub-url');
const apiKey = element<HTMLInputElement>('api-key');
const language = element<HTMLSelectElement>('language');
const renameLayers = element<HTMLInputElement>('rename-layers');
const settingsError = element<HTMLParagraphElement>('settings-error');
const tagButton = element<HTMLButtonElement>('tag');
const status = element<HTMLSpanElement>('status');
const layerList = element<HTMLOListElement>('layers');

let connected = false;
let imageLayers = 0;
let busy = false;

const send = (message: UiToMain): void => parent.postMessage({ pluginMessage: message }, '*');
const refreshTagButton = (): void => {
  tagButton.disabled = busy || !connected || imageLayers === 0;
};

function showSettings(settings: PluginSettings | null): void {
  connected = settings !== null;
  settingsError.textContent = '';
  hubUrl.value = settings?.hubUrl ?? (hubUrl.value || TAGPHOTO_HUB_ORIGIN);
  apiKey.value = settings?.apiKey ?? '';
  language.value = settings?.language ?? 'en';
  renameLayers.checked = settings?.renameLayers ?? false;
  refreshTagButton();
}

function showProgress(progress: LayerProgress): void {
  let item = layerList.querySelector<HTMLLIElement>(`li[data-layer="${CSS.escape(progress.layerId)}"]`);
  if (!item) {
    item = document.createElement('li');
    item.dataset.layer = progress.layerId;
    layerList.append(item);
  }
  item.className = progress.state;
  item.replaceChildren();
  const name = document.createElement('div');
  name.textContent = progress.layerName;
  const state = document.createElement('div');
  state.className = 'state';
  state.textContent = progress.state;
  item.append(name, state);
  for (const line of [progress.message, ...(progress.notes ?? [])]) {
    if (!line) continue;
    const text = document.createElement('div');
    text.className = line === progress.message ? '' : 'note';
    text.textContent = line;
    item.append(text);
  }
}

window.onmessage = (event: MessageEvent<{ pluginMessage?: MainToUi }>) => {
  const message = event.data.pluginMessage;
  if (!message) return;
  switch (message.type) {
    case 'hub-request':
      // TS 5.9's DOM lib wants an ArrayBuffer-backed view; postMessage hands us exactly that.
      void answerHubRequest(
        (url, init) => fetch(url, { ...init, body: init.body as Uint8Array<ArrayBuffer> }),
        message,
      ).then(send);
      break;
    case 'settings':
      showSettings(message.settings);
      break;
    case 'settings-error':
      busy = false;
      settingsError.textContent = message.message;
      status.textContent = '';
      refreshTagButton();
      break;
    case 'selection':
      imageLayers = message.imageLayers;
      if (!busy)
        status.textContent = imageLayers
          ? `${imageLayers} layer${imageLayers === 1 ? '' : 's'} with an image selected.`
          : 'Select layers with image fills.';
      refreshTagButton();
      break;
    case 'progress':
      showProgress(message.progress);
      break;
    case 'finished':
      busy = false;
      status.textContent = `Done: ${message.tagged} tagged, ${message.failed} failed.`;
      refreshTagButton();
      break;
  }
};

element<HTMLFormElement>('settings-form').addEventListener('submit', (event) => {
  event.preventDefault();
  send({
    type: 'save-settings',
    settings: {
      hubUrl: hubUrl.value,
      apiKey: apiKey.value,
      language: language.value,
      renameLayers: renameLayers.checked,
    },
  });
});
element<HTMLButtonElement>('forget').addEventListener('click', () => send({ type: 'forget-settings' }));
tagButton.addEventListener('click', () => {
  busy = true;
  layerList.replaceChildren();
  status.textContent = 'Tagging…';
  refreshTagButton();
  send({ type: 'tag' });
});
