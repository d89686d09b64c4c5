import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  CHANNEL_KINDS,
  NOTIFICATION_TOPICS,
  type ChannelKind,
  type NotificationChannel,
  type NotificationDelivery,
  type NotificationTopic,
  type Page,
} from '@rca/api-contract';
import { ApiError, request } from '../../api';
import { ActionList } from '../../components/action-list';
import { Empty, ErrorBox, FormError, humanize, Field, fieldErrorsOf } from '../../ui';

const channelKeys = { all: ['notification-channels'] as const };

const KIND_LABELS: Record<ChannelKind, string> = {
  slack: 'Slack (incoming webhook)',
  slack_app: 'Slack app (posts as the app)',
  webhook: 'Webhook (signed JSON)',
  email: 'E-mail',
};

const TOPIC_LABELS: Record<NotificationTopic, string> = {
  reminder: 'Deadline reminders',
  escalation: 'Overdue escalations',
  workflow: 'Reviews and publication',
  auto_draft: 'Incidents drafted from vendor outages',
  incident_status: 'Incident status changes',
  test: 'Test messages',
};

function useChannels() {
  return useQuery({
    queryKey: channelKeys.all,
    queryFn: ({ signal }) =>
      request<Page<NotificationChannel>>('GET', '/notification-channels', {
        query: { limit: 200 },
        signal,
      }),
  });
}

function useChannelMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: channelKeys.all });
  return {
    create: useMutation({
      mutationFn: (body: Record<string, unknown>) =>
        request<NotificationChannel>('POST', '/notification-channels', { body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({
        channel,
        body,
      }: {
        channel: NotificationChannel;
        body: Record<string, unknown>;
      }) => request<NotificationChannel>('PATCH', `/notification-channels/${channel.id}`, { body }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (channel: NotificationChannel) =>
        request<void>('DELETE', `/notification-channels/${channel.id}`),
      onSuccess: done,
    }),
  };
}

/** "Send test", then the delivery's outcome, read again every second while it is pending. */
function SendTest({ channel }: { channel: NotificationChannel }) {
  const send = useMutation({
    mutationFn: () =>
      request<NotificationDelivery>('POST', `/notification-channels/${channel.id}/test`),
  });
  const delivery = useQuery({
    queryKey: ['notification-deliveries', send.data?.id],
    enabled: send.data !== undefined,
    queryFn: ({ signal }) =>
      request<NotificationDelivery>('GET', `/notification-deliveries/${send.data!.id}`, { signal }),
    initialData: send.data,
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? 1000 : false),
  });
  const outcome = delivery.data;
  return (
    <div className="send-test">
      <button
        type="button"
        onClick={() => send.mutate()}
        disabled={send.isPending}
        aria-label={`Send a test message to ${channel.name}`}
      >
        {send.isPending ? 'Sending…' : 'Send test'}
      </button>
      {send.error !== null && <ErrorBox error={send.error} />}
      {outcome && (
        <span role="status" className={`small delivery-${outcome.status}`}>
          {outcome.status === 'pending'
            ? ' Test message queued…'
            : outcome.status === 'delivered'
              ? ' Test message delivered.'
              : ` Test message failed after ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}: ${outcome.lastError ?? 'unknown error'}`}
        </span>
      )}
    </div>
  );
}

function ChannelForm({
  channel,
  mutations,
  onDone,
}: {
  channel?: NotificationChannel;
  mutations: ReturnType<typeof useChannelMutations>;
  onDone?: () => void;
}) {
  const [name, setName] = useState(channel?.name ?? '');
  const [kind, setKind] = useState<ChannelKind | ''>(channel?.kind ?? '');
  const [url, setUrl] = useState(channel?.url ?? '');
  const [secret, setSecret] = useState('');
  const [emailTo, setEmailTo] = useState((channel?.emailTo ?? []).join(', '));
  const [slackChannel, setSlackChannel] = useState(channel?.slackChannel ?? '');
  const [topics, setTopics] = useState<NotificationTopic[]>(
    channel?.topics ?? ['reminder', 'escalation'],
  );
  const [team, setTeam] = useState(channel?.team ?? '');
  const write = channel ? mutations.update : mutations.create;
  const errors = write.error instanceof ApiError ? write.error.fieldErrors : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    const body: Record<string, unknown> = {
      name: name.trim(),
      topics,
      ...(channel ? {} : { kind }),
      ...(kind === 'email'
        ? {
            emailTo: emailTo
              .split(/[\s,;]+/)
              .map((item) => item.trim())
              .filter(Boolean),
          }
        : kind === 'slack_app'
          ? { slackChannel: slackChannel.trim() || undefined }
          : { url: url.trim() || undefined }),
      ...(kind === 'webhook' && secret ? { secret } : {}),
      ...(team.trim() ? { team: team.trim() } : {}),
    };
    const options = {
      onSuccess: () => {
        if (!channel) {
          setName('');
          setUrl('');
          setSecret('');
          setEmailTo('');
          setSlackChannel('');
        }
        onDone?.();
      },
    };
    if (channel) mutations.update.mutate({ channel, body }, options);
    else mutations.create.mutate(body, options);
  }
  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label={channel ? `Edit ${channel.name}` : 'Add a channel'}
    >
      <FormError
        error={write.error}
        shownFields={['name', 'kind', 'url', 'secret', 'emailTo', 'slackChannel', 'topics', 'team']}
      />
      <div className="row">
        <Field
          label="Channel name"
          errors={fieldErrorsOf(write.error, 'name')}
          value={name}
          onValue={setName}
        />
        <Field label="Kind" errors={fieldErrorsOf(write.error, 'kind')}>
          {(props) => (
            <select
              {...props}
              value={kind}
              disabled={Boolean(channel)}
              onChange={(event) => setKind(event.target.value as ChannelKind)}
            >
              <option value="">Choose…</option>
              {CHANNEL_KINDS.map((value) => (
                <option key={value} value={value}>
                  {KIND_LABELS[value]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Team (empty: every team)"
          errors={fieldErrorsOf(write.error, 'team')}
          value={team}
          onValue={setTeam}
        />
      </div>
      {kind === 'email' ? (
        <Field
          label="Send to"
          errors={fieldErrorsOf(write.error, 'emailTo')}
          hint="E-mail addresses, comma-separated"
          value={emailTo}
          onValue={setEmailTo}
        />
      ) : kind === 'slack_app' ? (
        <Field
          label="Slack channel"
          errors={fieldErrorsOf(write.error, 'slackChannel')}
          hint="#name or the channel id (C0123ABCD); invite the app to the channel first (/invite @RCA desk)"
          value={slackChannel}
          onValue={setSlackChannel}
        />
      ) : (
        kind !== '' && (
          <div className="row">
            <Field
              label={kind === 'slack' ? 'Slack webhook URL' : 'Webhook URL'}
              errors={fieldErrorsOf(write.error, 'url')}
              type="url"
              value={url}
              onValue={setUrl}
            />
            {kind === 'webhook' && (
              <Field
                label="Signing secret"
                errors={fieldErrorsOf(write.error, 'secret')}
                hint={
                  channel?.hasSecret ? 'Stored; blank keeps it' : 'Optional, 16 characters or more'
                }
                type="password"
                autoComplete="new-password"
                value={secret}
                onValue={setSecret}
              />
            )}
          </div>
        )
      )}
      <fieldset className={`checkboxes ${errors.topics ? 'field-invalid' : ''}`}>
        <legend>Messages</legend>
        {NOTIFICATION_TOPICS.filter((topic) => topic !== 'test').map((topic) => (
          <label key={topic} className="checkbox">
            <input
              type="checkbox"
              checked={topics.includes(topic)}
              onChange={(event) =>
                setTopics((list) =>
                  event.target.checked ? [...list, topic] : list.filter((item) => item !== topic),
                )
              }
            />
            {TOPIC_LABELS[topic]}
          </label>
        ))}
        {errors.topics && <small className="field-error">{errors.topics.join('; ')}</small>}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={write.isPending}>
          {write.isPending ? 'Saving…' : channel ? 'Save channel' : 'Add channel'}
        </button>
        {channel && onDone && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** Admins: where reminders, escalations and review messages go (Slack, webhook, e-mail). */
export function ChannelsPage() {
  const channels = useChannels();
  const mutations = useChannelMutations();
  const [editing, setEditing] = useState<string>();
  return (
    <>
      <h1>Notification channels</h1>
      <p className="muted">
        Where deadline reminders, escalations and review requests are sent. "Send test" delivers a
        test message now and shows the outcome.
      </p>
      <ActionList
        label="Notification channels"
        testId="channel"
        items={channels.data?.items}
        loading={channels.isPending}
        error={channels.error}
        onRetry={() => void channels.refetch()}
        itemKey={(channel) => channel.id}
        empty={
          <Empty title="No notification channel yet">
            <p>Reminders and escalations are only logged until a channel is added below.</p>
          </Empty>
        }
        editing={editing}
        renderEditor={(channel) => (
          <ChannelForm
            channel={channel}
            mutations={mutations}
            onDone={() => setEditing(undefined)}
          />
        )}
        render={(channel) => (
          <>
            <h3>
              {channel.name} <span className="badge">{KIND_LABELS[channel.kind]}</span>{' '}
              {!channel.enabled && <span className="badge">Disabled</span>}
            </h3>
            <p className="small">
              {channel.kind === 'email'
                ? `To ${channel.emailTo.join(', ')}`
                : channel.kind === 'slack_app'
                  ? `Slack ${channel.slackChannel}`
                  : channel.url}
              {channel.team ? ` · team ${channel.team}` : ' · every team'}
            </p>
            <p className="small muted">
              {channel.topics.map((topic) => TOPIC_LABELS[topic] ?? humanize(topic)).join(', ')}
            </p>
            <SendTest channel={channel} />
          </>
        )}
        actions={(channel) => [
          {
            label: 'Edit',
            ariaLabel: `Edit ${channel.name}`,
            onClick: () => setEditing(channel.id),
          },
          {
            label: channel.enabled ? 'Disable' : 'Enable',
            onClick: () =>
              mutations.update.mutate({ channel, body: { enabled: !channel.enabled } }),
          },
          {
            label: 'Delete',
            ariaLabel: `Delete ${channel.name}`,
            danger: true,
            confirm: `Delete the channel ${channel.name}?`,
            onClick: () => mutations.remove.mutate(channel),
          },
        ]}
        errors={[mutations.remove.error, editing ? null : mutations.update.error]}
      />
      <section className="card" aria-labelledby="new-channel-title">
        <h2 id="new-channel-title">New channel</h2>
        <ChannelForm mutations={mutations} />
      </section>
    </>
  );
}
