/**
 * The HTTP statuses a client received, by method and path: what a reading needs that the client does not return
 * (the status an accepted Leadspace bulk came with). Keeps no URL query, header or body, so nothing it holds can be
 * a credential or lead data.
 */
export interface HttpExchange {
  method: string;
  path: string;
  status: number;
}

export class HttpLog {
  readonly exchanges: HttpExchange[] = [];
  readonly fetch: typeof fetch;

  constructor(base: typeof fetch = (input, init) => fetch(input, init)) {
    this.fetch = async (input, init) => {
      const response = await base(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      this.exchanges.push({ method: (init?.method ?? 'GET').toUpperCase(), path: new URL(url).pathname, status: response.status });
      return response;
    };
  }

  /** The latest exchange of `method` whose path ends with `pathSuffix`. */
  last(method: string, pathSuffix: string): HttpExchange | undefined {
    return [...this.exchanges].reverse().find((e) => e.method === method && e.path.endsWith(pathSuffix));
  }
}
