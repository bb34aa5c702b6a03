// Worker threads do not inherit tsx's loader; this plain-JS entry loads the TypeScript worker through it.
import { tsImport } from 'tsx/esm/api';

await tsImport('./diff-worker.ts', import.meta.url);
