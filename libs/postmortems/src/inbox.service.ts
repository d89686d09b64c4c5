import { UsersService } from '@rca/accounts';
import { Injectable } from '@nestjs/common';
import { Page } from '@rca/shared';
import {
  CollaborationRepository,
  InboxMentionRow,
  InboxReviewRow,
} from './collaboration.repository';
import { ActionItemView, PostmortemService } from './postmortem.service';

export interface InboxUser {
  userId: string;
  email: string | null;
}

/** "Waiting for my review", "My action items" and mentions of the signed-in person. */
@Injectable()
export class InboxService {
  constructor(
    private readonly repository: CollaborationRepository,
    private readonly postmortems: PostmortemService,
    private readonly people: UsersService,
  ) {}

  counts(user: InboxUser) {
    return this.repository.counts(user.userId, user.email);
  }

  reviews(user: InboxUser, cursor?: string, limit?: number): Promise<Page<InboxReviewRow>> {
    if (!user.email) return Promise.resolve({ items: [], nextCursor: null });
    return this.repository.waitingReviews(user.email, cursor, limit);
  }

  async actionItems(
    user: InboxUser,
    cursor?: string,
    limit?: number,
  ): Promise<Page<ActionItemView & { reference: string; postmortemTitle: string }>> {
    const page = await this.repository.ownedOpenItems(user.userId, cursor, limit);
    const [items, labels] = await Promise.all([
      this.postmortems.withOwners(page.items),
      this.repository.postmortemLabels([...new Set(page.items.map((item) => item.postmortemId))]),
    ]);
    return {
      items: items.map((item) => ({
        ...item,
        reference: labels.get(item.postmortemId)?.reference ?? '',
        postmortemTitle: labels.get(item.postmortemId)?.title ?? '',
      })),
      nextCursor: page.nextCursor,
    };
  }

  async mentions(
    user: InboxUser,
    cursor?: string,
    limit?: number,
  ): Promise<
    Page<
      Omit<InboxMentionRow, 'mentionIds'> & {
        mentions: Array<{ id: string; email: string; displayName: string }>;
      }
    >
  > {
    const page = await this.repository.mentionsOf(user.userId, cursor, limit);
    const people = await this.people.peopleByIds(page.items.flatMap((row) => row.mentionIds));
    return {
      items: page.items.map(({ mentionIds, ...row }) => ({
        ...row,
        mentions: mentionIds
          .map((id) => people.get(id))
          .filter((person) => person !== undefined)
          .map(({ id, email, displayName }) => ({ id, email, displayName })),
      })),
      nextCursor: page.nextCursor,
    };
  }
}
