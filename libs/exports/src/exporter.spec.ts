import fc from 'fast-check';
import { parseMarkdown, renderMarkdown } from '@rca/markdown';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseBlocks } from './document';
import { EXPORT_FORMATS, ExportSource, renderExport } from './exporter';
import { escapeWikitext } from './render-mediawiki';

const LONG_LINE = 'x'.repeat(20_000);
const HOSTILE = [
  '<script>alert("md")</script> and <img src=x onerror=alert(1)>',
  '',
  '[click](javascript:alert(1)) [data](data:text/html,<b>x</b>) <javascript:alert(2)>',
  '',
  "{{Delete|reason=pwned}} [[Category:Hacked]] {{#invoke:x}} ~~~~ \\_\\_NOTOC\\_\\_ '''bold'''",
  '',
  'CDATA end ]]> and <ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<script>alert(3)</script>]]></ac:plain-text-body></ac:structured-macro>',
  '',
  '| a {{tpl}} | b <script> |',
  '|---|---|',
  '| ]]> | [[x]] \\| y |',
  '',
  '```html',
  '</syntaxhighlight><script>alert(4)</script> ]]> {{x}}',
  '```',
  '',
  `${LONG_LINE}`,
  '',
  'Unicode: 日本語 ✓ émoji 🔥 RTL \u202e gnp.exe \u0007bell',
  '',
  '- [ ] <script>task</script>',
  '- [x] done {{x}}',
  '  1. nested `code ]]> </code>`',
].join('\n');

function source(markdown: string, extra: Partial<ExportSource['postmortem']> = {}): ExportSource {
  return {
    postmortem: {
      id: '00000000-0000-4000-8000-000000000001',
      title: 'Outage <script>alert("title")</script> {{x}} ]]>',
      status: 'published',
      severity: 'SEV1',
      revision: 7,
      team: 'web',
      owner: 'Ada Lovelace',
      requiredReviewers: ['grace'],
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
      dueAt: null,
      publishedAt: new Date('2025-11-20T10:00:00Z'),
      displayZone: 'Europe/Paris',
      sections: [
        { key: 'summary', title: 'Summary', markdown, internal: false, origin: 'edited' },
        {
          key: 'root_cause',
          title: 'Root cause',
          markdown: 'Internal: the db-7.corp host melted. Ask ada.lovelace@example.com',
          internal: true,
          origin: 'edited',
        },
      ],
      ...extra,
    },
    incident: null,
    timeline: [],
    causes: [],
    actionItems: [
      {
        title: 'Add a second CDN',
        description: 'Ada Lovelace drives it',
        owner: 'Ada Lovelace',
        dueDate: '2025-12-01',
        priority: 'p1',
        type: 'prevent',
        status: 'open',
        externalUrl: 'https://jira.example.com/OPS-1',
      },
    ],
  };
}

const RICH = [
  '# Heading',
  '',
  'Some **bold**, _em_, ~~gone~~, `code` and a [link](https://example.com/a_b).',
  '',
  '- one',
  '  - nested',
  '- two',
  '',
  '1. first',
  '2. second',
  '',
  '- [ ] todo',
  '- [x] done',
  '',
  '| Time | Event |',
  '|:--|--:|',
  '| 11:20 | **CDN** 500s |',
  '',
  '> quoted',
  '',
  '> [!WARNING]',
  '> Careful now',
  '',
  '```ts',
  'const x = 1;',
  '```',
  '',
  '---',
].join('\n');

