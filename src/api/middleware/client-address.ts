/**
 * The address a request came from, which failed-authentication budgets are kept by.
 *
 * Off a proxy, it is the TCP peer (node-server passes the socket in the env bindings); a client
 * cannot choose it. Behind a proxy (`server.trustProxy`), it is the last X-Forwarded-For entry:
 * the one the proxy appended, not ones the client sent. In-process calls without a socket (tests,
 * embedding) share the address "unknown".
 *
 * @example
 *   const address = clientAddress({ trustProxy: config.server.trustProxy });
 *   const who = address(c); // '203.0.113.7'
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env.js';

export interface ClientAddressOptions {
  trustProxy: boolean;
}

interface SocketBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

export function clientAddress(options: ClientAddressOptions): (c: Context<AppEnv>) => string {
  return function clientAddressOf(c) {
    if (options.trustProxy) {
      const forwarded = c.req.header('X-Forwarded-For');
      const last = forwarded?.split(',').at(-1)?.trim();
      if (last) return last.slice(0, 64);
    }
    const env = c.env as SocketBindings | undefined;
    return env?.incoming?.socket?.remoteAddress ?? 'unknown';
  };
}
