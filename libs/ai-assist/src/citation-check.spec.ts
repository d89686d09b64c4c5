import { checkCitations } from './citation-check';
import { buildRecord, IncidentRecordInput } from './incident-record';

const at = (minute: number) => new Date(Date.UTC(2025, 10, 18, 11, minute));

function record(events: number): IncidentRecordInput {
  return {
    incident: {
      id: 'i1',
      reference: 'INC-1',
      title: 'Chat web down',
      summary: '',
      severity: 'SEV1',
      startedAt: at(20),
      detectedAt: at(25),
      acknowledgedAt: at(35),
      mitigatedAt: null,
      resolvedAt: null,
    },
    events: Array.from({ length: events }, (_, index) => ({
      id: `e${index + 1}`,
      occurredAt: at(20 + index),
      kind: 'note',
      source: 'manual',
      body: `event ${index + 1}`,
    })),
    impacts: [
      {
        id: 'm1',
        service: 'Chat web',
        level: 'major_outage',
        startedAt: at(20),
        endedAt: null,
        note: '',
      },
    ],
    causes: [],
    updates: [
      { id: 'u1', vendor: 'Cloudflare', at: at(30), status: 'investigating', body: '500s' },
    ],
  };
}

const thisIncident = new Set(buildRecord(record(5)).map((entry) => entry.label));
const otherIncident = new Set(buildRecord(record(20)).map((entry) => entry.label));

describe('buildRecord', () => {
  it('labels each kind from 1 in record order and keeps the row id', () => {
    const entries = buildRecord(record(2));
    expect(entries.map((entry) => entry.label)).toEqual([
      'T1',
      'T2',
      'I1',
      'V1',
      'M1',
      'M2',
      'M3',
      'M4',
      'M5',
    ]);
    expect(entries[1]).toMatchObject({ kind: 'T', refId: 'e2' });
    expect(entries.find((entry) => entry.label === 'M4')!.text).toBe('Time to detect: 5 min');
  });
});

describe('checkCitations', () => {
  it('keeps a sentence citing ids of this record and lists what it cites', () => {
    const sut = checkCitations(
      'Chat web went down at 11:20 [T1][I1]. Cloudflare said so [V1].',
      thisIncident,
    );
    expect(sut.markdown).toBe('Chat web went down at 11:20 [T1][I1]. Cloudflare said so [V1].');
    expect(sut.kept).toBe(2);
    expect(sut.cited).toEqual(['T1', 'I1', 'V1']);
  });

  it('accepts a citation placed after the full stop and a grouped citation', () => {
    const sut = checkCitations('It broke. [T1] It was fixed [T2, T3].', thisIncident);
    expect(sut.sentences.map((sentence) => sentence.status)).toEqual(['cited', 'cited']);
  });

  it('drops a sentence without a citation', () => {
    const sut = checkCitations('Chat web went down [T1]. The team did great work.', thisIncident);
    expect(sut.markdown).toBe('Chat web went down [T1].');
    expect(sut.sentences[1]).toMatchObject({ status: 'uncited', text: 'The team did great work.' });
  });

  it('drops a sentence citing an invented id, even beside a real one', () => {
    const sut = checkCitations(
      'The database failed over [T99][T1]. Users saw errors [T2].',
      thisIncident,
    );
    expect(sut.markdown).toBe('Users saw errors [T2].');
    expect(sut.sentences[0]).toMatchObject({ status: 'invalid', invalid: ['T99'] });
  });

  it("refuses another incident's ids: labels that exist there but not in this record", () => {
    expect(otherIncident.has('T12')).toBe(true);
    const sut = checkCitations('The deploy was rolled back [T12].', thisIncident);
    expect(sut.kept).toBe(0);
    expect(sut.sentences[0].invalid).toEqual(['T12']);
  });

  it('refuses look-alike citations (row uuids, lower case, odd separators)', () => {
    const sut = checkCitations(
      'A [3f2a9c1e-0000-4000-8000-000000000001]. B [t1]. C [T-1]. D [T1a].',
      thisIncident,
    );
    expect(sut.kept).toBe(0);
    expect(sut.sentences.map((sentence) => sentence.status)).toEqual([
      'invalid',
      'invalid',
      'invalid',
      'invalid',
    ]);
  });

  it('does not count citations inside inline code', () => {
    const sut = checkCitations('The log said `error [T1]`. It recovered [T2].', thisIncident);
    expect(sut.markdown).toBe('It recovered [T2].');
    expect(sut.sentences[0].status).toBe('uncited');
  });

  it('drops fenced and indented code blocks whole, citations inside included', () => {
    const sut = checkCitations(
      [
        'Errors rose [T1].',
        '```',
        'Everything was on fire [T2].',
        '```',
        '',
        '    rm -rf / [T3]',
      ].join('\n'),
      thisIncident,
    );
    expect(sut.markdown).toBe('Errors rose [T1].');
    expect(sut.codeBlocksDropped).toBe(2);
    expect(sut.cited).toEqual(['T1']);
  });

  it('checks each bullet and drops bullets left empty', () => {
    const sut = checkCitations(
      ['- Paging worked [T2].', '- Morale was high.', '* The vendor posted updates [V1].'].join(
        '\n',
      ),
      thisIncident,
    );
    expect(sut.markdown).toBe('- Paging worked [T2].\n* The vendor posted updates [V1].');
    expect(sut.dropped).toBe(1);
  });

  it('does not split on abbreviations or decimals, so their citation still covers them', () => {
    const sut = checkCitations('Error rate hit 2.5 percent, e.g. on login [M4].', thisIncident);
    expect(sut.sentences).toHaveLength(1);
    expect(sut.kept).toBe(1);
  });

  it('keeps nothing from an answer with no valid citation at all', () => {
    const sut = checkCitations('Something happened. It was bad!', thisIncident);
    expect(sut.markdown).toBe('');
    expect(sut.cited).toEqual([]);
  });

  it('drops a heading left with nothing under it', () => {
    const sut = checkCitations(
      '## Timeline\nIt was bad.\n## Impact\nChat web was down [I1].',
      thisIncident,
    );
    expect(sut.markdown).toBe('## Impact\nChat web was down [I1].');
  });
});
