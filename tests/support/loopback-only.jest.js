'use strict';
/**
 * jest's side of the loopback-only guard (loopback-only.js): installs it in the worker, hands it to every Node
 * child a test starts (NODE_OPTIONS), and fails the test in which any refusal happened, even one the code under
 * test caught and turned into an ordinary error answer.
 *
 * It also keeps one test file's HTTP mocking out of the next: jest gives every file of a worker the same Node
 * `http` and `https` modules, so a file that loads nock and does not call `nock.restore()` leaves nock's
 * interceptor in front of every later file's requests (CI once saw a plain supertest upload fail with
 * ECONNRESET inside nock's socket stand-in). The next file then fails here at once, naming the one to fix
 * (jest runs a file's own afterAll after this one's, so the check cannot run in the leaking file itself).
 */
const http = require('node:http');
const https = require('node:https');
const { childNodeOptions, takeRefusals } = require('./loopback-only');

process.env.NODE_OPTIONS = childNodeOptions();

afterEach(() => {
  const refused = takeRefusals();
  if (refused.length > 0) throw new Error(`This test tried to reach past loopback:\n  ${refused.join('\n  ')}`);
});

const entryPoints = () => [
  [http, 'ClientRequest'],
  [http, 'request'],
  [http, 'get'],
  [https, 'request'],
  [https, 'get'],
];
// Node's own entry points, taken by the worker's first file before any test could load nock, and the file that
// ran last: both kept on the shared module, which outlives each file's module registry.
const PRISTINE = Symbol.for('tagphoto.pristineHttpClient');
const LAST_FILE = Symbol.for('tagphoto.lastTestFile');
const pristine = (http[PRISTINE] ??= entryPoints().map(([module, name]) => module[name]));

if (entryPoints().some(([module, name], index) => module[name] !== pristine[index])) {
  // Put Node's own back so that the files after this one run unpatched.
  entryPoints().forEach(([module, name], index) => (module[name] = pristine[index]));
  throw new Error(
    `${http[LAST_FILE]} left http/https patched (nock?), so this file would have run through it: ` +
      'that file must call nock.restore() in its afterAll.',
  );
}

afterAll(() => {
  http[LAST_FILE] = expect.getState().testPath;
});
