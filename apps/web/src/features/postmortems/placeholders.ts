/**
 * Sections that would be published with nothing said: empty, only list markers ("- "), or only
 * the template's italic prompt ("_How was the impact mitigated…?_").
 */
export function placeholderSections(
  sections: Array<{ title: string; markdown: string }>,
): string[] {
  return sections
    .filter((section) => {
      const text = section.markdown.trim();
      return /^[-*+\s]*$/.test(text) || /^_[^_\n]+_$/.test(text) || /^\*[^*\n]+\*$/.test(text);
    })
    .map((section) => section.title);
}
