/**
 * CONTRACT TEST SERVER — no real model server runs here (no network, no model weights), so the
 * AI-assist tests and the `ai` bench talk to this loopback server shaped like the OpenAI
 * chat-completions API as documented (POST {baseURL}/chat/completions; JSON answers with
 * choices[].message and usage; `stream: true` answers as server-sent events of
 * chat.completion.chunk objects, a final chunk with finish_reason, a usage chunk when
 * stream_options.include_usage, then `data: [DONE]`; errors as { error: { message, type, code } }
 * with their HTTP status, 429 with Retry-After). What it proves is that the product speaks that
 * contract and survives its failure modes, not anything about a model's quality.
 *
 * It records every request it received (headers and parsed body), so tests can check exactly
 * what left the product.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedChatRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: {
    model?: string;
    messages?: Array<{ role: string; content: string }>;
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    [key: string]: unknown;
  };
  raw: string;
}

/** What the server does with one request. */
export type ChatBehaviour =
  /** A normal answer (streamed when the request asked for it), in `chunks` pieces. */
  | { kind: 'answer'; text: string; chunks?: number; usage?: boolean; delayMs?: number }
  /** An error status with an OpenAI-shaped error body. */
  | { kind: 'error'; status: number; message?: string; headers?: Record<string, string> }
  /** 429 with Retry-After. */
  | { kind: 'rate-limit'; retryAfter: string }
  /** Starts streaming, then closes the connection after `afterChunks` chunks (no [DONE]). */
  | { kind: 'cut'; text: string; afterChunks: number }
  /** Streams one valid chunk, then a line that is not JSON. */
  | { kind: 'malformed'; text: string }
  /** Sends the headers, then nothing for `ms` (a slow or hung model). */
  | { kind: 'stall'; ms: number }
  /** Ends the stream cleanly but without any finish_reason (truncated by the server). */
  | { kind: 'no-finish'; text: string };

/** The default "model": answers from the record in the prompt, citing each fact it repeats. */
export function extractiveAnswer(request: ReceivedChatRequest, maxFacts = 4): string {
  const prompt = request.body.messages?.find((message) => message.role === 'user')?.content ?? '';
  const facts = [...prompt.matchAll(/^\[([A-Z]\d+)\] (.+)$/gm)]
    .filter(([, label]) => !label.startsWith('M'))
    .slice(0, maxFacts);
  if (!facts.length) return 'Nothing is recorded about this incident.';
  return facts.map(([, label, text]) => `${text.replace(/[.\s]+$/, '')} [${label}].`).join(' ');
}

export class OpenAiContractServer {
  readonly received: ReceivedChatRequest[] = [];
  private readonly queue: ChatBehaviour[] = [];
  private server?: Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  url = '';

  constructor(
    private fallback: (request: ReceivedChatRequest) => ChatBehaviour = (request) => ({
      kind: 'answer',
      text: extractiveAnswer(request),
    }),
  ) {}

  /** How every request is answered from now on (when no queued behaviour is left). */
  answerWith(fallback: (request: ReceivedChatRequest) => ChatBehaviour): this {
    this.fallback = fallback;
    return this;
  }

  /** Behaviours for the next requests, in order; then the fallback. */
  next(...behaviours: ChatBehaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: ReceivedChatRequest['body'] = {};
      try {
        body = JSON.parse(raw);
      } catch {
        // recorded as is; answered 400 below
      }
      const entry: ReceivedChatRequest = {
        path: request.url ?? '/',
        headers: request.headers,
        body,
        raw,
      };
      this.received.push(entry);
      if (request.method !== 'POST' || !entry.path.endsWith('/chat/completions'))
        return this.error(response, 404, `Unknown path ${entry.path}`, 'invalid_request_error');
      if (!Array.isArray(body.messages) || typeof body.model !== 'string')
        return this.error(
          response,
          400,
          "'model' and 'messages' are required",
          'invalid_request_error',
        );
      const behaviour = this.queue.shift() ?? this.fallback(entry);
      void this.respond(entry, behaviour, response);
    });
  }

  private error(
    response: ServerResponse,
    status: number,
    message: string,
    type: string,
    headers: Record<string, string> = {},
  ): void {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify({ error: { message, type, param: null, code: null } }));
  }

  private async respond(
    request: ReceivedChatRequest,
    behaviour: ChatBehaviour,
    response: ServerResponse,
  ): Promise<void> {
    const model = request.body.model ?? 'contract-model';
    const promptTokens = Math.ceil(
      (request.body.messages ?? []).reduce((sum, message) => sum + message.content.length, 0) / 4,
    );
    switch (behaviour.kind) {
      case 'error':
        return this.error(
          response,
          behaviour.status,
          behaviour.message ?? `The server had an error (${behaviour.status})`,
          behaviour.status >= 500 ? 'server_error' : 'invalid_request_error',
          behaviour.headers,
        );
      case 'rate-limit':
        return this.error(response, 429, 'Rate limit reached for requests', 'requests', {
          'retry-after': behaviour.retryAfter,
        });
      case 'stall':
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.flushHeaders();
        await new Promise((resolve) => setTimeout(resolve, behaviour.ms));
        if (!response.destroyed) response.end();
        return;
      default:
        break;
    }
    const text = behaviour.text;
    const completionTokens = Math.ceil(text.length / 4);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };
    const id = `chatcmpl-${this.received.length}`;
    const created = Math.floor(Date.now() / 1000);
    if (!request.body.stream) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: text },
              finish_reason: behaviour.kind === 'no-finish' ? null : 'stop',
            },
          ],
          usage,
        }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const pieces = split(text, behaviour.kind === 'answer' ? (behaviour.chunks ?? 5) : 5);
    const send = (payload: unknown) => response.write(`data: ${JSON.stringify(payload)}\n\n`);
    const chunk = (content: string | null, finish: string | null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
    });
    send({
      ...chunk('', null),
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    for (const [index, piece] of pieces.entries()) {
      if (behaviour.kind === 'cut' && index >= behaviour.afterChunks) {
        // Let what was sent arrive, then drop the connection mid-answer.
        await new Promise((resolve) => setTimeout(resolve, 50));
        response.socket?.destroy();
        return;
      }
      send(chunk(piece, null));
      if (behaviour.kind === 'malformed') {
        response.write('data: {"id": "chatcmpl-x", "choices": [{"delta": {"content": "oops\n\n');
        response.end();
        return;
      }
      if (behaviour.kind === 'answer' && behaviour.delayMs)
        await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    }
    if (behaviour.kind !== 'no-finish') send(chunk(null, 'stop'));
    if (
      request.body.stream_options?.include_usage &&
      (behaviour.kind !== 'answer' || behaviour.usage !== false)
    )
      send({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
    response.end('data: [DONE]\n\n');
  }
}

function split(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / count));
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size)
    pieces.push(text.slice(start, start + size));
  return pieces.length ? pieces : [''];
}
