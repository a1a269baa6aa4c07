/** Starts an HTTP server listening and says where it can be reached (port 0: the port the OS chose). */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  readonly port: number;
  url(path?: string): string;
  wsUrl(path: string): string;
}

export async function listen(server: Server, host: string, port: number): Promise<Listening> {
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const bound = (server.address() as AddressInfo).port;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return {
    port: bound,
    url: (path = '/') => `http://${hostForUrl}:${bound}${path}`,
    wsUrl: (path) => `ws://${hostForUrl}:${bound}${path}`,
  };
}

/** Closes the server and every connection it still has. */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}
