import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuditService, type ClientInfo, type Principal } from '@rca/accounts';
import {
  emptyRedactionTally,
  PostmortemService,
  PublicRedaction,
  type RedactionTally,
} from '@rca/postmortems';
import {
  CredentialsCipher,
  credentialsCipherFor,
  Environment,
  ForbiddenDestinationError,
  InvalidInputError,
  NotFoundError,
  OutboundHttpClient,
  StaleVersionError,
  versionedWrite,
} from '@rca/shared';
import { AiAssistCallEntity } from './ai-assist-call.entity';
import { AiAssistSettingsEntity } from './ai-assist-settings.entity';
import { AiAssistError } from './ai-assist.errors';
import { AiAssistRepository, SETTINGS_ID } from './ai-assist.repository';
import { AiAssistSettingsDto } from './ai-assist.dto';
import { ChatEndpoint, chatClient, ChatUsage, completeChat, streamChat } from './chat-client';
import { checkCitations, CheckedSentence } from './citation-check';
import { buildRecord, RecordEntry } from './incident-record';
import { AI_SECTIONS, AiSectionKey, buildPrompt, ChatMessage } from './prompt';

/** What the editor receives about one citation: where it points. */
export interface CitationTarget {
  label: string;
  kind: RecordEntry['kind'];
  refId: string;
  at: string | null;
  /** The entry as it was sent (redacted). */
  text: string;
}

export interface Suggestion {
  sectionKey: AiSectionKey;
  markdown: string;
  /** Sentences removed because they cite nothing, or something not in this record. */
  dropped: CheckedSentence[];
  codeBlocksDropped: number;
  citations: CitationTarget[];
  model: string;
  usage: ChatUsage;
  /** The section's revision the suggestion was made against (the diff's left side). */
  basedOnVersion: number;
}

export type SuggestionEvent =
  | { type: 'delta'; text: string }
  | { type: 'suggestion'; suggestion: Suggestion }
  | { type: 'error'; code: string; message: string; retryAfterSeconds?: number };

export interface PreparedSuggestion {
  messages: ChatMessage[];
  entries: RecordEntry[];
  redacted: RedactionTally;
  incidentId: string;
  postmortemVersion: number;
}

const utcDay = (date = new Date()) => date.toISOString().slice(0, 10);

function secondsToUtcMidnight(now = new Date()): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((midnight - now.getTime()) / 1000));
}

/**
 * AI-suggested prose for a postmortem's sections (docs/ai-assist.md). Off unless an admin
 * configured and enabled it. The prompt is this incident's record only, labelled, redacted with
 * the public export's rules; the answer is kept only as far as it cites that record, is never
 * stored, and is applied only by a person through the normal versioned save.
 */
@Injectable()
export class AiAssistService implements OnModuleInit {
  private cipherInstance?: CredentialsCipher;
  private postmortems!: PostmortemService;
  private redaction!: PublicRedaction;

  constructor(
    private readonly repository: AiAssistRepository,
    private readonly environment: Environment,
    private readonly http: OutboundHttpClient,
    private readonly audit: AuditService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.postmortems = this.moduleRef.get(PostmortemService, { strict: false });
    // libs/exports provides the public redaction; without it no prompt can be built (fails closed).
    this.redaction = this.moduleRef.get(PublicRedaction, { strict: false });
  }

  private get cipher(): CredentialsCipher {
    this.cipherInstance ??= credentialsCipherFor(this.environment);
    return this.cipherInstance;
  }

  // --- settings ----------------------------------------------------------------------------

  async settingsView() {
    const settings = await this.repository.settings();
    const usage = await this.repository.usage(utcDay());
    const defaults = {
      version: 0,
      configured: false,
      enabled: false,
      baseUrl: '',
      model: '',
      apiKeySet: false,
      dailyTokenLimit: 200_000,
      dailyCostLimitUsd: 5,
      inputCostPerMillionTokensUsd: 0,
      outputCostPerMillionTokensUsd: 0,
      allowInternalSections: false,
      timeoutSeconds: 60,
      maxOutputTokens: 800,
      updatedBy: null,
    };
    const usageToday = { day: utcDay(), ...usage };
    if (!settings) return { ...defaults, usageToday };
    const { apiKey, id: _id, updatedAt: _updatedAt, ...rest } = settings;
    return { ...rest, configured: true, apiKeySet: !!apiKey, usageToday };
  }

