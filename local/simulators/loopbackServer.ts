import { serve, type ServerType } from '@hono/node-server';

/** Serves a fetch handler on a loopback port (every simulator does): a random one unless given. */
export function listenOnLoopback(fetchHandler: (request: Request) => Response | Promise<Response>, port = 0): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve(
      // overrideGlobalObjects: false keeps the adapter from replacing the process-wide Request/Response, which
      // the client under test (same process) relies on.
      { fetch: fetchHandler, port, hostname: '127.0.0.1', overrideGlobalObjects: false },
      () => resolve(server),
    );
    server.once('error', reject);
  });
}

export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets from fetch would otherwise hold close() open until they time out.
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}
