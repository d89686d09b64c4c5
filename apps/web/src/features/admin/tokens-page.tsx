import { useState, type FormEvent } from 'react';
import { SCOPES, type ApiTokenCreated, type Scope } from '@rca/api-contract';
import { ApiError } from '../../api';
import { dayStartIso, BROWSER_ZONE, formatInZone } from '../../time';
import { ActionList } from '../../components/action-list';
import { Empty, FormError, Field, fieldErrorsOf } from '../../ui';
import { useTokenMutations, useTokens } from './queries';

function CreateTokenForm({ mutations }: { mutations: ReturnType<typeof useTokenMutations> }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<ApiTokenCreated>();
  const create = mutations.create;
  const errors = create.error instanceof ApiError ? create.error.fieldErrors : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(undefined);
    create.mutate(
      { name: name.trim(), scopes, ...(expires ? { expiresAt: dayStartIso(expires, true) } : {}) },
      {
        onSuccess: (token) => {
          setCreated(token);
          setName('');
          setScopes([]);
          setExpires('');
        },
      },
    );
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Create a token">
      <FormError error={create.error} shownFields={['name', 'scopes', 'expiresAt']} />
      <div className="row">
        <Field
          label="Token name"
          errors={fieldErrorsOf(create.error, 'name')}
          hint="What uses it, e.g. “wiki export bot”"
          value={name}
          onValue={setName}
        />
        <Field
          label="Expires on (optional)"
          errors={fieldErrorsOf(create.error, 'expiresAt')}
          type="date"
          value={expires}
          onValue={setExpires}
        />
      </div>
      <fieldset
        className={`checkboxes ${errors.scopes ? 'field-invalid' : ''}`}
        aria-describedby={errors.scopes ? 'scopes-error' : undefined}
      >
        <legend>Scopes (no more than your role allows)</legend>
        {SCOPES.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(event) =>
                setScopes((list) =>
                  event.target.checked ? [...list, scope] : list.filter((item) => item !== scope),
                )
              }
            />
            <code>{scope}</code>
          </label>
        ))}
        {errors.scopes && (
          <small id="scopes-error" className="field-error">
            {errors.scopes.join('; ')}
          </small>
        )}
      </fieldset>
      <button type="submit" className="primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create token'}
      </button>
      {created && (
        <div className="secret-box" role="status">
          <p>
            <strong>Token “{created.name}” created.</strong> Copy it now: it is shown only this once
            (only a hash is stored). Send it as <code>Authorization: Bearer …</code>.
          </p>
          <p>
            <code data-testid="token-secret">{created.token}</code>
          </p>
        </div>
      )}
    </form>
  );
}

/** Everyone: the API tokens of the signed-in person (create, shown once; revoke). */
export function TokensPage() {
  const tokens = useTokens();
  const mutations = useTokenMutations();
  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">
        Tokens let scripts and integrations call the <a href="/api/docs">REST API</a> as you, with
        the scopes you choose.
      </p>
      <section className="card" aria-labelledby="new-token-title">
        <h2 id="new-token-title">New token</h2>
        <CreateTokenForm mutations={mutations} />
      </section>
      <section aria-labelledby="tokens-title">
        <h2 id="tokens-title">Your tokens</h2>
        <ActionList
          label="Tokens"
          items={tokens.data?.items}
          loading={tokens.isPending}
          error={tokens.error}
          onRetry={() => void tokens.refetch()}
          itemKey={(token) => token.id}
          empty={
            <Empty title="No tokens yet">
              <p>Create one above for each script or integration, so each can be revoked alone.</p>
            </Empty>
          }
          columns={[
            { header: 'Name', cell: (token) => token.name },
            { header: 'Starts with', cell: (token) => <code>{token.prefix}…</code> },
            { header: 'Scopes', cell: (token) => token.scopes.join(', ') },
            { header: 'Created', cell: (token) => formatInZone(token.createdAt, BROWSER_ZONE) },
            {
              header: 'Last used',
              cell: (token) =>
                token.lastUsedAt ? formatInZone(token.lastUsedAt, BROWSER_ZONE) : 'never',
            },
            {
              header: 'Expires',
              cell: (token) =>
                token.expiresAt ? formatInZone(token.expiresAt, BROWSER_ZONE) : 'never',
            },
            {
              header: 'Status',
              cell: (token) =>
                token.revokedAt ? 'Revoked' : expired(token) ? 'Expired' : 'Active',
            },
          ]}
          actions={(token) =>
            token.revokedAt || expired(token)
              ? []
              : [
                  {
                    label: 'Revoke',
                    ariaLabel: `Revoke ${token.name}`,
                    danger: true,
                    disabled: mutations.revoke.isPending,
                    confirm: `Revoke “${token.name}”? Whatever uses it stops working at once.`,
                    onClick: () => mutations.revoke.mutate(token),
                  },
                ]
          }
          errors={[mutations.revoke.error]}
        />
      </section>
    </>
  );
}

const expired = (token: { expiresAt: string | null }) =>
  token.expiresAt !== null && Date.parse(token.expiresAt) < Date.now();
