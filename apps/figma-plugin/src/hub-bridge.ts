import type { HubRequestMessage, HubResponseMessage, HubResult } from './messages';
import type { PluginSettings } from './settings';
import type { SendToHub } from './tag-selection';

export class HubBridgeError extends Error {
  override readonly name = 'HubBridgeError';
}

/**
 * The plugin code's side of the trip to the hub: the request goes to the UI iframe (which may use the network),
 * the answer comes back as a message with the same id.
 */
export function createHubBridge(post: (message: HubRequestMessage) => void) {
  let nextId = 1;
  const pending = new Map<number, { resolve(result: HubResult): void; reject(error: Error): void }>();
  return {
    sendToHub(settings: PluginSettings): SendToHub {
      return ({ bytes, fileName }) =>
        new Promise<HubResult>((resolve, reject) => {
          const requestId = nextId++;
          pending.set(requestId, { resolve, reject });
          post({
            type: 'hub-request',
            requestId,
            hubUrl: settings.hubUrl,
            apiKey: settings.apiKey,
            language: settings.language,
            bytes,
            fileName,
          });
        });
    },
    receive(message: HubResponseMessage): void {
      const waiting = pending.get(message.requestId);
      if (!waiting) return;
      pending.delete(message.requestId);
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(new HubBridgeError(message.error));
    },
    get pendingCount(): number {
      return pending.size;
    },
  };
}
