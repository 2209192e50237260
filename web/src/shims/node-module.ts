/**
 * `node:module` in the browser bundle: `createRequire(url)(name)` for the two CommonJS packages the
 * zk module loads that way (EdDSA-Poseidon, BabyJubJub), as bundled ES imports. Anything else is
 * a path the browser never takes, and throws when called.
 */
import * as eddsa from '@zk-kit/eddsa-poseidon';
import * as babyJub from '@zk-kit/baby-jubjub';

const packages: Record<string, unknown> = { '@zk-kit/eddsa-poseidon': eddsa, '@zk-kit/baby-jubjub': babyJub };

export function createRequire(_url: string) {
  const require = (name: string) => {
    if (name in packages) return packages[name];
    throw new Error(`require(${name}) is not available in the browser`);
  };
  require.resolve = (name: string) => {
    throw new Error(`require.resolve(${name}) is not available in the browser`);
  };
  return require;
}
export default { createRequire };
