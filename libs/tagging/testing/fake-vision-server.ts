import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received: path, headers and the parsed JSON body. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/** What the server does with a request: answer the model's text in the wire format's envelope, fail, or stall. */
export type Reply = { content: string; delayMs?: number } | { status: number; text?: string } | { stall: true };

export interface FakeVisionServer {
  url: string;
  received: ReceivedRequest[];
  /** Replaces how the next requests are answered. */
  reply(next: (request: ReceivedRequest, index: number) => Reply): void;
  /** Stops answering: pending requests are dropped and new connections refused. */
  close(): Promise<void>;
}

/**
 * A vision model server on 127.0.0.1 speaking one wire format as documented: Ollama's POST /api/chat
 * (non-streamed: `{model, created_at, message: {role, content}, done: true, …}`) or the OpenAI-compatible
 * POST /v1/chat/completions (`{id, object: 'chat.completion', choices: [{index, message, finish_reason}], …}`).
 * Any other route answers 404, as the real servers do.
 */
export async function startFakeVisionServer(
  api: 'ollama' | 'openai',
  reply: (request: ReceivedRequest, index: number) => Reply,
  port = 0,
): Promise<FakeVisionServer> {
  let current = reply;
  const received: ReceivedRequest[] = [];
  const route = api === 'ollama' ? '/api/chat' : '/v1/chat/completions';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
        return;
      }
      const request: ReceivedRequest = {
        path: req.url,
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      };
      received.push(request);
      const outcome = current(request, received.length - 1);
      if ('stall' in outcome) return;
      if ('status' in outcome) {
        res
          .writeHead(outcome.status, { 'content-type': 'application/json' })
          .end(outcome.text ?? JSON.stringify({ error: 'model failed' }));
        return;
      }
      const envelope =
        api === 'ollama'
          ? ollamaEnvelope(request.body.model, outcome.content)
          : openAiEnvelope(request.body.model, outcome.content);
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(envelope)),
        outcome.delayMs ?? 0,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    reply: (next) => (current = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function ollamaEnvelope(model: string, content: string) {
  return {
    model,
    created_at: new Date().toISOString(),
    message: { role: 'assistant', content },
    done_reason: 'stop',
    done: true,
    total_duration: 1_200_000_000,
    load_duration: 20_000_000,
    prompt_eval_count: 620,
    eval_count: 58,
  };
}

function openAiEnvelope(model: string, content: string) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 620, completion_tokens: 58, total_tokens: 678 },
  };
}
