import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
  test: {
    // Says once when the PostgreSQL half of the compliance suite is skipped, and how to run it.
    globalSetup: ['src/testing/pg-global-setup.ts'],
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 30000,
  },
});
