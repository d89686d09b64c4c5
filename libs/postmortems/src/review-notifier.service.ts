import { UsersService } from '@rca/accounts';
import { Injectable, Logger } from '@nestjs/common';
import { NotificationService, NotificationTopic } from '@rca/notifications';
import { Environment, EventMap, IncidentChangedEvent } from '@rca/shared';
import { CollaborationRepository } from './collaboration.repository';
import { PostmortemRepository } from './postmortem.repository';

/**
 * Tells people what waits for them, from committed events (the outbox): a submission → each
 * required reviewer; approved or changes requested → the owner; a mention → the person mentioned.
 * Each person gets an e-mail of their own (SMTP_URL), and a step also reaches the team's channels
 * subscribed to `workflow`. Safe to run twice: deliveries are keyed by the step or the comment.
 */
@Injectable()
export class ReviewNotifierService {
  private readonly logger = new Logger(ReviewNotifierService.name);

  constructor(
    private readonly postmortems: PostmortemRepository,
    private readonly collaboration: CollaborationRepository,
    private readonly notifications: NotificationService,
    private readonly people: UsersService,
    private readonly environment: Environment,
  ) {}

  private link(reference: string | null, section?: string): string {
    const path = reference
      ? `/incidents/${encodeURIComponent(reference)}/postmortem${section ? `#section-${section}` : ''}`
      : '/inbox';
    return `${(this.environment.PUBLIC_URL ?? '').replace(/\/$/, '')}${path}`;
  }

  async onWorkflowChanged(event: EventMap['postmortem.workflow-changed']): Promise<number> {
    const postmortem = await this.postmortems.findById(event.postmortemId);
    if (!postmortem) return 0;
    const reference = await this.collaboration.referenceOf(postmortem.id);
    const name = `${reference ? `${reference}: ` : ''}${postmortem.title}`;
    let recipients: string[] = [];
    let subject: string;
    let text: string;
    if (event.to === 'in_review') {
      const author = await this.collaboration.revisionAuthor(postmortem.id, event.revision);
      recipients = postmortem.requiredReviewers;
      subject = `Review requested: ${name}`;
      text = `${author ?? 'Someone'} asks you to review the postmortem "${postmortem.title}" (${postmortem.severity})${
        postmortem.dueAt
          ? `, due ${postmortem.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
          : ''
      }. Every required reviewer must approve it before it can be published.\n\n${this.link(reference)}`;
    } else if ((event.from === 'in_review' && event.to === 'draft') || event.to === 'approved') {
      const approved = event.to === 'approved';
      const review = await this.collaboration.reviewOfStep(
        postmortem.id,
        event.revision,
        approved ? 'approved' : 'changes_requested',
      );
      recipients = postmortem.owner ? [postmortem.owner] : [];
      subject = `${approved ? 'Approved' : 'Changes requested'}: ${name}`;
      text = `${review?.reviewer ?? 'A reviewer'} ${
        approved ? 'approved' : 'requested changes to'
      } the postmortem "${postmortem.title}"${approved ? '; every required reviewer has approved it and it can be published' : ''}.${
        review?.comment ? `\n\n"${review.comment}"` : ''
      }\n\n${this.link(reference)}`;
    } else if (event.to === 'published') {
      // The team's channels hear that the RCA is out, with its link (no personal e-mail).
      subject = `Published: ${name}`;
      text = `The postmortem "${postmortem.title}" (${postmortem.severity}) is published.\n\n${this.link(reference)}`;
    } else {
      return 0;
    }
    const message = {
      key: `workflow:${postmortem.id}:${event.revision}:${event.to}`,
      topic: NotificationTopic.Workflow,
      subject,
      text,
      data: {
        postmortemId: postmortem.id,
        incidentId: postmortem.incidentId,
        reference,
        from: event.from,
        to: event.to,
        revision: event.revision,
      },
    };
    const sent = await this.postmortems.transaction(async (manager) => {
      const personal = await this.notifications.notifyPeople(message, recipients, manager);
      const channels = await this.notifications.notify(
        { ...message, team: postmortem.team },
        undefined,
        manager,
      );
      return personal.length + channels.length;
    });
    this.logger.log({ postmortemId: postmortem.id, to: event.to, sent }, 'workflow notified');
    return sent;
  }

  /**
   * incident.changed with a new status: the channels subscribed to `incident_status` (the team's,
   * and team-less ones unless the incident is private) hear it. Keyed by the incident's version.
   */
  async onIncidentChanged(change: IncidentChangedEvent): Promise<number> {
    if (change.status === change.previousStatus) return 0;
    const incident = await this.postmortems.incidentNotice(change.incidentId);
    if (!incident) return 0;
    const base = (this.environment.PUBLIC_URL ?? '').replace(/\/$/, '');
    const link = `${base}/incidents/${encodeURIComponent(incident.reference)}`;
    const status = change.status.replace(/_/g, ' ');
    const sent = await this.postmortems.transaction(async (manager) =>
      this.notifications.notify(
        {
          key: `incident-status:${change.incidentId}:${change.version}`,
          topic: NotificationTopic.IncidentStatus,
          subject: `${incident.reference} ${status}: ${incident.title}`,
          text: `${incident.reference} (${incident.severity}) "${incident.title}" is now ${status} (was ${change.previousStatus.replace(/_/g, ' ')}).\n\n${link}`,
          data: {
            incidentId: change.incidentId,
            reference: incident.reference,
            from: change.previousStatus,
            to: change.status,
          },
          team: incident.team,
          privateToTeam: incident.private ? incident.team : null,
        },
        undefined,
        manager,
      ),
    );
    return sent.length;
  }

  async onCommented(event: EventMap['postmortem.commented']): Promise<number> {
    const comment = await this.collaboration.findComment(event.commentId);
    const postmortem = await this.postmortems.findById(event.postmortemId);
    if (!comment || !postmortem) return 0;
    const people = await this.people.peopleByIds(comment.mentionIds);
    const recipients = [...people.values()]
      .filter((person) => person.active && person.email && person.id !== comment.authorId)
      .map((person) => person.email);
    const reference = await this.collaboration.referenceOf(postmortem.id);
    const section =
      postmortem.sections.find((candidate) => candidate.key === comment.sectionKey)?.title ??
      comment.sectionKey;
    return this.postmortems.transaction(
      async (manager) =>
        (
          await this.notifications.notifyPeople(
            {
              key: `mention:${comment.id}`,
              topic: NotificationTopic.Workflow,
              subject: `${comment.authorName} mentioned you: ${reference ? `${reference}: ` : ''}${postmortem.title}`,
              text: `${comment.authorName} mentioned you in a comment on "${section}":\n\n${comment.body}\n\n${this.link(reference, comment.sectionKey)}`,
              data: {
                postmortemId: postmortem.id,
                commentId: comment.id,
                sectionKey: comment.sectionKey,
              },
            },
            recipients,
            manager,
          )
        ).length,
    );
  }
}
