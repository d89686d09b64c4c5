import { useState, type FormEvent } from 'react';
import { EVIDENCE_FORMATS, type SlaContract, type Vendor } from '@rca/api-contract';
import { ApiError } from '../../api';
import { useSession } from '../../session';
import { isValidZone } from '../../time';
import { Empty, ErrorBox, Field, FormError, Loading } from '../../ui';
import { ZoneInput } from '../../zone-input';
import { useUsers } from '../admin/queries';
import { useVendors } from '../catalog/queries';
import { formatMinutes } from './format';
import {
  evidenceHref,
  useContractMutations,
  useContracts,
  useCredits,
  type ContractInput,
} from './queries';

const FORMAT_LABELS = { markdown: 'Markdown', html: 'HTML', json: 'JSON' } as const;

/** "99.99 < 10 %; 99.9 < 25 %" ⇄ tiers. */
function parseTiers(text: string) {
  return text
    .split(/[;\n]+/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^([\d.]+)\s*%?\s*(?:<|→|->|:)?\s*([\d.]+)\s*%?$/.exec(
        part.replace(/^</, '').trim(),
      );
      return match
        ? { belowPercent: Number(match[1]), creditPercent: Number(match[2]) }
        : { belowPercent: NaN, creditPercent: NaN };
    });
}
const tiersText = (contract?: SlaContract) =>
  (
    contract?.tiers ?? [
      { belowPercent: 99.99, creditPercent: 10 },
      { belowPercent: 99.9, creditPercent: 25 },
    ]
  )
    .map((tier) => `${tier.belowPercent} → ${tier.creditPercent}`)
    .join('; ');

