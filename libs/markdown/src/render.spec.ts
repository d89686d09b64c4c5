import fc from 'fast-check';
import { isSafeUrl, markdownToText, renderMarkdown } from './render';

describe('renderMarkdown', () => {
  it('renders ordinary markdown: headings with prefixed ids, emphasis, lists, tables, code', () => {
    const sut = renderMarkdown(
      '# Root cause\n\n**Bold** and _em_\n\n- a\n- b\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```',
    );
    expect(sut).toContain('<h1 id="md-root-cause">Root cause</h1>');
    expect(sut).toContain('<strong>Bold</strong>');
    expect(sut).toContain('<li>a</li>');
    expect(sut).toContain('<table>');
    expect(sut).toContain('<td style="text-align:center">2</td>');
    expect(sut).toContain('<code class="language-ts">const x = 1;');
  });

  it('prefixes heading ids and de-duplicates them, so user headings never collide with page ids', () => {
    const sut = renderMarkdown('## Timeline\n\n## Timeline\n\n## app', { headingIdPrefix: 'pm-' });
    expect(sut).toContain('<h2 id="pm-timeline">');
    expect(sut).toContain('<h2 id="pm-timeline-1">');
    expect(sut).toContain('<h2 id="pm-app">');
  });

  it('shows raw HTML as text instead of interpreting it', () => {
    const sut = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>');
    expect(sut).not.toMatch(/<script/i);
    expect(sut).not.toMatch(/<img/i);
    expect(sut).toContain('&lt;script&gt;');
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](javascript&#58;alert(1))',
    '[x](%6Aavascript:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](vbscript:msgbox(1))',
    '![x](data:image/png;base64,AAAA)',
    '<javascript:alert(1)>',
    '[x](file:///etc/passwd)',
  ])('refuses the dangerous link %s', (source) => {
    const sut = renderMarkdown(source);
    expect(sut).not.toMatch(/href="(?!https?:|mailto:)[a-z]/i);
    expect(sut).not.toMatch(/src="(?!https?:)/i);
    expect(sut.toLowerCase()).not.toMatch(/(href|src)="[^"]*(javascript|vbscript|data|file):/);
  });

  it('keeps safe links, adds rel=noopener and linkifies bare URLs', () => {
    const sut = renderMarkdown(
      '[status](https://www.cloudflarestatus.com/) and https://example.com/x',
    );
    expect(sut).toContain(
      '<a href="https://www.cloudflarestatus.com/" rel="noopener noreferrer nofollow">status</a>',
    );
    expect(sut).toContain('<a href="https://example.com/x" rel="noopener noreferrer nofollow">');
  });

  it('renders task lists as disabled checkboxes', () => {
    const sut = renderMarkdown('- [ ] add a second CDN\n- [x] page the vendor');
    expect(sut).toContain(
      '<li class="task-list-item"><input type="checkbox" disabled="disabled" /> add a second CDN</li>',
    );
    expect(sut).toMatch(
      /<input type="checkbox" disabled="disabled" checked(="[^"]*")? \/> page the vendor/,
    );
  });

  it('never emits event handlers, script tags or dangerous URLs for arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            '<script>',
            '</script>',
            '<img src=x onerror=alert(1)>',
            '[a](',
            'javascript:',
            ')',
            '![b](',
            'data:text/html,',
            '"',
            "'",
            ' onload=',
            '<a href="javascript:x">',
            '#',
            '\n',
            '`',
            '*',
            '<svg/onload=alert(1)>',
            '&#106;avascript:',
            '<style>',
            '- [ ] ',
          ),
          { maxLength: 30 },
        ),
        (parts) => {
          const html = renderMarkdown(parts.join(''));
          expect(html).not.toMatch(/<(script|svg|style|iframe|object)/i);
          expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
          expect(html).not.toMatch(/<[^>]*\s(href|src)="\s*(javascript|data|vbscript):/i);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('isSafeUrl', () => {
  it('allows relative, fragment, http(s) and mailto; refuses other schemes', () => {
    expect(isSafeUrl('/incidents/INC-1')).toBe(true);
    expect(isSafeUrl('#md-timeline')).toBe(true);
    expect(isSafeUrl('https://x.test')).toBe(true);
    expect(isSafeUrl('mailto:sre@x.test')).toBe(true);
    expect(isSafeUrl(' javascript:alert(1)')).toBe(false);
    expect(isSafeUrl('DATA:text/html,x')).toBe(false);
    expect(isSafeUrl('vbscript:x')).toBe(false);
  });
});

describe('markdownToText', () => {
  it('strips markup', () => {
    expect(markdownToText('# Title\n\n**bold** [link](https://x.test)')).toBe('Title\nbold link');
  });
});

describe('renderMarkdown with a redaction', () => {
  const redact = (text: string) =>
    text.replace(/ada\.lovelace@example\.com|Ada Lovelace/gi, '[redacted]');

  it('redacts text, code, image alt and heading ids, and drops targets that named someone', () => {
    const html = renderMarkdown(
      [
        '## Ada Lovelace on call',
        '',
        'Paged [Ada Lovelace](mailto:ada.lovelace@example.com) and ada.lovelace@example.com;',
        '`Ada Lovelace` ![Ada Lovelace](https://example.com/p.png "Ada Lovelace")',
        '',
        '```',
        'owner: Ada Lovelace',
        '```',
      ].join('\n'),
      { headingIdPrefix: 'pm-', redact },
    );
    expect(html).not.toMatch(/ada|lovelace/i);
    expect(html).toContain('<h2 id="pm-redacted-on-call">[redacted] on call</h2>');
    expect(html).toContain('<a rel="noopener noreferrer nofollow">[redacted]</a>');
  });

  it('leaves the text alone without one', () => {
    expect(renderMarkdown('Ada Lovelace')).toContain('Ada Lovelace');
  });
});
