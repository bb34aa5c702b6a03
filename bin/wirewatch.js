#!/usr/bin/env node
// Runs the TypeScript CLI in this process through tsx's loader, so the package works straight from a
// clone and a signal sent to `wirewatch` reaches the command itself.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
