import type { OutboundHttpClient } from '@rca/shared';
import type { ConnectorSettings, TrackerConnector } from './connector';
import { GitHubConnector, githubProjectProblem } from './github-connector';
import { LinearConnector, linearProjectProblem } from './linear-connector';
import { JIRA_PROJECT_KEY, JiraConnector } from './jira-connector';
import { RedmineConnector } from './redmine-connector';
import type { TrackerKind } from './tracker-target.entity';

type Factory = (http: OutboundHttpClient, settings: ConnectorSettings) => TrackerConnector;

interface Kind {
  create: Factory;
  /** Why the target's `project` cannot be right for this tracker, or null. */
  checkProject?: (project: string) => string | null;
}

/**
 * The one place a tracker kind becomes a connector. Each talks to its tracker through the
 * product's outbound client (address policy, timeouts, size caps); docs/trackers.md per kind.
 */
const KINDS: Record<TrackerKind, Kind> = {
  redmine: { create: (http, settings) => new RedmineConnector(http, settings) },
  github: {
    create: (http, settings) => new GitHubConnector(http, settings),
    checkProject: githubProjectProblem,
  },
  linear: {
    create: (http, settings) => new LinearConnector(http, settings),
    checkProject: linearProjectProblem,
  },
  jira: {
    create: (http, settings) => new JiraConnector(http, settings),
    checkProject: (project) =>
      JIRA_PROJECT_KEY.test(project)
        ? null
        : `"${project.slice(0, 40)}" is not a Jira project key: 2–10 capital letters, digits or _, starting with a letter (e.g. OPS)`,
  },
};

/** Why `project` does not name a project of a `kind` tracker, or null. */
export function projectProblem(kind: TrackerKind, project: string): string | null {
  return KINDS[kind].checkProject?.(project) ?? null;
}

export function createConnector(
  kind: TrackerKind,
  http: OutboundHttpClient,
  settings: ConnectorSettings,
): TrackerConnector {
  return KINDS[kind].create(http, settings);
}
