import { StreamableFile } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import etag from 'etag';
import type { Request, Response } from 'express';

/**
 * Express, with one change to how a handler's JSON answer is sent: the same headers, body, weak
 * ETag and 304 as `res.json`, but the body stays a string all the way to the socket. `res.send`
 * turns every body over 1 KB into a Buffer to hash it, so a 40 KB incident page cost a 40 KB
 * allocation outside the heap, a second hash pass and a two-part write; here the ETag hashes the
 * string and Node writes headers and body in one write. Anything else (no body, streams, files,
 * errors, a handler that set a non-JSON type) goes to Nest's own reply.
 */
export class JsonReplyExpressAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (!isJsonBody(body) || !answersJson(response)) return super.reply(response, body, statusCode);
    if (statusCode) response.status(statusCode);
    return sendJson(response, body);
  }
}

function isJsonBody(body: unknown): body is object {
  return (
    typeof body === 'object' &&
    body !== null &&
    !(body instanceof StreamableFile) &&
    !(body instanceof Error) &&
    !ArrayBuffer.isView(body)
  );
}

function answersJson(response: Response): boolean {
  const type = response.getHeader('Content-Type');
  return type === undefined || (typeof type === 'string' && type.startsWith('application/json'));
}

/** What `res.json` does (Content-Type, Content-Length, the app's weak ETag, freshness, HEAD), without a Buffer. */
function sendJson(response: Response, body: object): Response {
  const request: Request = response.req;
  const text = JSON.stringify(body);
  if (response.getHeader('Content-Type') === undefined)
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(text, 'utf8'));
  if (response.getHeader('ETag') === undefined && typeof request.app.get('etag fn') === 'function')
    response.setHeader('ETag', etag(text, { weak: true }));
  if (request.fresh) {
    response.status(304);
    response.removeHeader('Content-Type');
    response.removeHeader('Content-Length');
    response.end();
  } else if (request.method === 'HEAD') response.end();
  else response.end(text, 'utf8');
  return response;
}
