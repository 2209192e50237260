/**
 * `node:fs` (and `node:fs/promises`) in the browser bundle: the library modules the web app shares
 * with the CLI import file helpers they never call on the paths the browser takes (the browser
 * parses what it was handed; it has no file system). Any call is a bug and says so.
 */
function unavailable(name: string): never {
  throw new Error(`${name} is not available in the browser`);
}
export const readFileSync = () => unavailable('readFileSync');
export const writeFileSync = () => unavailable('writeFileSync');
export const existsSync = () => false;
export const mkdirSync = () => unavailable('mkdirSync');
export const copyFileSync = () => unavailable('copyFileSync');
export const statSync = () => unavailable('statSync');
export const readdirSync = () => unavailable('readdirSync');
export const createReadStream = () => unavailable('createReadStream');
export const readFile = async () => unavailable('readFile');
export const readdir = async () => unavailable('readdir');
export const stat = async () => unavailable('stat');
export default {
  readFileSync,
  writeFileSync,
  existsSync,
  mkdirSync,
  copyFileSync,
  statSync,
  readdirSync,
  createReadStream,
};
