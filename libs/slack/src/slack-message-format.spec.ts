import { resolveInstant } from '@rca/incidents';
import {
  dateToSlackTs,
  mentionedUserIds,
  occurredAtInput,
  renderSlackMessage,
  slackTsToDate,
  slackTsToIso,
} from './slack-message-format';

describe('Slack message format', () => {
  it('reads a ts as the exact UTC instant, microseconds kept', () => {
    expect(slackTsToIso('1763464800.123456')).toBe('2025-11-18T11:20:00.123456Z');
    expect(slackTsToDate('1763464800.123456').toISOString()).toBe('2025-11-18T11:20:00.123Z');
    expect(dateToSlackTs(new Date('2025-11-18T11:20:00.123Z'))).toBe('1763464800.123000');
  });

  it('keeps the author’s zone with the same instant', () => {
    const input = occurredAtInput('1763464800.000000', 'Europe/Paris');
    expect(input).toEqual({
      local: '2025-11-18T12:20:00.000',
      zone: 'Europe/Paris',
      disambiguation: 'earlier',
    });
    expect(resolveInstant(input, 'occurredAt').instant.toISOString()).toBe(
      '2025-11-18T11:20:00.000Z',
    );
  });

  it('picks the right instant of a repeated autumn hour', () => {
    // 2025-11-02 01:30 happens twice in New York; 06:30Z is the second one (EST).
    const ts = String(Date.parse('2025-11-02T06:30:00Z') / 1000) + '.000000';
    const input = occurredAtInput(ts, 'America/New_York');
    expect(resolveInstant(input, 'occurredAt').instant.toISOString()).toBe(
      '2025-11-02T06:30:00.000Z',
    );
  });

  it('falls back to UTC without a (valid) zone', () => {
    expect(occurredAtInput('1763464800.000000', undefined)).toBe('2025-11-18T11:20:00.000Z');
    expect(occurredAtInput('1763464800.000000', 'Mars/Olympus')).toBe('2025-11-18T11:20:00.000Z');
  });

  it('renders mentions as names, links and files as Markdown links', () => {
    const names = new Map([['U1', 'Ada Lovelace']]);
    const text =
      '<@U1> and <@U2|bob> see <https://www.cloudflarestatus.com|Cloudflare status> in <#C9|inc-cdn>, <!here> &lt;500s&gt; &amp; <https://x.test/a>';
    expect(
      renderSlackMessage(
        {
          text,
          files: [{ name: 'graph.png', permalink: 'https://acme.slack.com/files/U1/F1/graph.png' }],
        },
        names,
      ),
    ).toBe(
      '@Ada Lovelace and @bob see [Cloudflare status](https://www.cloudflarestatus.com) in #inc-cdn, @here <500s> & <https://x.test/a>\n\nFiles:\n- [graph.png](https://acme.slack.com/files/U1/F1/graph.png)',
    );
    expect(mentionedUserIds(text)).toEqual(['U1', 'U2']);
  });
});
