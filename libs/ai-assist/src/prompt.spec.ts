import { buildPrompt, SYSTEM_PROMPT } from './prompt';
import type { RecordEntry } from './incident-record';

const entries: RecordEntry[] = [
  { label: 'T1', kind: 'T', refId: 'e1', at: null, text: 'Chat web answers HTTP 500' },
  { label: 'V1', kind: 'V', refId: 'u1', at: null, text: 'Cloudflare investigating' },
];

describe('buildPrompt', () => {
  it('holds the rule, the incident header and exactly the labelled entries given', () => {
    const [system, user] = buildPrompt(
      { key: 'summary', title: 'Summary' },
      { reference: 'INC-1', title: 'Chat web down', severity: 'SEV1' },
      entries,
    );
    expect(system).toEqual({ role: 'system', content: SYSTEM_PROMPT });
    expect(user!.content).toContain('Incident INC-1 (SEV1): Chat web down');
    expect(user!.content).toContain(
      '[T1] Chat web answers HTTP 500\n[V1] Cloudflare investigating',
    );
    expect(user!.content.match(/^\[[A-Z]\d+\]/gm)).toEqual(['[T1]', '[V1]']);
    expect(user!.content).toContain('Section: Summary');
  });

  it('says so when the record is empty instead of inviting invention', () => {
    const [, user] = buildPrompt(
      { key: 'went_well', title: 'What went well' },
      { reference: 'INC-2', title: 't', severity: 'SEV3' },
      [],
    );
    expect(user!.content).toContain('(the record is empty)');
  });
});