  async saveSettings(input: AiAssistSettingsDto, actor: Principal, client?: Partial<ClientInfo>) {
    try {
      await this.http.checkUrl(input.baseUrl);
    } catch (error) {
      throw new InvalidInputError(
        'baseUrl',
        error instanceof ForbiddenDestinationError
          ? error.message
          : `cannot check the address: ${(error as Error).message}`,
      );
    }
    const values: Partial<AiAssistSettingsEntity> = {
      enabled: input.enabled,
      baseUrl: input.baseUrl,
      model: input.model,
      dailyTokenLimit: input.dailyTokenLimit,
      dailyCostLimitUsd: input.dailyCostLimitUsd,
      inputCostPerMillionTokensUsd: input.inputCostPerMillionTokensUsd,
      outputCostPerMillionTokensUsd: input.outputCostPerMillionTokensUsd,
      allowInternalSections: input.allowInternalSections,
      timeoutSeconds: input.timeoutSeconds ?? 60,
      maxOutputTokens: input.maxOutputTokens ?? 800,
      updatedBy: actor.email ?? actor.displayName,
    };
    if (input.apiKey !== undefined)
      values.apiKey =
        input.apiKey === null ? null : this.cipher.encrypt({ apiKey: input.apiKey }, SETTINGS_ID);
    await this.repository.transaction(async (manager) => {
      const current = await this.repository.settings(manager);
      if (!current) {
        if (input.version !== 0) throw new StaleVersionError('AI settings', input.version, null);
        await this.repository.insertSettings(manager, values);
      } else {
        await versionedWrite<AiAssistSettingsEntity>({
          manager,
          entity: 'AI settings',
          id: SETTINGS_ID,
          expectedVersion: input.version,
          find: (tx) => this.repository.settings(tx),
          write: { table: 'ai_assist_settings', changes: values },
        });
      }
      await this.audit.record(
        {
          action: 'ai_assist.settings_changed',
          actor,
          client,
          target: { type: 'ai_assist_settings', id: SETTINGS_ID },
          details: {
            enabled: input.enabled,
            baseUrl: input.baseUrl,
            model: input.model,
            apiKeyChanged: input.apiKey !== undefined,
            allowInternalSections: input.allowInternalSections,
            dailyTokenLimit: input.dailyTokenLimit,
            dailyCostLimitUsd: input.dailyCostLimitUsd,
          },
        },
        manager,
      );
    });
    return this.settingsView();
  }

  /** What the editor needs to know: whether to offer "Suggest with AI" at all. */
  async status() {
    const settings = await this.repository.settings();
    const enabled = !!settings?.enabled;
    return {
      enabled,
      sections: enabled ? [...AI_SECTIONS] : [],
      allowInternalSections: enabled && settings!.allowInternalSections,
    };
  }

  /** The endpoint of enabled settings, key decrypted; AI_ASSIST_DISABLED otherwise. */
  async endpoint(
    options: { evenIfDisabled?: boolean } = {},
  ): Promise<{ settings: AiAssistSettingsEntity; endpoint: ChatEndpoint }> {
    const settings = await this.repository.settings();
    if (!settings || (!settings.enabled && !options.evenIfDisabled))
      throw new AiAssistError(
        'AI_ASSIST_DISABLED',
        'AI assistance is not configured; an admin can set it up under Admin → AI assistance',
      );
    return {
      settings,
      endpoint: {
        baseUrl: settings.baseUrl,
        model: settings.model,
        apiKey: settings.apiKey ? this.cipher.decrypt(settings.apiKey, SETTINGS_ID).apiKey : null,
        timeoutSeconds: settings.timeoutSeconds,
        maxOutputTokens: settings.maxOutputTokens,
      },
    };
  }

  /**
   * "Test connection" (admin): one tiny non-streamed completion with no record in it, to check
   * the address, key and model. Counted against the day's usage and audited like a suggestion.
   */
  async testConnection(actor: Principal, client?: Partial<ClientInfo>) {
    const settings = await this.repository.settings();
    if (!settings)
      throw new AiAssistError('AI_ASSIST_DISABLED', 'Save the AI settings first, then test them');
    const { endpoint } = await this.endpoint({ evenIfDisabled: true });
    const started = performance.now();
    let outcome: 'success' | 'failure' = 'failure';
    let errorCode: string | null = null;
    let usage: ChatUsage | null = null;
    try {
      const answer = await completeChat(
        chatClient(this.http, endpoint),
        { ...endpoint, maxOutputTokens: 5 },
        [{ role: 'user', content: 'Reply with the single word OK.' }],
      );
      usage = answer.usage;
      outcome = 'success';
      return {
        ok: true,
        model: endpoint.model,
        latencyMs: Math.round(performance.now() - started),
        answer: answer.text.slice(0, 200),
      };
    } catch (error) {
      errorCode = (error as AiAssistError).code ?? 'AI_MALFORMED_ANSWER';
      throw error;
    } finally {
      await this.repository.insertCall({
        day: utcDay(),
        actorUserId: actor.userId,
        postmortemId: null,
        sectionKey: 'connection-test',
        model: settings.model,
        promptTokens: usage?.promptTokens ?? 0,
        completionTokens: usage?.completionTokens ?? 0,
        costUsd: 0,
        outcome,
        errorCode,
      });
      await this.audit.record({
        action: 'ai_assist.connection_tested',
        outcome,
        actor,
        client,
        target: { type: 'ai_assist_settings', id: SETTINGS_ID },
        details: { model: settings.model, baseUrl: settings.baseUrl, errorCode },
      });
    }
  }

