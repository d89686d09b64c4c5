import { TemplateSection } from './postmortem-template.entity';

export const BUILTIN_TEMPLATE_KEY = 'builtin:google-sre@1';

/**
 * The default template, after the example postmortem in Google's SRE book (appendix D):
 * summary, impact, root causes, trigger, resolution, detection, action items, lessons learned
 * (went well / poorly / lucky), timeline and supporting information. Liquid; the variables are
 * listed in docs/postmortems.md.
 */
export const DEFAULT_TEMPLATE_SECTIONS: TemplateSection[] = [
  {
    key: 'summary',
    title: 'Summary',
    internal: false,
    body: `**{{ incident.reference }}: {{ incident.title }}** ({{ incident.severity }})

{% if incident.summary != "" %}{{ incident.summary }}

{% endif %}From {{ incident.started_at_utc }} to {{ incident.resolved_at_utc }} ({{ metrics.time_to_resolve }}){% if services_hit != "" %}, {{ services_hit }} {% if impacted_count == 1 %}was{% else %}were{% endif %} affected{% endif %}.{% if third_party_names != "" %} The cause was at a third party: {{ third_party_names }}.{% endif %}`,
  },
  {
    key: 'impact',
    title: 'Impact',
    internal: false,
    body: `{% if impacts.size == 0 %}_No service impact recorded yet._{% else %}{{ impact_table }}{% endif %}
{% if incident.error_signatures.size > 0 %}
Customer-facing errors: {{ incident.error_signatures | join: ", " }}.{% endif %}{% if incident.regions.size > 0 %}
Regions: {{ incident.regions | join: ", " }}.{% endif %}`,
  },
  {
    key: 'timeline',
    title: 'Timeline',
    internal: false,
    body: `{% if timeline_count == 0 %}_No timeline events recorded._{% else %}All times UTC, with {{ display_zone }} beside.

{{ timeline_table }}{% endif %}`,
  },
  {
    key: 'root_cause',
    title: 'Root cause',
    internal: false,
    body: `{% if third_party_markdown != "" %}{{ third_party_markdown }}{% else %}_Describe why the incident happened. Ask "why?" until the answer is a systemic cause._{% endif %}`,
  },
  {
    key: 'trigger',
    title: 'Trigger',
    internal: false,
    body: `_What change or event set the root cause in motion?_`,
  },
  {
    key: 'contributing_factors',
    title: 'Contributing factors',
    internal: false,
    body: `{% if single_points.size > 0 %}Dependencies without a fallback that this incident touched:

{% for dependency in single_points %}- {{ dependency.service }} → {{ dependency.vendor }} {{ dependency.component }} ({{ dependency.kind }}, {{ dependency.criticality }})
{% endfor %}{% else %}_Which conditions made the impact worse or the recovery slower?_{% endif %}`,
  },
  {
    key: 'detection',
    title: 'Detection',
    internal: false,
    body: `Detected {{ metrics.time_to_detect }} after the start{% if incident.detected_at_utc != "" %} ({{ incident.detected_at_utc }}){% endif %}; acknowledged {{ metrics.time_to_acknowledge }} after detection.

| Metric | Value |
| --- | --- |
| Time to detect | {{ metrics.time_to_detect }} |
| Time to acknowledge | {{ metrics.time_to_acknowledge }} |
| Time to mitigate | {{ metrics.time_to_mitigate }} |
| Time to resolve | {{ metrics.time_to_resolve }} |`,
  },
  {
    key: 'response_and_recovery',
    title: 'Response and recovery',
    internal: false,
    body: `{% if mitigation_events.size > 0 %}{% for event in mitigation_events %}- {{ event.utc }}: {{ event.text }}
{% endfor %}{% else %}_How was the impact mitigated and the service restored?_{% endif %}`,
  },
  { key: 'went_well', title: 'What went well', internal: false, body: `- ` },
  { key: 'went_poorly', title: 'What went poorly', internal: false, body: `- ` },
  { key: 'got_lucky', title: 'Where we got lucky', internal: true, body: `- ` },
  {
    key: 'action_items',
    title: 'Action items',
    internal: false,
    body: `{% if single_points.size > 0 %}{% for dependency in single_points %}- [ ] Add a fallback for {{ dependency.vendor }} {{ dependency.component }} used by {{ dependency.service }} (prevent)
{% endfor %}{% endif %}_Tracked as action items on this postmortem._`,
  },
  {
    key: 'supporting_information',
    title: 'Supporting information',
    internal: true,
    body: `- Incident record: {{ incident.reference }}{% for cause in causes %}{% if cause.link != "" %}
- {{ cause.vendor }} status page: {{ cause.link }}{% endif %}{% endfor %}{% for report in vendor_reports %}
- {{ report.vendor }}'s report of {{ report.date }}{% if report.link != "" %}: {{ report.link }}{% endif %}{% if report.excerpt != "" %}

{{ report.excerpt }}
{% endif %}{% endfor %}`,
  },
];
