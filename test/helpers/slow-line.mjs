// Which Node line runs the slow suites (see slow-suite.mjs), without loading ava: helpers that
// scripts outside ava also import (test/fleet/hosts.mjs) read it here.
const line = process.env.MOULT_CI_SLOW_LINE || null;
const major = process.versions.node.split('.')[0];

/** The major that runs the slow suites in CI, or null (a developer's run: every line runs them). */
export const slowLine = line;

/** Whether slow suites run in this process. */
export const slowSuitesRun = line === null || line === major;
