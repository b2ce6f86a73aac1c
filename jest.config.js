// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  // Plugin-level checks (plugin.json, dashboards) live beside the source tree in tests/plugin.
  testMatch: [...base.testMatch, '<rootDir>/tests/plugin/**/*.test.{js,ts}'],
  transform: {
    ...base.transform,
    // Newer d3 packages ship ESM only as .mjs, which the scaffold's (t|j)sx? transform does not match.
    '^.+\\.mjs$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } }],
  },
};
