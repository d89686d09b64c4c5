import { useId, useState, type FormEvent } from 'react';
import {
  CATALOG_IMPORT_KINDS,
  CATALOG_IMPORT_MAX_CHARS,
  type CatalogImportFormat,
  type CatalogImportResult,
} from '@rca/api-contract';
import { ErrorBox } from '../../ui';
import { useCatalogImport } from './queries';

const PLURAL = {
  service: 'services',
  vendor: 'vendors',
  component: 'components',
  dependency: 'dependencies',
} as const;

const formatOf = (name: string): CatalogImportFormat | undefined =>
  /\.ya?ml$/i.test(name) ? 'yaml' : /\.csv$/i.test(name) ? 'csv' : undefined;

/** "3 services, 1 vendor and 4 dependencies to create; 1 service to update; 2 unchanged." */
export function importSummary(result: CatalogImportResult): string {
  const part = (action: 'create' | 'update') =>
    CATALOG_IMPORT_KINDS.filter((kind) => result.counts[kind][action] > 0).map((kind) => {
      const count = result.counts[kind][action];
      return `${count} ${count === 1 ? kind : PLURAL[kind]}`;
    });
  const list = (items: string[]) =>
    items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  const unchanged = CATALOG_IMPORT_KINDS.reduce(
    (sum, kind) => sum + result.counts[kind].unchanged,
    0,
  );
  const create = part('create');
  const update = part('update');
  const verb = (what: string) => (result.dryRun ? `to ${what}` : `${what}d`);
  const sentences = [
    create.length ? `${list(create)} ${verb('create')}` : '',
    update.length ? `${list(update)} ${verb('update')}` : '',
    unchanged ? `${unchanged} already as in the file` : '',
  ].filter(Boolean);
  return sentences.length ? `${sentences.join('; ')}.` : 'The file is empty.';
}

/**
 * Catalog → Import a file: pick a YAML or CSV file, preview what it creates and updates (a dry
 * run on the server, with every problem listed), then import it.
 */
export function CatalogImport() {
  const fileId = useId();
  const formatId = useId();
  const [file, setFile] = useState<{ name: string; content: string }>();
  const [format, setFormat] = useState<CatalogImportFormat>('yaml');
  const [localError, setLocalError] = useState<string>();
  const mutation = useCatalogImport();
  const result = mutation.data;

  const choose = async (chosen: File | undefined) => {
    mutation.reset();
    setLocalError(undefined);
    setFile(undefined);
    if (!chosen) return;
    if (chosen.size > CATALOG_IMPORT_MAX_CHARS) {
      setLocalError(
        `${chosen.name} is ${Math.ceil(chosen.size / 1024)} KiB; the import takes files up to ${CATALOG_IMPORT_MAX_CHARS / 1024} KiB (split it).`,
      );
      return;
    }
    const detected = formatOf(chosen.name);
    if (detected) setFormat(detected);
    setFile({ name: chosen.name, content: await chosen.text() });
  };

  const preview = (event: FormEvent) => {
    event.preventDefault();
    if (file) mutation.mutate({ format, content: file.content, dryRun: true });
  };

  return (
    <section aria-labelledby="import-title" className="card catalog-import">
      <h2 id="import-title">Import from a file</h2>
      <p className="muted">
        A YAML or CSV file of services, vendors with their components, and dependencies, by name
        (the format and an example are in <code>docs/incidents.md</code> and{' '}
        <code>docs/examples/</code>). Entries already in the catalog are updated, the others
        created; importing the same file again changes nothing. Nothing is stored until you press
        Import.
      </p>
      <form className="form" aria-label="Import a catalog file" onSubmit={preview}>
        <div className="row">
          <div className="field">
            <label htmlFor={fileId}>Catalog file</label>
            <input
              id={fileId}
              type="file"
              accept=".yaml,.yml,.csv,text/csv,application/yaml"
              onChange={(event) => void choose(event.currentTarget.files?.[0])}
            />
          </div>
          <div className="field">
            <label htmlFor={formatId}>Format</label>
            <select
              id={formatId}
              value={format}
              onChange={(event) => {
                mutation.reset();
                setFormat(event.currentTarget.value as CatalogImportFormat);
              }}
            >
              <option value="yaml">YAML</option>
              <option value="csv">CSV</option>
            </select>
          </div>
        </div>
        <button type="submit" disabled={!file || mutation.isPending}>
          {mutation.isPending && mutation.variables?.dryRun ? 'Checking…' : 'Preview import'}
        </button>
      </form>
      {localError && (
        <p className="error-box" role="alert">
          {localError}
        </p>
      )}
      {mutation.error && <ErrorBox error={mutation.error} />}
      {result && (
        <div className="import-result" aria-live="polite">
          <p role="status" data-testid="import-summary">
            <strong>{result.dryRun ? `Preview of ${file?.name}: ` : 'Imported: '}</strong>
            {importSummary(result)}
          </p>
          {result.changes.length > 0 && (
            <div className="table-wrap">
              <table aria-label={result.dryRun ? 'Import preview' : 'Imported entries'}>
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    <th scope="col">Name</th>
                    <th scope="col">{result.dryRun ? 'Will be' : 'Was'}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.changes.map((change) => (
                    <tr key={`${change.kind}:${change.name}`} className={`import-${change.action}`}>
                      <td>{change.kind}</td>
                      <td>{change.name}</td>
                      <td>
                        {change.action === 'create'
                          ? 'created'
                          : change.action === 'update'
                            ? `updated (${change.fields.join(', ')})`
                            : 'unchanged'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {result.dryRun && file && (
            <button
              type="button"
              className="primary"
              disabled={mutation.isPending}
              onClick={() => mutation.mutate({ format, content: file.content, dryRun: false })}
            >
              {mutation.isPending ? 'Importing…' : 'Import'}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
