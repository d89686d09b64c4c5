import { placeholderSections } from '../apps/web/src/features/postmortems/placeholders';

describe('sections published without content', () => {
  it('are the empty ones, bare list markers and the template prompts', () => {
    expect(
      placeholderSections([
        { title: 'Summary', markdown: 'Cloudflare returned 500s for 3 h.' },
        { title: 'What went well', markdown: '- ' },
        { title: 'Where we got lucky', markdown: '' },
        { title: 'Response', markdown: '_How was the impact mitigated and the service restored?_' },
        { title: 'Lessons', markdown: '- _we_ had a runbook' },
      ]),
    ).toEqual(['What went well', 'Where we got lucky', 'Response']);
  });
});
