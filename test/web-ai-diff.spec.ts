import { splitCitations, suggestionDiff } from '../apps/web/src/features/postmortems/ai-diff';

describe('web: AI suggestion diff and citation links', () => {
  it('diffs by words: what the suggestion adds and removes', () => {
    const sut = suggestionDiff('Chat web was down. Sad.', 'Chat web was down for 3 hours [T1].');
    expect(
      sut
        .filter((part) => part.kind === 'added')
        .map((part) => part.text)
        .join(''),
    ).toContain('3 hours');
    expect(sut.some((part) => part.kind === 'removed')).toBe(true);
  });

  it('turns known citations into pieces, one per id, and leaves unknown brackets as text', () => {
    const sut = splitCitations('Down [T1, V2]. Odd [X9]. Up [M1].', new Set(['T1', 'V2', 'M1']));
    expect(sut).toEqual([
      { text: 'Down ' },
      { citation: 'T1' },
      { citation: 'V2' },
      { text: '. Odd [X9]. Up ' },
      { citation: 'M1' },
      { text: '.' },
    ]);
  });
});