describe('the intermediate document', () => {
  it('keeps headings, emphasis, lists (nested, task), tables, quotes, callouts, code and hr', () => {
    const blocks = parseBlocks(RICH);
    expect(blocks.map((block) => block.type)).toEqual([
      'heading',
      'paragraph',
      'list',
      'list',
      'list',
      'table',
      'quote',
      'callout',
      'code',
      'hr',
    ]);
    const nested = blocks[2] as Extract<(typeof blocks)[number], { type: 'list' }>;
    expect(nested.items[0].children[1]).toMatchObject({ type: 'list' });
    const tasks = blocks[4] as Extract<(typeof blocks)[number], { type: 'list' }>;
    expect(tasks.items.map((item) => item.checked)).toEqual([false, true]);
    expect(blocks[5]).toMatchObject({ type: 'table', align: ['left', 'right'] });
    expect(blocks[7]).toMatchObject({ type: 'callout', kind: 'warning' });
  });

  it('drops unsafe link targets and keeps their text', () => {
    const [paragraph] = parseBlocks('[click](javascript:alert(1))');
    expect(paragraph).toMatchObject({ children: [{ type: 'text' }] });
    expect(JSON.stringify(paragraph)).not.toMatch(/"href":"javascript/);
  });
});

describe('every format survives the structure of a rich document', () => {
  const rich = source(RICH);
  it('markdown round-trips through the shared renderer', () => {
    const out = renderExport(rich, 'markdown', { variant: 'internal' }).body;
    const html = renderMarkdown(out);
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<s>gone</s>');
    expect(html).toContain('<a href="https://example.com/a_b"');
    expect(html).toContain('<td style="text-align:right"><strong>CDN</strong> 500s</td>');
    expect(html).toMatch(/<ul>\s*<li>nested<\/li>/);
    expect(html).toContain('<input type="checkbox" disabled="disabled" /> todo');
    expect(html).toContain('<code class="language-ts">const x = 1;');
    expect(out).toContain('> [!WARNING]\n> Careful now');
  });

  it('html has the table, task boxes, nested lists, code, and a print stylesheet', () => {
    const out = renderExport(rich, 'html', { variant: 'internal' }).body;
    expect(out).toMatch(/^<!DOCTYPE html>/);
    expect(out).toContain('@media print');
    expect(out).toContain('<th style="text-align:left">Time</th>');
    expect(out).toContain('<input type="checkbox" disabled="disabled" checked="checked" /> done');
    expect(out).toMatch(/<li>one\n<ul>\n<li>nested<\/li>/);
    expect(out).toContain('<pre><code class="language-ts">const x = 1;</code></pre>');
    expect(out).toContain('class="callout callout-warning"');
  });

  it('confluence uses the code macro, task lists, status macros and a warning panel', () => {
    const out = renderExport(rich, 'confluence', { variant: 'internal' }).body;
    expect(out).toContain(
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">javascript</ac:parameter>',
    );
    expect(out).toContain('<![CDATA[const x = 1;]]>');
    expect(out).toContain('<ac:task-status>complete</ac:task-status>');
    expect(out).toContain(
      '<ac:structured-macro ac:name="status"><ac:parameter ac:name="colour">Red</ac:parameter><ac:parameter ac:name="title">SEV1</ac:parameter>',
    );
    expect(out).toContain(
      '<ac:structured-macro ac:name="warning"><ac:rich-text-body><p>Careful now</p>',
    );
  });

  it('mediawiki writes wikitables, nested lists and syntaxhighlight', () => {
    const out = renderExport(rich, 'mediawiki', { variant: 'internal' }).body;
    expect(out).toContain('{| class="wikitable"\n! style="text-align:left" | Time');
    expect(out).toContain('| style="text-align:right" | <b>CDN</b> 500s');
    expect(out).toContain('* one\n** nested\n* two');
    expect(out).toContain('# first\n# second');
    expect(out).toContain('* ☐ todo\n* ☑ done');
    expect(out).toContain('<syntaxhighlight lang="ts">\nconst x = 1;\n</syntaxhighlight>');
    expect(out).toContain('[https://example.com/a_b link]');
    expect(out).toContain('=== Heading ===');
  });
});

describe('a hostile document cannot inject anything in any format', () => {
  const hostile = source(HOSTILE);

  it('markdown: no raw HTML and no unsafe link survives when the export is rendered again', () => {
    const out = renderExport(hostile, 'markdown', { variant: 'internal' }).body;
    const tokens = parseMarkdown(out);
    const all = tokens.flatMap((token) => [token, ...(token.children ?? [])]);
    for (const token of all) {
      if (token.type === 'html_inline') expect(token.content).toMatch(/^<input type="checkbox"/);
      expect(token.type).not.toBe('html_block');
      const href = token.attrGet('href');
      if (href) expect(href).toMatch(/^(https?|mailto):/);
    }
    const html = renderMarkdown(out);
    expect(html).toContain('&lt;script&gt;alert("md")&lt;/script&gt;');
    expect(out).toContain(LONG_LINE.slice(0, 1000));
    expect(out).toContain('日本語 ✓ émoji 🔥');
  });

  it('html: no script, no event handler, no javascript: URL; text shown escaped', () => {
    const out = renderExport(hostile, 'html', { variant: 'internal' }).body;
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<img[^>]*onerror/i);
    expect(out).not.toMatch(/(href|src)="\s*(javascript|data):/i);
    expect(out).not.toMatch(/<ac:/);
    expect(out).toContain('&#60;script&#62;alert(&#34;md&#34;)&#60;/script&#62;');
    expect(out).toContain('<title>Outage &#60;script&#62;');
    expect(out).toContain('日本語 ✓ émoji 🔥');
    expect(out).not.toContain('\u0007');
  });

  it('confluence: well-formed XML, the only macros are ours, "]]>" never ends a CDATA early', () => {
    const out = renderExport(hostile, 'confluence', { variant: 'internal' }).body;
    const wrapped = `<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">${out}</root>`;
    expect(XMLValidator.validate(wrapped)).toBe(true);
    const macros = [...out.matchAll(/<ac:structured-macro ac:name="([^"]+)"/g)].map((m) => m[1]);
    // status (severity, status), warning (the page has internal sections), code: all ours.
    expect(new Set(macros)).toEqual(new Set(['status', 'warning', 'code']));
    expect(macros.filter((name) => name === 'warning')).toHaveLength(1);
    expect(out).toContain('&#60;ac:structured-macro ac:name=&#34;html&#34;&#62;');
    // The code block's text comes back intact from the CDATA sections.
    const parsed = new XMLParser({ ignoreAttributes: false, cdataPropName: '#cdata' }).parse(
      wrapped,
    );
    expect(JSON.stringify(parsed)).toContain('</syntaxhighlight><script>alert(4)</script> ]]');
    expect(out).toContain(']]]]><![CDATA[>');
    // Outside CDATA (the code block's literal text) there is no markup but ours.
    expect(out.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')).not.toMatch(/<script/);
    expect(out).not.toContain('\u0007');
  });

  it('mediawiki: templates, links, signatures, magic words and tags are all character references', () => {
    const out = renderExport(hostile, 'mediawiki', { variant: 'internal' }).body;
    expect(out).not.toContain('{{');
    expect(out).not.toContain('[[');
    expect(out).not.toContain('~~~');
    expect(out).not.toContain('__NOTOC__');
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toContain('</syntaxhighlight><script>');
    expect(out).not.toMatch(/\[(javascript|data):/i);
    // Only tags the renderer writes itself.
    const tags = new Set([...out.matchAll(/<\/?([a-z]+)/gi)].map((m) => m[1].toLowerCase()));
    for (const tag of tags)
      expect([
        'b',
        'i',
        's',
        'code',
        'pre',
        'br',
        'blockquote',
        'div',
        'syntaxhighlight',
      ]).toContain(tag);
    expect(out).toContain('&#123;&#123;Delete&#124;reason&#61;pwned&#125;&#125;');
    expect(out).toContain('日本語 ✓ émoji 🔥');
    expect(out).toContain(LONG_LINE.slice(0, 1000));
    expect(escapeWikitext("''x''")).toBe('&#39;&#39;x&#39;&#39;');
  });

  it('json: the text is data, escaped by JSON itself, and parses back identically', () => {
    const out = renderExport(hostile, 'json', { variant: 'internal' }).body;
    const parsed = JSON.parse(out);
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.postmortem.sections[0].markdown).toBe(HOSTILE);
    expect(out).not.toContain('\u2028');
  });

  it.each(EXPORT_FORMATS)('%s: every format gives a checksum and a safe file name', (format) => {
    const out = renderExport(hostile, format, { variant: 'public' });
    expect(out.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(out.filename).toMatch(/^[a-z0-9-]+-public\.[a-z.]+$/);
  });
});

describe('the public variant', () => {
  it.each(EXPORT_FORMATS)(
    '%s: leaves out internal sections and redacts names, e-mails and configured patterns',
    (format) => {
      const pm = source(
        'Ada Lovelace paged grace at 11:28 (mail: ada.lovelace@example.com) on db-7.corp',
        {
          title: 'CDN outage',
        },
      );
      const internal = renderExport(pm, format, { variant: 'internal' }).body;
      expect(internal).toContain('Ada Lovelace');
      const out = renderExport(pm, format, {
        variant: 'public',
        redactPatterns: ['db-\\d+\\.corp'],
      }).body;
      expect(out).not.toMatch(/Ada|Lovelace|grace|example\.com|db-7/);
      expect(out).not.toContain('Root cause');
      expect(out).toMatch(/redacted/);
    },
  );
});

describe('action items', () => {
  it.each(['markdown', 'html', 'confluence', 'mediawiki'] as const)(
    '%s: every action item is listed with its owner, due date, priority and status',
    (format) => {
      const pm = source('Summary text', { title: 'CDN outage' });
      pm.actionItems.push({
        title: 'Alert on edge 5xx rate',
        description: '',
        owner: 'grace@example.com',
        dueDate: '2025-12-15',
        priority: 'p2',
        type: 'detect',
        status: 'in_progress',
        externalUrl: null,
      });
      // The wiki formats write some characters as references ("&#45;"); a reader sees them plain.
      const out = renderExport(pm, format, { variant: 'internal' }).body.replace(
        /&#(\d+);/g,
        (_, code: string) => String.fromCharCode(Number(code)),
      );
      for (const expected of [
        'Add a second CDN',
        'Ada Lovelace',
        '2025-12-01',
        'P1',
        'Alert on edge 5xx rate',
        'grace@example.com',
        '2025-12-15',
        'in progress',
      ])
        expect(out).toContain(expected);
    },
  );

  it('go into the "Action items" section when the document has one', () => {
    const pm = source('Summary text');
    pm.postmortem.sections.push({
      key: 'action_items',
      title: 'Action items',
      markdown: '_Tracked as action items on this postmortem._',
      internal: false,
      origin: 'generated',
    });
    const out = renderExport(pm, 'markdown', { variant: 'internal' }).body;
    expect(out.match(/## Action items/g)).toHaveLength(1);
    expect(out.indexOf('Add a second CDN')).toBeGreaterThan(out.indexOf('## Action items'));
  });

  it('public markdown and html redact the owners', () => {
    for (const format of ['markdown', 'html'] as const) {
      const out = renderExport(source('Summary'), format, { variant: 'public' }).body;
      expect(out).toContain('Add a second CDN');
      expect(out).toContain('2025-12-01');
      expect(out).not.toMatch(/Ada|Lovelace|jira\.example\.com/);
    }
  });
});

describe('no input can inject markup (property-based, every format)', () => {
  const fragment = fc.constantFrom(
    '<script>',
    '</script>',
    '<img src=x onerror=alert(1)>',
    '[a](javascript:alert(1))',
    '[b](https://ok.example/x)',
    '{{',
    '}}',
    '[[',
    ']]',
    ']]>',
    '<![CDATA[',
    '<ac:structured-macro ac:name="html">',
    '~~~~',
    '__NOTOC__',
    "''",
    '|',
    '\n|---|---|\n',
    '\n- [ ] ',
    '\n1. ',
    '\n> [!WARNING]\n> ',
    '\n```\n',
    '`',
    '*',
    '_',
    '#',
    '=',
    '&amp;',
    '&#60;',
    '\n',
    ' ',
    'text',
    '\u0000',
    '\ud800',
    '🔥',
  );
  const allowedWikiTags = [
    'b',
    'i',
    's',
    'code',
    'pre',
    'br',
    'blockquote',
    'div',
    'syntaxhighlight',
  ];

  it('holds for random hostile markdown', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        const pm = source(parts.join(''));
        const html = renderExport(pm, 'html', { variant: 'internal' }).body;
        expect(html).not.toMatch(/<(script|svg|iframe|object|style(?!>\n:root))/i);
        expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
        expect(html).not.toMatch(/(href|src)="\s*(javascript|data|vbscript):/i);

        const confluence = renderExport(pm, 'confluence', { variant: 'internal' }).body;
        expect(XMLValidator.validate(`<r xmlns:ac="a" xmlns:ri="r">${confluence}</r>`)).toBe(true);
        for (const [, name] of confluence
          // CDATA (code blocks) is literal text, not markup.
          .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')
          .matchAll(/<ac:structured-macro ac:name="([^"]+)"/g))
          expect(['status', 'code', 'info', 'warning']).toContain(name);

        const wiki = renderExport(pm, 'mediawiki', { variant: 'internal' }).body;
        const outsideCode = wiki.replace(/<syntaxhighlight[^>]*>[\s\S]*?<\/syntaxhighlight>/g, '');
        expect(outsideCode).not.toMatch(/\{\{|\[\[|~~~|__[A-Z]+__/);
        for (const [, tag] of outsideCode.matchAll(/<\/?([a-z]+)/gi))
          expect(allowedWikiTags).toContain(tag.toLowerCase());

        const markdown = renderExport(pm, 'markdown', { variant: 'internal' }).body;
        for (const token of parseMarkdown(markdown).flatMap((t) => [t, ...(t.children ?? [])])) {
          expect(token.type).not.toBe('html_block');
          if (token.type === 'html_inline')
            expect(token.content).toMatch(/^<input type="checkbox"/);
          const href = token.attrGet('href');
          if (href) expect(String(href)).toMatch(/^(https?|mailto):/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the html export loads nothing from elsewhere', () => {
  it.each([
    'https://evil.example/t.png',
    'http://evil.example/t.png',
    '//evil.example/t.png',
    'https:evil.example/t.png',
  ])('turns the remote image %s into a link, and its CSP allows no remote image', (src) => {
    const out = renderExport(source(`Before ![pixel](${src}) after`), 'html', {
      variant: 'internal',
    }).body;
    expect(out).not.toMatch(/<img[^>]*evil\.example/);
    expect(out).toMatch(/<a href="[^"]*evil\.example\/t\.png"[^>]*class="remote-image">pixel<\/a>/);
    const csp = /Content-Security-Policy" content="([^"]*)"/.exec(out)![1];
    expect(csp).toMatch(/img-src 'self'/);
    expect(csp).not.toMatch(/https?:/);
  });

  it('keeps a relative image as an image', () => {
    const out = renderExport(source('![diagram](diagram.png)'), 'html', {
      variant: 'internal',
    }).body;
    expect(out).toContain('<img src="diagram.png" alt="diagram" />');
  });
});

describe('wikitext link targets', () => {
  it('carry no magic word or signature, even in a URL', () => {
    const out = renderExport(
      source('See https://ok.example/a_b__NOTOC__/~~~~ and [x](https://ok.example/__INDEX__)'),
      'mediawiki',
      { variant: 'internal' },
    ).body;
    expect(out).not.toMatch(/__NOTOC__|__INDEX__|~~~/);
    expect(out).toContain('[https://ok.example/a_b%5F%5FNOTOC%5F%5F/%7E%7E%7E%7E ');
  });
});
