/**
 * The browser's stand-in for src/zk/artifacts/ensure.ts: the prover worker registers how to get the
 * hash-checked artifacts (lib/artifacts.ts), and the shared `prove()` receives them as in-memory
 * files, which snarkjs reads as it reads file paths in Node. The loader runs only when a proof is
 * actually made, so a credential that cannot satisfy the policy is refused before any download.
 */
type MemFile = { type: 'mem'; data: Uint8Array };
type Loader = () => Promise<{ wasm: Uint8Array; zkey: Uint8Array }>;
let loader: Loader | undefined;

export function provideArtifacts(load: Loader): void {
  loader = load;
}

export async function ensureArtifacts(): Promise<{ files: { wasm: MemFile; zkey: MemFile } }> {
  if (!loader) throw new Error('the circuit artifacts were not provided to the prover');
  const { wasm, zkey } = await loader();
  return { files: { wasm: { type: 'mem', data: wasm }, zkey: { type: 'mem', data: zkey } } };
}
