/** Private keys at rest: the KEK, the one sealed format, and sealed key files. */
export { loadKek, kekFrom } from './kek.js';
export type { Kek } from './kek.js';
export { resolveKek, parseKek, keysDir, ensurePrivateDir } from './kek-source.js';
export type { KekMaterial } from './kek-source.js';
export { seal, open } from './seal.js';
export type { Sealed } from './seal.js';
export { readSealedFile, createSealedFile, SEALED_FILE_FORMAT } from './sealed-file.js';
export type { SealedFileOptions } from './sealed-file.js';
