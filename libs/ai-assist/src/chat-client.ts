import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { FetchError, FetchErrorKind, OutboundHttpClient, parseRetryAfter } from '@rca/shared';
import { AiAssistError } from './ai-assist.errors';
import { ChatMessage } from './prompt';

export interface ChatEndpoint {
  baseUrl: string;
  model: string;
  apiKey: string | null;
  timeoutSeconds: number;
  maxOutputTokens: number;
}

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
  /** The endpoint sent no usage: counted from the text (4 characters a token). */
  estimated: boolean;
}

export type ChatChunk = { type: 'delta'; text: string } | { type: 'end'; usage: ChatUsage };

/**
 * The openai SDK on the product's one outbound HTTP client: every request goes through its
 * address policy (checked at connect time), timeouts and size caps. Retries are ours to decide
 * (none: the person asks again), so the SDK's are off.
 */
export function chatClient(http: OutboundHttpClient, endpoint: ChatEndpoint): OpenAI {
  return new OpenAI({
    baseURL: endpoint.baseUrl.replace(/\/+$/, ''),
    // Self-hosted servers often need none; the SDK insists on a value.
    apiKey: endpoint.apiKey || 'none',
    maxRetries: 0,
    timeout: endpoint.timeoutSeconds * 1000,
    fetch: http.fetchFunction({
      stream: true,
      timeoutMs: endpoint.timeoutSeconds * 1000,
      maxBytes: 2 * 1024 * 1024,
    }) as unknown as typeof fetch,
  });
}

const estimate = (text: string) => Math.ceil(text.length / 4);

/** Why a call failed, as the editor shows it; nothing of the answer is kept. */
export function chatFailure(error: unknown): AiAssistError {
  if (error instanceof AiAssistError) return error;
  if (error instanceof APIError && error.status !== undefined) {
    const retryAfterMs = parseRetryAfter(error.headers?.get?.('retry-after') ?? null);
    const retryAfterSeconds = retryAfterMs === undefined ? 30 : Math.ceil(retryAfterMs / 1000);
    if (error.status === 429)
      return new AiAssistError(
        'AI_RATE_LIMITED',
        `The AI endpoint is rate-limiting requests; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds, upstreamStatus: 429 },
      );
    return new AiAssistError(
      'AI_ENDPOINT_UNAVAILABLE',
      error.status === 401 || error.status === 403
        ? `The AI endpoint refused the API key (HTTP ${error.status}); an admin must check the AI settings`
        : `The AI endpoint answered HTTP ${error.status}; try again later`,
      { retryAfterSeconds, upstreamStatus: error.status },
    );
  }
  const cause = error instanceof APIConnectionError ? (error.cause ?? error) : error;
  if (error instanceof APIConnectionTimeoutError || timedOut(cause))
    return new AiAssistError(
      'AI_ENDPOINT_UNAVAILABLE',
      'The AI endpoint did not answer in time; try again later',
      { retryAfterSeconds: 30 },
    );
  if (cause instanceof FetchError && cause.kind === FetchErrorKind.ForbiddenAddress)
    return new AiAssistError(
      'AI_ENDPOINT_UNAVAILABLE',
      `The AI endpoint's address is refused by the outbound address policy: ${cause.message}`,
      { retryAfterSeconds: 300 },
    );
  if (cause instanceof FetchError && cause.kind === FetchErrorKind.Truncated)
    return new AiAssistError(
      'AI_MALFORMED_ANSWER',
      'The AI answer was cut off before it ended; nothing was kept',
    );
  if (cause instanceof SyntaxError || (error instanceof Error && /JSON/i.test(error.message)))
    return new AiAssistError(
      'AI_MALFORMED_ANSWER',
      'The AI endpoint sent an answer that is not valid chat-completions data; nothing was kept',
    );
  if (error instanceof APIConnectionError || cause instanceof FetchError)
    return new AiAssistError(
      'AI_ENDPOINT_UNAVAILABLE',
      `The AI endpoint cannot be reached (${(cause as Error).message ?? 'connection failed'}); try again later`,
      { retryAfterSeconds: 30 },
    );
  return new AiAssistError(
    'AI_MALFORMED_ANSWER',
    `The AI answer could not be read (${(error as Error)?.message ?? String(error)}); nothing was kept`,
  );
}

function timedOut(error: unknown): boolean {
  return (
    error instanceof FetchError &&
    (error.kind === FetchErrorKind.ReadTimeout || error.kind === FetchErrorKind.ConnectTimeout)
  );
}

/**
 * Starts a streamed chat completion. Resolves once the endpoint answered with a stream (a refusal,
 * 429, 5xx or unreachable endpoint throws AiAssistError before anything is sent on); the chunks
 * then arrive as they come. A stream that ends without a finish reason is cut off.
 */
export async function streamChat(
  client: OpenAI,
  endpoint: ChatEndpoint,
  messages: ChatMessage[],
  signal?: AbortSignal,
): Promise<AsyncGenerator<ChatChunk>> {
  const promptChars = messages.reduce((sum, message) => sum + message.content.length, 0);
  let stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>;
  try {
    stream = await client.chat.completions.create(
      {
        model: endpoint.model,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0,
        max_tokens: endpoint.maxOutputTokens,
      },
      { signal },
    );
  } catch (error) {
    throw chatFailure(error);
  }
  return (async function* () {
    let text = '';
    let finished = false;
    let usage: ChatUsage | null = null;
    try {
      for await (const chunk of stream) {
        if (!chunk || typeof chunk !== 'object' || !Array.isArray(chunk.choices))
          throw new AiAssistError(
            'AI_MALFORMED_ANSWER',
            'The AI endpoint sent a chunk that is not a chat completion; nothing was kept',
          );
        if (chunk.usage)
          usage = {
            promptTokens: chunk.usage.prompt_tokens ?? 0,
            completionTokens: chunk.usage.completion_tokens ?? 0,
            estimated: false,
          };
        for (const choice of chunk.choices) {
          const delta = choice.delta?.content;
          if (typeof delta === 'string' && delta) {
            text += delta;
            yield { type: 'delta', text: delta };
          }
          if (choice.finish_reason) finished = true;
        }
      }
    } catch (error) {
      throw chatFailure(error);
    }
    if (!finished)
      throw new AiAssistError(
        'AI_MALFORMED_ANSWER',
        'The AI answer stopped before it was complete (no finish reason); nothing was kept',
      );
    yield {
      type: 'end',
      usage: usage ?? {
        promptTokens: estimate(' '.repeat(promptChars)),
        completionTokens: estimate(text),
        estimated: true,
      },
    };
  })();
}

/** One non-streamed completion (the evaluation script): the whole answer and its usage. */
export async function completeChat(
  client: OpenAI,
  endpoint: ChatEndpoint,
  messages: ChatMessage[],
): Promise<{ text: string; usage: ChatUsage }> {
  try {
    const answer = await client.chat.completions.create({
      model: endpoint.model,
      messages,
      temperature: 0,
      max_tokens: endpoint.maxOutputTokens,
    });
    const text = answer.choices?.[0]?.message?.content;
    if (typeof text !== 'string')
      throw new AiAssistError('AI_MALFORMED_ANSWER', 'The AI answer has no message content');
    return {
      text,
      usage: answer.usage
        ? {
            promptTokens: answer.usage.prompt_tokens,
            completionTokens: answer.usage.completion_tokens,
            estimated: false,
          }
        : {
            promptTokens: estimate(messages.map((message) => message.content).join('')),
            completionTokens: estimate(text),
            estimated: true,
          },
    };
  } catch (error) {
    throw chatFailure(error);
  }
}
