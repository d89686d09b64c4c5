import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import type { AiAssistSettings, AiAssistSettingsBody } from '@rca/api-contract';
import { request } from '../../api';
import { ErrorBox, Field, fieldErrorsOf, FormError, Loading } from '../../ui';

const settingsKey = ['admin', 'ai-assist'] as const;

type Form = Record<
  | 'baseUrl'
  | 'model'
  | 'apiKey'
  | 'dailyTokenLimit'
  | 'dailyCostLimitUsd'
  | 'inputCostPerMillionTokensUsd'
  | 'outputCostPerMillionTokensUsd'
  | 'timeoutSeconds'
  | 'maxOutputTokens',
  string
> & { enabled: boolean; allowInternalSections: boolean };

function formOf(settings: AiAssistSettings): Form {
  return {
    enabled: settings.enabled,
    allowInternalSections: settings.allowInternalSections,
    baseUrl: settings.baseUrl,
    model: settings.model,
    apiKey: '',
    dailyTokenLimit: String(settings.dailyTokenLimit),
    dailyCostLimitUsd: String(settings.dailyCostLimitUsd),
    inputCostPerMillionTokensUsd: String(settings.inputCostPerMillionTokensUsd),
    outputCostPerMillionTokensUsd: String(settings.outputCostPerMillionTokensUsd),
    timeoutSeconds: String(settings.timeoutSeconds),
    maxOutputTokens: String(settings.maxOutputTokens),
  };
}

/** Admin → AI assistance: the OpenAI-compatible endpoint, its key, limits and what may be sent. */
export function AiAssistPage() {
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => request<AiAssistSettings>('GET', '/admin/ai-assist', { signal }),
  });
  const [form, setForm] = useState<Form | null>(null);
  const [removeKey, setRemoveKey] = useState(false);
  useEffect(() => {
    if (settings.data && !form) setForm(formOf(settings.data));
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (body: AiAssistSettingsBody) =>
      request<AiAssistSettings>('PUT', '/admin/ai-assist', { body }),
    onSuccess: (saved) => {
      client.setQueryData(settingsKey, saved);
      void client.invalidateQueries({ queryKey: ['ai-assist'] });
      setForm(formOf(saved));
      setRemoveKey(false);
    },
  });
  const test = useMutation({
    mutationFn: () =>
      request<{ ok: boolean; model: string; latencyMs: number; answer: string }>(
        'POST',
        '/admin/ai-assist/test',
      ),
    // The test is counted in today's usage.
    onSettled: () => client.invalidateQueries({ queryKey: settingsKey }),
  });
  if (settings.error) return <ErrorBox error={settings.error} onRetry={() => settings.refetch()} />;
  if (!settings.data || !form) return <Loading what="the AI settings" />;
  const data = settings.data;
  const text = (name: keyof Form, label: string, hint?: string, type = 'text') => (
    <Field
      label={label}
      hint={hint}
      type={type}
      value={String(form[name])}
      onValue={(value) => setForm({ ...form, [name]: value })}
      errors={fieldErrorsOf(save.error, name)}
    />
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      version: data.version,
      enabled: form.enabled,
      allowInternalSections: form.allowInternalSections,
      baseUrl: form.baseUrl.trim(),
      model: form.model.trim(),
      ...(removeKey ? { apiKey: null } : form.apiKey ? { apiKey: form.apiKey } : {}),
      dailyTokenLimit: Number(form.dailyTokenLimit),
      dailyCostLimitUsd: Number(form.dailyCostLimitUsd),
      inputCostPerMillionTokensUsd: Number(form.inputCostPerMillionTokensUsd),
      outputCostPerMillionTokensUsd: Number(form.outputCostPerMillionTokensUsd),
      timeoutSeconds: Number(form.timeoutSeconds),
      maxOutputTokens: Number(form.maxOutputTokens),
    });
  };
  return (
    <section aria-labelledby="ai-title">
      <h1 id="ai-title">AI assistance</h1>
      <p className="muted">
        Off by default. When on, the postmortem editor offers &quot;Suggest with AI&quot; for the
        summary, what went well and poorly, and the contributing factors. The prompt holds only the
        incident&apos;s record, redacted like a public export (people&apos;s names, e-mails,
        EXPORT_REDACT_PATTERNS); every call is in the audit log. See docs/ai-assist.md.
      </p>
      <p className="small">
        Today ({data.usageToday.day} UTC): {data.usageToday.calls} calls, {data.usageToday.tokens}{' '}
        tokens, ${data.usageToday.costUsd.toFixed(4)}.
      </p>
      <form className="form" onSubmit={submit} aria-label="AI settings">
        <label className="check">
          <input
            type="checkbox"
            checked={form.enabled}
            onChange={(event) => setForm({ ...form, enabled: event.currentTarget.checked })}
          />{' '}
          Enabled
        </label>
        <div className="row">
          {text(
            'baseUrl',
            'Base URL',
            'OpenAI-compatible API root, e.g. https://api.openai.com/v1 or a vLLM/Ollama server',
          )}
          {text('model', 'Model')}
        </div>
        <div className="row">
          {text(
            'apiKey',
            data.apiKeySet ? 'API key (set; type to replace)' : 'API key',
            'Stored encrypted; never shown again',
            'password',
          )}
          {data.apiKeySet && (
            <label className="check">
              <input
                type="checkbox"
                checked={removeKey}
                onChange={(event) => setRemoveKey(event.currentTarget.checked)}
              />{' '}
              Remove the stored key
            </label>
          )}
        </div>
        <div className="row">
          {text(
            'dailyTokenLimit',
            'Tokens per day',
            'Prompt + completion, all users, UTC day',
            'number',
          )}
          {text('dailyCostLimitUsd', 'Cost per day (USD)', undefined, 'number')}
          {text('inputCostPerMillionTokensUsd', 'USD per 1M prompt tokens', undefined, 'number')}
          {text(
            'outputCostPerMillionTokensUsd',
            'USD per 1M completion tokens',
            undefined,
            'number',
          )}
        </div>
        <div className="row">
          {text('timeoutSeconds', 'Timeout (s)', undefined, 'number')}
          {text('maxOutputTokens', 'Max answer tokens', undefined, 'number')}
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.allowInternalSections}
            onChange={(event) =>
              setForm({ ...form, allowInternalSections: event.currentTarget.checked })
            }
          />{' '}
          Allow suggestions for sections marked internal
        </label>
        <FormError
          error={save.error}
          shownFields={[
            'baseUrl',
            'model',
            'apiKey',
            'dailyTokenLimit',
            'dailyCostLimitUsd',
            'inputCostPerMillionTokensUsd',
            'outputCostPerMillionTokensUsd',
            'timeoutSeconds',
            'maxOutputTokens',
          ]}
          onReload={() => {
            setForm(null);
            void settings.refetch();
          }}
        />
        {test.error && <ErrorBox error={test.error} />}
        {test.data && (
          <p className="notice" role="status">
            {test.data.model} answered in {test.data.latencyMs} ms: “{test.data.answer}”
          </p>
        )}
        {save.isSuccess && (
          <p className="notice" role="status">
            Saved.
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
          <button
            type="button"
            className="button"
            disabled={!data.configured || test.isPending}
            onClick={() => test.mutate()}
            title="One tiny completion with no incident data, to check the address, key and model"
          >
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
        </div>
      </form>
    </section>
  );
}
