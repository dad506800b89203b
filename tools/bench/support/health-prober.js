'use strict';
/**
 * A /health prober in a process of its own (forked by tools/bench/upload-burst.js): it asks one request at a time,
 * every `everyMs`, until told to stop, then sends back the latencies. Apart from the process that pushes the upload
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
  while (!stopping) {
    const start = performance.now();
    const response = await fetch(`${message.url}/health`);
    await response.arrayBuffer();
    latencies.push(performance.now() - start);
    await sleep(message.everyMs);
  }
  process.send({ type: 'latencies', latencies });
});
