// Imports one module in this process and prints, as JSON on stdout, the npm packages it loaded
// (ESM through a resolve hook, CommonJS through require.cache). Usage: node list-packages.mjs URL
import { register, createRequire } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const seen = new Set();
port1.on('message', (url) => seen.add(url));
port1.unref();
register(new URL('./resolve-hook.mjs', import.meta.url), { data: { port: port2 }, transferList: [port2] });

const target = process.argv[2];
await import(target);
// Let the hook's last messages arrive.
await new Promise((r) => setTimeout(r, 50));
const req = createRequire(import.meta.url);
for (const file of Object.keys(req.cache)) seen.add(`file://${file}`);

const packages = new Set();
for (const url of seen) {
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf('/node_modules/')));
  if (m) packages.add(m[1]);
}
process.stdout.write(`${JSON.stringify([...packages].sort())}\n`);
process.exit(0);
