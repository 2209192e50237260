// Imports one module in this process and writes, as JSON, the npm packages it loaded (ESM through
// a resolve hook, CommonJS through require.cache) to the file named by $LIST_PACKAGES_OUT.
// Usage: node list-packages.mjs MODULE [ARGS...] — ARGS become the module's process.argv tail,
// so a CLI entry (bin/vouch.mjs --help) can be traced as it runs.
import { writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const seen = new Set();
port1.on('message', (url) => seen.add(url));
port1.unref();
register(new URL('./resolve-hook.mjs', import.meta.url), { data: { port: port2 }, transferList: [port2] });

const [target, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], target, ...args];
await import(pathToFileURL(target).href);
// let the hook thread's last messages arrive
await new Promise((r) => setTimeout(r, 100));
for (const file of Object.keys(createRequire(import.meta.url).cache)) seen.add(pathToFileURL(file).href);

const packages = new Set();
for (const url of seen) {
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf('/node_modules/')));
  if (m) packages.add(m[1]);
}
writeFileSync(process.env.LIST_PACKAGES_OUT, `${JSON.stringify([...packages].sort())}\n`);
process.exit(0);
