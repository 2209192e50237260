/**
 * Runs the app on Node's HTTP server and stops it gracefully: stop accepting connections, answer
 * requests already in flight (their responses carry `Connection: close`), close idle keep-alive
 * connections, and after `shutdownTimeoutMs` cut whatever is left.
 */
import type { AddressInfo } from 'node:net';
import type { Server, ServerResponse } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { VouchError, checkOptions } from '../../errors/index.js';
import type { VouchApp } from '../create-app.js';

export interface StartServerOptions {
  app: VouchApp;
  host: string;
  port: number;
  shutdownTimeoutMs: number;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  host: string;
  port: number;
  /** Requests currently being answered. */
  inFlight(): number;
  /** Graceful stop; `drained` is false when the timeout cut requests short. */
  close(): Promise<{ drained: boolean }>;
}

/**
 * Serves an app over HTTP and drains it on close (in-flight requests finish, up to the timeout).
 *
 * @example
 * const deps = await buildServiceDeps({ dataDir: 'data', config: loadConfig() });
 * const server = await startServer({ app: createApp(deps.deps), host: '127.0.0.1', port: 8080, shutdownTimeoutMs: 10_000 });
 * process.on('SIGTERM', () => void server.close().then(() => deps.close()));
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  checkOptions('startServer', options, { app: 'object', host: 'string', port: 'number', shutdownTimeoutMs: 'number' });
  const server = createAdaptorServer({ fetch: options.app.fetch }) as Server;
  const active = new Set<ServerResponse>();
  let draining = false;
  server.on('request', (_req, res: ServerResponse) => {
    active.add(res);
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => active.delete(res));
  });

  await new Promise<void>((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => {
      const where = `${options.host}:${options.port}`;
      if (err.code === 'EADDRINUSE' || err.code === 'EAI_AGAIN')
        reject(
          new VouchError(
            'UNAVAILABLE',
            err.code === 'EAI_AGAIN' ? `cannot resolve ${options.host} now` : `address ${where} is already in use`,
            { cause: err },
          ),
        );
      else if (err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
        reject(new VouchError('CONFIG_INVALID', `cannot listen on ${where} (${err.code})`, { cause: err }));
      else reject(err);
    };
    server.once('error', fail);
    server.listen(options.port, options.host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<{ drained: boolean }> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    host: address.address,
    port: address.port,
    inFlight: () => active.size,
    close() {
      closing ??= new Promise((resolve) => {
        draining = true;
        // Responses not yet started close their connection when done, so keep-alive clients reconnect elsewhere.
        for (const res of active) if (!res.headersSent) res.setHeader('Connection', 'close');
        let drained = true;
        const timer = setTimeout(() => {
          drained = false;
          server.closeAllConnections();
        }, options.shutdownTimeoutMs);
        server.close(() => {
          clearTimeout(timer);
          resolve({ drained });
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
