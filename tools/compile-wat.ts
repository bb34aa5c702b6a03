import { readFileSync } from 'node:fs';
import wabt from 'wabt';

/** The bytes of src/stories/minhash.wat (SIMD enabled). */
export async function compileMinhashWat(): Promise<Uint8Array> {
  const w = await wabt();
  const source = readFileSync(new URL('../src/stories/minhash.wat', import.meta.url), 'utf8');
  const module = w.parseWat('minhash.wat', source, { simd: true });
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
