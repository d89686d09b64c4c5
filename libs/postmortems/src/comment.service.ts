import { Person, UsersService, type Viewer } from '@rca/accounts';
import { Injectable } from '@nestjs/common';
import { InvalidInputError, Outbox, Page } from '@rca/shared';
import { CollaborationRepository } from './collaboration.repository';
import { PostmortemCommentEntity } from './postmortem-comment.entity';
import { PostmortemService } from './postmortem.service';

/** `@ada@example.com` in a comment mentions the user with that e-mail. */
const MENTION = /(?<![\w.+-])@([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;

export function mentionedEmails(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION)].map((match) => match[1]!.toLowerCase()))];
}

export type CommentView = Omit<PostmortemCommentEntity, 'mentionIds' | 'postmortem'> & {
  mentions: Array<Pick<Person, 'id' | 'email' | 'displayName'>>;
};

export interface CommentAuthor {
  userId: string | null;
  displayName: string;
}

/** Comment threads per section, with @mentions (kept in the record, never exported). */
@Injectable()
export class CommentService {
  constructor(
    private readonly repository: CollaborationRepository,
    private readonly postmortems: PostmortemService,
    private readonly people: UsersService,
    private readonly outbox: Outbox,
  ) {}

  async add(
    postmortemId: string,
    input: { sectionKey: string; body: string },
    author: CommentAuthor,
    viewer?: Viewer,
  ): Promise<CommentView> {
    const postmortem = await this.postmortems.get(postmortemId, viewer);
    if (!postmortem.sections.some((section) => section.key === input.sectionKey))
      throw new InvalidInputError(
        'sectionKey',
        `this postmortem has no "${input.sectionKey}" section`,
      );
    const body = input.body.trim();
    if (!body) throw new InvalidInputError('body', 'a comment needs some text');
    const mentioned: Person[] = [];
    for (const email of mentionedEmails(body)) {
      const person = await this.people.personByEmail('body', email);
      mentioned.push(person);
    }
    const comment = await this.repository.transaction(async (manager) => {
      const created = await this.repository.insertComment(manager, {
        postmortemId,
        sectionKey: input.sectionKey,
        authorId: author.userId,
        authorName: author.displayName,
        body,
        mentionIds: mentioned.map((person) => person.id),
      });
      await this.repository.insertMentions(
        manager,
        mentioned.map((person) => ({ commentId: created.id, postmortemId, userId: person.id })),
      );
      if (mentioned.length)
        await this.outbox.emit(manager, 'postmortem.commented', {
          postmortemId,
          commentId: created.id,
          mentionIds: created.mentionIds,
        });
      return created;
    });
    const [view] = await this.views([comment]);
    return view!;
  }

  async list(
    postmortemId: string,
    sectionKey: string,
    cursor?: string,
    limit?: number,
    viewer?: Viewer,
  ): Promise<Page<CommentView>> {
    await this.postmortems.get(postmortemId, viewer);
    const page = await this.repository.comments(postmortemId, sectionKey, cursor, limit);
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  async counts(postmortemId: string, viewer?: Viewer): Promise<Record<string, number>> {
    await this.postmortems.get(postmortemId, viewer);
    return this.repository.commentCounts(postmortemId);
  }

  private async views(comments: PostmortemCommentEntity[]): Promise<CommentView[]> {
    const people = await this.people.peopleByIds(comments.flatMap((comment) => comment.mentionIds));
    return comments.map(({ mentionIds, postmortem: _postmortem, ...comment }) => ({
      ...comment,
      mentions: mentionIds
        .map((id) => people.get(id))
        .filter((person): person is Person => !!person)
        .map(({ id, email, displayName }) => ({ id, email, displayName })),
    }));
  }
}
