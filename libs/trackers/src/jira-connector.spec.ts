import { adfToText, jiraInstant, jqlDate, textToAdf } from './jira-connector';

describe('JQL dates', () => {
  it('are written in the API user’s zone, rounded down to the minute', () => {
    // 13:20:59 UTC is 08:20 in New York (EST, UTC−5) and 22:20 in Tokyo.
    const instant = new Date('2026-12-03T13:20:59.900Z');
    expect(jqlDate(instant, 'America/New_York')).toBe('2026/12/03 08:20');
    expect(jqlDate(instant, 'Asia/Tokyo')).toBe('2026/12/03 22:20');
    expect(jqlDate(new Date('2026-07-01T03:05:00Z'), 'America/New_York')).toBe('2026/06/30 23:05');
  });

  it('fall back, for a zone Node does not know, to a UTC time early enough for every zone', () => {
    expect(jqlDate(new Date('2026-12-03T13:20:00Z'), 'Mars/Olympus_Mons')).toBe('2026/12/03 01:20');
  });
});

describe('Jira timestamps', () => {
  it('read the offset without a colon', () => {
    expect(jiraInstant('2026-12-03T08:20:00.123-0500').toISOString()).toBe(
      '2026-12-03T13:20:00.123Z',
    );
  });
});

describe('Atlassian Document Format', () => {
  it('keeps paragraphs and line breaks of a description, so the marker reads back', () => {
    const text = 'First line\nsecond line\n\nrca-desk:action-item:1234';
    const doc = textToAdf(text);
    expect(doc.content).toHaveLength(2);
    expect(doc.content![0].content!.map((node) => node.type)).toEqual([
      'text',
      'hardBreak',
      'text',
    ]);
    expect(adfToText(doc)).toBe(text);
  });

  it('reads text out of nested blocks (lists, headings) written in Jira', () => {
    expect(
      adfToText({
        type: 'doc',
        version: 1,
        content: [
          { type: 'heading', content: [{ type: 'text', text: 'Plan' }] },
          {
            type: 'bulletList',
            content: [
              {
                type: 'listItem',
                content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }],
              },
            ],
          },
        ],
      }),
    ).toBe('Plan\n\none');
    expect(adfToText(null)).toBe('');
    expect(adfToText('plain')).toBe('plain');
  });
});
