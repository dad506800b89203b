'use strict';
/**
 * A /health prober in a process of its own (forked by tools/bench/upload-burst.js): it asks one request at a time,
 * every `everyMs`, says when its first answer came (so it is connected and warm before the burst), and when told to
 * stop sends back the latencies and when each probe was sent (epoch ms). Apart from the process that pushes the upload
 * burst, so the time that process spends writing gigabytes of request bodies is not counted as the hub's latency.
 * Loopback only: the parent forks it with tests/support/loopback-only.js preloaded.
 */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let stopping = false;
process.on('message', async (message) => {
  if (message.type === 'stop') {
    stopping = true;
    return;
  }
  if (message.type !== 'probe') return;
  stopping = false;
  const latencies = [];
  const startedAt = [];
  while (!stopping) {
    const sentAt = Date.now();
    const start = performance.now();
    const response = await fetch(`${message.url}/health`);
    await response.arrayBuffer();
    latencies.push(performance.now() - start);
    startedAt.push(sentAt);
    if (latencies.length === 1) process.send({ type: 'ready' });
    await sleep(message.everyMs);
  }
  process.send({ type: 'latencies', latencies, startedAt });
});