function ContractForm({
  contract,
  vendors,
  onDone,
}: {
  contract?: SlaContract;
  vendors: Vendor[];
  onDone: () => void;
}) {
  const mutations = useContractMutations();
  const users = useUsers();
  const [vendorId, setVendorId] = useState(contract?.vendorId ?? '');
  const [name, setName] = useState(contract?.name ?? '');
  const [target, setTarget] = useState(String(contract?.targetPercent ?? 99.99));
  const [componentIds, setComponentIds] = useState<string[]>(contract?.componentIds ?? []);
  const [tiers, setTiers] = useState(tiersText(contract));
  const [cycles, setCycles] = useState(String(contract?.claimWindowCycles ?? 2));
  const [claimTo, setClaimTo] = useState(contract?.claimTo ?? '');
  const [owner, setOwner] = useState(contract?.ownerUserId ?? '');
  const [zone, setZone] = useState(contract?.zone ?? 'UTC');
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({});
  const write = contract ? mutations.update : mutations.create;
  const errors = {
    ...(write.error instanceof ApiError ? write.error.fieldErrors : {}),
    ...localErrors,
  };
  const vendor = vendors.find((item) => item.id === vendorId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseTiers(tiers);
    const problems: Record<string, string[]> = {};
    if (!isValidZone(zone)) problems.zone = [`"${zone}" is not an IANA time zone`];
    if (parsed.some((tier) => Number.isNaN(tier.belowPercent)))
      problems.tiers = ['write each tier as "availability below → credit", e.g. 99.9 → 25'];
    setLocalErrors(problems);
    if (Object.keys(problems).length) return;
    const body: Omit<ContractInput, 'vendor'> = {
      name: name.trim(),
      targetPercent: Number(target),
      componentIds,
      tiers: parsed,
      claimWindowCycles: Number(cycles),
      claimTo: claimTo.trim(),
      ownerUserId: owner || null,
      zone,
    };
    const options = { onSuccess: onDone };
    if (contract) mutations.update.mutate({ contract, body }, options);
    else mutations.create.mutate({ ...body, vendor: vendorId }, options);
  };
  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label={contract ? `Edit ${contract.name}` : 'Add an SLA contract'}
    >
      <FormError
        error={write.error}
        shownFields={[
          'vendor',
          'name',
          'targetPercent',
          'componentIds',
          'tiers',
          'claimWindowCycles',
          'claimTo',
          'ownerUserId',
          'zone',
        ]}
      />
      <div className="row">
        <Field label="Vendor" errors={errors.vendor}>
          {(props) => (
            <select
              {...props}
              value={vendorId}
              disabled={!!contract}
              onChange={(event) => {
                setVendorId(event.target.value);
                setComponentIds([]);
              }}
            >
              <option value="">Choose…</option>
              {vendors.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Contract name" errors={errors.name}>
          {(props) => (
            <input {...props} value={name} onChange={(event) => setName(event.target.value)} />
          )}
        </Field>
        <Field label="Monthly target (%)" errors={errors.targetPercent}>
          {(props) => (
            <input
              {...props}
              type="number"
              step="0.001"
              min={0}
              max={100}
              value={target}
              onChange={(event) => setTarget(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Claim window (billing cycles after the month)"
          errors={errors.claimWindowCycles}
        >
          {(props) => (
            <input
              {...props}
              type="number"
              min={0}
              max={36}
              value={cycles}
              onChange={(event) => setCycles(event.target.value)}
            />
          )}
        </Field>
      </div>
      <fieldset className="components">
        <legend>Components that count</legend>
        {!vendor && <p className="small">Choose a vendor first.</p>}
        {(vendor?.components ?? []).map((component) => (
          <label key={component.id} className="checkbox">
            <input
              type="checkbox"
              checked={componentIds.includes(component.id)}
              onChange={(event) =>
                setComponentIds((current) =>
                  event.target.checked
                    ? [...current, component.id]
                    : current.filter((id) => id !== component.id),
                )
              }
            />{' '}
            {component.name}
          </label>
        ))}
        {errors.componentIds && (
          <small className="field-error">{errors.componentIds.join('; ')}</small>
        )}
      </fieldset>
      <div className="row">
        <Field
          label="Credit tiers"
          errors={errors.tiers}
          hint='"availability below → credit %", separated by ";"'
        >
          {(props) => (
            <input {...props} value={tiers} onChange={(event) => setTiers(event.target.value)} />
          )}
        </Field>
        <Field label="Claims go to" errors={errors.claimTo} hint="E-mail, URL or instructions">
          {(props) => (
            <input
              {...props}
              value={claimTo}
              onChange={(event) => setClaimTo(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Contract owner"
          errors={errors.ownerUserId}
          hint="Reminded before the claim window closes"
        >
          {(props) => (
            <select {...props} value={owner} onChange={(event) => setOwner(event.target.value)}>
              <option value="">Nobody</option>
              {(users.data?.items ?? []).map((user) => (
                <option key={user.id} value={user.id}>
                  {user.displayName} {user.email ? `(${user.email})` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Billing zone" errors={errors.zone}>
          {(props) => <ZoneInput {...props} value={zone} onChange={setZone} />}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={write.isPending}>
          {contract ? 'Save contract' : 'Add contract'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Credits({ contract }: { contract: SlaContract }) {
  const credits = useCredits(contract.id);
  if (credits.isPending) return <Loading what="the credits" />;
  if (credits.error)
    return <ErrorBox error={credits.error} onRetry={() => void credits.refetch()} />;
  if (!credits.data.length)
    return <p className="small">No unavailability of these components recorded yet.</p>;
  return (
    <div className="table-wrap">
      <table aria-label={`${contract.name}: credits per month`}>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col" className="num">
              By the vendor's statuses
            </th>
            <th scope="col" className="num">
              By our impact windows
            </th>
            <th scope="col">Target {contract.targetPercent} %</th>
            <th scope="col">Credit</th>
            <th scope="col">Claim by</th>
            <th scope="col">Evidence pack</th>
          </tr>
        </thead>
        <tbody>
          {credits.data.map((credit) => (
            <tr key={credit.month} data-month={credit.month}>
              <th scope="row">{credit.month}</th>
              <td className="num" title={credit.vendorStatuses.description}>
                {formatMinutes(credit.vendorStatuses.unavailableMinutes)}
                <div className="small">{credit.vendorStatuses.availabilityPercent} %</div>
              </td>
              <td className="num" title={credit.ourImpacts.description}>
                {formatMinutes(credit.ourImpacts.unavailableMinutes)}
                <div className="small">{credit.ourImpacts.availabilityPercent} %</div>
              </td>
              <td>
                {credit.vendorStatuses.targetMissed || credit.ourImpacts.targetMissed ? (
                  <strong className="danger">missed</strong>
                ) : (
                  'met'
                )}
              </td>
              <td>
                {credit.creditPercent ? <strong>{credit.creditPercent} %</strong> : 'none'}
                {credit.basis && (
                  <div className="small">
                    {credit.basis === 'our_impacts' ? 'by our windows' : "by the vendor's statuses"}
                  </div>
                )}
              </td>
              <td>
                {credit.claimBy}
                <div className="small">
                  {credit.claimWindowOpen ? 'window open' : 'window closed'}
                </div>
              </td>
              <td>
                {EVIDENCE_FORMATS.map((format) => (
                  <a
                    key={format}
                    className="evidence"
                    href={evidenceHref(contract.id, credit.month, format)}
                    download
                  >
                    {FORMAT_LABELS[format]}
                  </a>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The SLA contracts with their monthly credits; admins add and change them. */
export function ContractsSection() {
  const { user } = useSession();
  const admin = user?.role === 'admin';
  const contracts = useContracts();
  const vendors = useVendors();
  const mutations = useContractMutations();
  const [editing, setEditing] = useState<string | null>(null);
  const vendorName = (id: string) => vendors.data?.find((vendor) => vendor.id === id)?.name ?? '';
  const componentNames = (contract: SlaContract) => {
    const components =
      vendors.data?.find((vendor) => vendor.id === contract.vendorId)?.components ?? [];
    return components
      .filter((component) => contract.componentIds.includes(component.id))
      .map((component) => component.name);
  };
  return (
    <section aria-labelledby="sla-credits">
      <div className="section-head">
        <h2 id="sla-credits">SLA credits</h2>
        {admin && editing !== 'new' && (
          <button type="button" onClick={() => setEditing('new')}>
            Add a contract
          </button>
        )}
      </div>
      <p className="small">
        Unavailability counts major and partial outage of the contract's components, merged so a
        minute counts once, measured twice: by the vendor's own component statuses and by our impact
        windows.
      </p>
      {editing === 'new' && vendors.data && (
        <ContractForm vendors={vendors.data} onDone={() => setEditing(null)} />
      )}
      {contracts.isPending && <Loading what="the contracts" />}
      {contracts.error && <ErrorBox error={contracts.error} />}
      {contracts.data?.length === 0 && (
        <Empty title="No SLA contract yet">
          {admin ? <p>Add one to see the credits a vendor owes.</p> : null}
        </Empty>
      )}
      {contracts.data?.map((contract) => (
        <article
          key={contract.id}
          className="panel contract"
          aria-label={`${vendorName(contract.vendorId)} ${contract.name}`}
        >
          <h3>
            {vendorName(contract.vendorId)}: {contract.name}
          </h3>
          <p className="small">
            Target {contract.targetPercent} % per month ({contract.zone}) on{' '}
            {componentNames(contract).join(', ') || 'no component'}; tiers{' '}
            {contract.tiers
              .map((tier) => `below ${tier.belowPercent} % → ${tier.creditPercent} %`)
              .join(', ')}
            ; claim within {contract.claimWindowCycles} billing cycle(s) after the month
            {contract.claimTo ? `, to ${contract.claimTo}` : ''}.
          </p>
          {editing === contract.id && vendors.data ? (
            <ContractForm
              contract={contract}
              vendors={vendors.data}
              onDone={() => setEditing(null)}
            />
          ) : (
            admin && (
              <div className="actions">
                <button type="button" onClick={() => setEditing(contract.id)}>
                  Edit
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    if (window.confirm(`Delete the contract "${contract.name}"?`))
                      mutations.remove.mutate(contract);
                  }}
                >
                  Delete
                </button>
              </div>
            )
          )}
          <Credits contract={contract} />
        </article>
      ))}
    </section>
  );
}
