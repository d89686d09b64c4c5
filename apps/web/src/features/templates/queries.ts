import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BuiltinTemplate,
  IncidentSummary,
  Page,
  PostmortemTemplate,
  TemplatePreview,
  TemplateSection,
} from '@rca/api-contract';
import { request } from '../../api';

export const templateKeys = {
  all: ['postmortem-templates'] as const,
  builtin: ['postmortem-templates', 'builtin'] as const,
  incidents: (q: string) => ['postmortem-templates', 'incidents', q] as const,
};

export interface TemplateBody {
  name: string;
  severities: string[];
  labels: string[];
  priority: number;
  sections: TemplateSection[];
}

/** Templates are few (one per kind of incident): the first 200, highest priority first. */
export function useTemplates() {
  return useQuery({
    queryKey: templateKeys.all,
    queryFn: ({ signal }) =>
      request<Page<PostmortemTemplate>>('GET', '/postmortem-templates', {
        query: { limit: 200 },
        signal,
      }),
  });
}

export function useBuiltinTemplate() {
  return useQuery({
    queryKey: templateKeys.builtin,
    queryFn: ({ signal }) =>
      request<BuiltinTemplate>('GET', '/postmortem-templates/builtin', { signal }),
    staleTime: Infinity,
  });
}

export function useTemplateMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: templateKeys.all });
  return {
    create: useMutation({
      mutationFn: (body: TemplateBody) =>
        request<PostmortemTemplate>('POST', '/postmortem-templates', { body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({
        template,
        patch,
      }: {
        template: PostmortemTemplate;
        patch: Partial<TemplateBody>;
      }) =>
        request<PostmortemTemplate>('PATCH', `/postmortem-templates/${template.id}`, {
          body: { ...patch, version: template.version },
        }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (template: PostmortemTemplate) =>
        request<void>('DELETE', `/postmortem-templates/${template.id}`),
      onSuccess: done,
    }),
  };
}

/** Incidents to preview against: the 25 most recently updated, or those matching a search. */
export function useIncidentChoices(q: string) {
  return useQuery({
    queryKey: templateKeys.incidents(q),
    queryFn: ({ signal }) =>
      request<Page<IncidentSummary>>('GET', '/incidents', {
        query: { q: q || undefined, sort: 'updatedAt', order: 'desc', limit: 25 },
        signal,
      }),
    placeholderData: (previous) => previous,
  });
}

/** Renders the sections as typed against one incident, as the draft job would; stores nothing. */
export function usePreview() {
  return useMutation({
    mutationFn: (body: { incidentId: string; sections: TemplateSection[] }) =>
      request<TemplatePreview>('POST', '/postmortem-templates/preview', { body }),
  });
}
