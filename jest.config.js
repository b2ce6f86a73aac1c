// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

const transform = {
  ...base.transform,
  // Newer d3 packages ship ESM only as .mjs, which the scaffold's (t|j)sx? transform does not match.
  '^.+\\.mjs$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } }],
};

module.exports = {
  projects: [
    {
      // Jest configuration provided by Grafana scaffolding: components and modules under src/, in jsdom.
      ...base,
      displayName: 'plugin',
      transform,
    },
    {
      // Plugin-level checks (plugin.json, dashboards, provisioning) run in plain Node: they read files and spawn scripts.
      displayName: 'provisioning',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/plugin/**/*.test.ts'],
      transform,
    },
  ],
};
