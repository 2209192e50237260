/**
 * Worker threads for batch verification: each holds its own instance of the verifier's wasm module
 * and runs vouch_batchChunk on the chunks it is sent. Idle workers are unref'd, so a process that
 * is done verifying exits without anyone having to shut the pool down; a worker holds the process
 * open only while it has a chunk in flight.
 *
 * Workers receive public data only (proof points and fresh batch scalars), never secrets.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { VouchError } from '../../errors/index.js';
import { INITIAL_PAGES, engineModule } from './module.js';
import { chunkInputBytes, chunkOutputBytes, chunkWorkBytes } from './wasm-pairing.js';

/** Plain JS (workers get no TypeScript loader): lay out input | work | output above the free pointer. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const memory = new WebAssembly.Memory({ initial: ${INITIAL_PAGES}, maximum: 32767 });
const x = new WebAssembly.Instance(workerData.module, { env: { memory } }).exports;
const base = new Uint32Array(memory.buffer, 0, 1)[0];
const align = (v) => (v + 7) & ~7;
parentPort.on('message', ({ id, input, n, work, out }) => {
  const pIn = align(base), pWork = align(pIn + input.length), pOut = align(pWork + work), end = align(pOut + out);
  const need = end + ${1 << 20} - memory.buffer.byteLength;
  if (need > 0) memory.grow(Math.ceil(need / 65536));
  new Uint32Array(memory.buffer, 0, 1)[0] = end;
  new Uint8Array(memory.buffer).set(input, pIn);
  x.vouch_batchChunk(pIn, n, pWork, pOut);
  const res = new Uint8Array(memory.buffer, pOut, out).slice();
  new Uint32Array(memory.buffer, 0, 1)[0] = base;
  parentPort.postMessage({ id, res }, [res.buffer]);
});
`;

interface Job {
  id: number;
  input: Uint8Array;
  n: number;
  resolve(out: Uint8Array): void;
  reject(err: unknown): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

export class ChunkPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;

  constructor(size: number) {
    this.size = size;
  }

  /** Runs vouch_batchChunk on a worker for a chunk of n proofs (input laid out by chunkInputBytes). */
  run(input: Uint8Array, n: number): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, n, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage(
        { id: job.id, input: job.input, n: job.n, work: chunkWorkBytes(job.n), out: chunkOutputBytes(job.n) },
        [job.input.buffer as ArrayBuffer],
      );
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: engineModule().module } });
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (msg: { id: number; res: Uint8Array }) => {
      const job = slot.job;
      slot.job = undefined;
      worker.unref();
      if (job?.id === msg.id) job.resolve(msg.res);
      this.dispatch();
    });
    const fail = (cause: unknown) => {
      this.slots.splice(this.slots.indexOf(slot), 1);
      const job = slot.job;
      slot.job = undefined;
      job?.reject(new VouchError('INTERNAL', 'a batch verification worker failed', { cause }));
      void worker.terminate();
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) fail(new Error(`worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }
}

let shared: ChunkPool | undefined;

/** The process-wide pool: one worker per available core (spawned on first use). */
export function chunkPool(): ChunkPool {
  shared ??= new ChunkPool(Math.max(1, Math.min(16, availableParallelism())));
  return shared;
}
