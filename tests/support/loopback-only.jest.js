'use strict';
/**
 * jest's side of the loopback-only guard (loopback-only.js): installs it in the worker, hands it to every Node
 * child a test starts (NODE_OPTIONS), and fails the test in which any refusal happened, even one the code under
 * test caught and turned into an ordinary error answer.
 */
const { childNodeOptions, takeRefusals } = require('./loopback-only');

process.env.NODE_OPTIONS = childNodeOptions();

afterEach(() => {
  const refused = takeRefusals();
  if (refused.length > 0) throw new Error(`This test tried to reach past loopback:\n  ${refused.join('\n  ')}`);
});
