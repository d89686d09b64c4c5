import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { fixture } from './fixtures';

export type Route = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/**
 * A loopback HTTP server for tests: serves fixtures and scripted payloads with ETag support,
 * and arbitrary misbehaviour through custom routes. Counts requests per path.
 */
export class StatusServer {
  private readonly server: http.Server;
  private readonly routes = new Map<string, Route>();
  readonly hits = new Map<string, number>();
  port = 0;

  constructor() {
    this.server = http.createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
      const route = this.routes.get(path);
      if (!route) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      route(request, response);
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  route(path: string, route: Route): string {
    this.routes.set(path, route);
    return this.url(path);
  }

  /** Serves `body()` with an ETag; answers 304 to a matching If-None-Match. */
  serve(path: string, body: () => string, contentType = 'application/json'): string {
    return this.route(path, (request, response) => {
      const text = body();
      const etag = `"${createHash('sha1').update(text).digest('hex')}"`;
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, { etag }).end();
        return;
      }
      response.writeHead(200, { 'content-type': contentType, etag }).end(text);
    });
  }

  serveFixture(path: string, name: string, contentType?: string): string {
    const text = fixture(name);
    return this.serve(
      path,
      () => text,
      contentType ??
        (name.endsWith('.atom')
          ? 'application/atom+xml'
          : name.endsWith('.rss')
            ? 'application/rss+xml'
            : 'application/json'),
    );
  }
}
