// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';
import { configure } from '@testing-library/react';

// findBy*/waitFor wait on a condition; their default 1 s deadline, and Jest's 5 s per test, only
// bound a failure and are too short on a busy 2-core CI, where one render can take a second.
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(30_000);
