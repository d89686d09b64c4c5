import { useState, type FormEvent } from 'react';
import { SCOPES, type ApiTokenCreated, type Scope } from '@rca/api-contract';
import { ApiError } from '../../api';
import { dayStartIso, BROWSER_ZONE, formatInZone } from '../../time';
import { Empty, ErrorBox, FormError, Loading } from '../../ui';
import { FormField } from '../../components/form-field';
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
        <FormField
          label="Token name"
          name="name"
          error={create.error}
          hint="What uses it, e.g. “wiki export bot”"
          value={name}
          onValue={setName}
        />
        <FormField
          label="Expires on (optional)"
          name="expiresAt"
          error={create.error}
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
        {tokens.error && <ErrorBox error={tokens.error} onRetry={() => void tokens.refetch()} />}
        {tokens.isPending && <Loading what="tokens" />}
        {tokens.data && tokens.data.items.length === 0 && (
          <Empty title="No tokens yet">
            <p>Create one above for each script or integration, so each can be revoked alone.</p>
          </Empty>
        )}
        {mutations.revoke.error !== null && <ErrorBox error={mutations.revoke.error} />}
        {tokens.data && tokens.data.items.length > 0 && (
          <div className="table-wrap">
            <table aria-label="Tokens">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Starts with</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.items.map((token) => {
                  const expired =
                    token.expiresAt !== null && Date.parse(token.expiresAt) < Date.now();
                  return (
                    <tr key={token.id}>
                      <td>{token.name}</td>
                      <td>
                        <code>{token.prefix}…</code>
                      </td>
                      <td>{token.scopes.join(', ')}</td>
                      <td>{formatInZone(token.createdAt, BROWSER_ZONE)}</td>
                      <td>
                        {token.lastUsedAt ? formatInZone(token.lastUsedAt, BROWSER_ZONE) : 'never'}
                      </td>
                      <td>
                        {token.expiresAt ? formatInZone(token.expiresAt, BROWSER_ZONE) : 'never'}
                      </td>
                      <td>
                        {token.revokedAt ? (
                          'Revoked'
                        ) : expired ? (
                          'Expired'
                        ) : (
                          <button
                            type="button"
                            className="danger"
                            aria-label={`Revoke ${token.name}`}
                            disabled={mutations.revoke.isPending}
                            onClick={() =>
                              window.confirm(
                                `Revoke “${token.name}”? Whatever uses it stops working at once.`,
                              ) && mutations.revoke.mutate(token)
                            }
                          >
                            Revoke
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