  // --- suggestions -------------------------------------------------------------------------

  /** The prompt for one section: the labelled record, redacted like the public export. */
  async prepare(
    postmortemId: string,
    sectionKey: string,
    settings: Pick<AiAssistSettingsEntity, 'allowInternalSections'>,
    viewer?: Principal,
  ): Promise<PreparedSuggestion> {
    if (!(AI_SECTIONS as readonly string[]).includes(sectionKey))
      throw new InvalidInputError(
        'sectionKey',
        `AI suggestions are offered for ${AI_SECTIONS.join(', ')} only`,
      );
    const postmortem = await this.postmortems.get(postmortemId, viewer);
    const section = postmortem.sections.find((candidate) => candidate.key === sectionKey);
    if (!section) throw new NotFoundError('Section', sectionKey);
    if (section.internal && !settings.allowInternalSections)
      throw new AiAssistError(
        'AI_INTERNAL_SECTION',
        `"${section.title}" is internal; an admin has not allowed sending internal sections to the AI endpoint`,
      );
    const record = await this.repository.incidentRecord(postmortem.incidentId);
    if (!record) throw new NotFoundError('Incident', postmortem.incidentId);
    const redacted = emptyRedactionTally();
    const redact = await this.redaction.publicRedactorFor(postmortem.id, redacted);
    const entries = buildRecord(record).map((entry) => ({ ...entry, text: redact(entry.text) }));
    const messages = buildPrompt(
      { key: sectionKey as AiSectionKey, title: redact(section.title) },
      {
        reference: record.incident.reference,
        title: redact(record.incident.title),
        severity: record.incident.severity,
      },
      entries,
    );
    return {
      messages,
      entries,
      redacted,
      incidentId: postmortem.incidentId,
      postmortemVersion: postmortem.version,
    };
  }

  private async checkLimits(settings: AiAssistSettingsEntity): Promise<void> {
    const usage = await this.repository.usage(utcDay());
    const retryAfterSeconds = secondsToUtcMidnight();
    if (usage.tokens >= settings.dailyTokenLimit)
      throw new AiAssistError(
        'AI_LIMIT_REACHED',
        `Today's AI token limit (${settings.dailyTokenLimit}) is used up; it resets at 00:00 UTC`,
        { retryAfterSeconds, tokens: usage.tokens },
      );
    if (settings.dailyCostLimitUsd > 0 && usage.costUsd >= settings.dailyCostLimitUsd)
      throw new AiAssistError(
        'AI_LIMIT_REACHED',
        `Today's AI cost limit ($${settings.dailyCostLimitUsd}) is used up; it resets at 00:00 UTC`,
        { retryAfterSeconds, costUsd: usage.costUsd },
      );
  }

