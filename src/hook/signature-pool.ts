/**
 * Ed25519 signature checks for session orders, spread over worker threads (one per core). A single
 * check costs ~60 µs in OpenSSL — one core tops out near 16,000 orders/s — so a venue's order
 * flow is checked in chunks on every core. Workers are unref'd: an idle pool never keeps the
 * process alive. Only public data (keys, messages, signatures) crosses into the workers.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const keys = new Map();
parentPort.on('message', ({ id, key, msgs, sigs }) => {
  let k = keys.get(key);
  if (!k) {
    k = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key }, format: 'jwk' });
    if (keys.size > 4096) keys.clear();
    keys.set(key, k);
  }
  const out = new Uint8Array(msgs.length);
  for (let i = 0; i < msgs.length; i++) {
    try {
      const sig = Buffer.from(sigs[i], 'base64url');
      out[i] = sig.length === 64 && verify(null, Buffer.from(msgs[i]), k, sig) ? 1 : 0;
    } catch {
      out[i] = 0;
    }
  }
  parentPort.postMessage({ id, out }, [out.buffer]);
});
`;

interface Pending {
  resolve(out: Uint8Array): void;
  reject(err: unknown): void;
}

export class SignaturePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private busy = 0;

  constructor(private readonly size = Math.max(1, availableParallelism())) {}

  /** Checks each (message, signature) under one Ed25519 public key (base64url x). */
  async verifyAll(publicKeyX: string, messages: readonly string[], signatures: readonly string[]): Promise<boolean[]> {
    if (messages.length === 0) return [];
    this.start();
    const per = Math.ceil(messages.length / this.workers.length);
    const parts: Promise<Uint8Array>[] = [];
    for (let w = 0, off = 0; off < messages.length; w++, off += per) {
      parts.push(
        this.send(this.workers[w]!, publicKeyX, messages.slice(off, off + per), signatures.slice(off, off + per)),
      );
    }
    const outs = await Promise.all(parts);
    return outs.flatMap((o) => Array.from(o, (b) => b === 1));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.terminate()));
  }

  private start(): void {
    if (this.workers.length > 0) return;
    for (let i = 0; i < this.size; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.unref();
      w.on('message', ({ id, out }: { id: number; out: Uint8Array }) => {
        const p = this.pending.get(id);
        this.pending.delete(id);
        if (--this.busy === 0) this.workers.forEach((x) => x.unref());
        p?.resolve(out);
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.workers.push(w);
    }
  }

  private send(w: Worker, key: string, msgs: string[], sigs: string[]): Promise<Uint8Array> {
    const id = this.nextId++;
    if (this.busy++ === 0) this.workers.forEach((x) => x.ref());
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, key, msgs, sigs });
    });
  }
}