  /**
   * Starts a suggestion. Refusals (off, internal section, limits, endpoint down or rate-limited)
   * throw before anything is streamed; after that the events carry the text as it arrives and
   * end with the checked suggestion or an error. Nothing of it is stored; the call is audited
   * and counted against the daily limits either way.
   */
  async suggest(
    postmortemId: string,
    sectionKey: string,
    actor: Principal,
    client: Partial<ClientInfo> | undefined,
    signal?: AbortSignal,
  ): Promise<AsyncGenerator<SuggestionEvent>> {
    const { settings, endpoint } = await this.endpoint();
    const prepared = await this.prepare(postmortemId, sectionKey, settings, actor);
    await this.checkLimits(settings);
    const record = (
      outcome: 'success' | 'failure',
      usage: ChatUsage | null,
      extra: Record<string, unknown> = {},
    ) =>
      this.recordCall(
        settings,
        actor,
        client,
        postmortemId,
        sectionKey,
        prepared,
        outcome,
        usage,
        extra,
      );
    let chunks: Awaited<ReturnType<typeof streamChat>>;
    try {
      chunks = await streamChat(
        chatClient(this.http, endpoint),
        endpoint,
        prepared.messages,
        signal,
      );
    } catch (error) {
      const failure = error as AiAssistError;
      await record('failure', null, {
        errorCode: signal?.aborted ? 'CANCELLED' : failure.code,
      });
      throw failure;
    }
    const known = new Set(prepared.entries.map((entry) => entry.label));
    const promptChars = prepared.messages.reduce((sum, message) => sum + message.content.length, 0);
    const estimatedUsage = (answer: string): ChatUsage => ({
      promptTokens: Math.ceil(promptChars / 4),
      completionTokens: Math.ceil(answer.length / 4),
      estimated: true,
    });
    return (async function* (): AsyncGenerator<SuggestionEvent> {
      let text = '';
      let usage: ChatUsage | null = null;
      try {
        for await (const chunk of chunks) {
          if (chunk.type === 'delta') {
            text += chunk.text;
            yield { type: 'delta', text: chunk.text };
          } else usage = chunk.usage;
        }
      } catch (error) {
        const failure =
          error instanceof AiAssistError
            ? error
            : new AiAssistError('AI_MALFORMED_ANSWER', 'The AI answer could not be read');
        // A cut answer was still paid for: what arrived is counted (estimated) against the limits.
        await record('failure', usage ?? estimatedUsage(text), {
          errorCode: signal?.aborted ? 'CANCELLED' : failure.code,
        });
        yield {
          type: 'error',
          code: signal?.aborted ? 'CANCELLED' : failure.code,
          message: failure.message,
        };
        return;
      }
      const checked = checkCitations(text, known);
      if (!checked.cited.length) {
        await record('failure', usage, { errorCode: 'AI_NO_CITATION', dropped: checked.dropped });
        yield {
          type: 'error',
          code: 'AI_NO_CITATION',
          message:
            'The AI answer cited nothing in this incident record, so none of it can be shown; try again or write the section yourself',
        };
        return;
      }
      await record('success', usage, { kept: checked.kept, dropped: checked.dropped });
      const byLabel = new Map(prepared.entries.map((entry) => [entry.label, entry]));
      yield {
        type: 'suggestion',
        suggestion: {
          sectionKey: sectionKey as AiSectionKey,
          markdown: checked.markdown,
          dropped: checked.sentences.filter((sentence) => sentence.status !== 'cited'),
          codeBlocksDropped: checked.codeBlocksDropped,
          citations: checked.cited.map((label) => {
            const entry = byLabel.get(label)!;
            return { label, kind: entry.kind, refId: entry.refId, at: entry.at, text: entry.text };
          }),
          model: endpoint.model,
          usage: usage!,
          basedOnVersion: prepared.postmortemVersion,
        },
      };
    })();
  }

  /** The audit row (who, which incident, model, tokens, what was redacted — counts only) and the usage row. */
  private async recordCall(
    settings: AiAssistSettingsEntity,
    actor: Principal,
    client: Partial<ClientInfo> | undefined,
    postmortemId: string,
    sectionKey: string,
    prepared: PreparedSuggestion,
    outcome: 'success' | 'failure',
    usage: ChatUsage | null,
    extra: Record<string, unknown>,
  ): Promise<void> {
    const promptTokens = usage?.promptTokens ?? 0;
    const completionTokens = usage?.completionTokens ?? 0;
    const costUsd =
      (promptTokens * settings.inputCostPerMillionTokensUsd +
        completionTokens * settings.outputCostPerMillionTokensUsd) /
      1_000_000;
    const call: Partial<AiAssistCallEntity> = {
      day: utcDay(),
      actorUserId: actor.userId,
      postmortemId,
      sectionKey,
      model: settings.model,
      promptTokens,
      completionTokens,
      costUsd,
      outcome,
      errorCode: (extra.errorCode as string | undefined) ?? null,
    };
    await this.repository.insertCall(call);
    const entriesByKind: Record<string, number> = {};
    for (const entry of prepared.entries)
      entriesByKind[entry.kind] = (entriesByKind[entry.kind] ?? 0) + 1;
    await this.audit.record({
      action: 'ai_assist.suggestion',
      outcome,
      actor,
      client,
      target: { type: 'postmortem', id: postmortemId },
      details: {
        incidentId: prepared.incidentId,
        section: sectionKey,
        model: settings.model,
        baseUrl: settings.baseUrl,
        promptTokens,
        completionTokens,
        tokensEstimated: usage?.estimated ?? null,
        costUsd,
        redacted: prepared.redacted,
        entriesSent: entriesByKind,
        ...extra,
      },
    });
  }
}
