// Request and response shapes of the comment and inbox routes (collaboration.controller.ts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CursorPageMetaDto, PageQueryDto } from '@rca/shared';
import { IsIn, IsString, Length } from 'class-validator';
import { ActionItemDto } from './postmortem.dto';
import { SECTION_KEYS } from './postmortem.entity';

export class CreateCommentDto {
  @ApiProperty({ enum: SECTION_KEYS }) @IsIn(SECTION_KEYS) sectionKey!: string;
  @ApiProperty({
    description:
      'Plain text; `@ada@example.com` mentions that user (400 when no user has the e-mail)',
  })
  @IsString()
  @Length(1, 10_000)
  body!: string;
}

export class CommentQueryDto extends PageQueryDto {
  @ApiProperty({ enum: SECTION_KEYS }) @IsIn(SECTION_KEYS) section!: string;
}

class MentionedPersonDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
}

export class CommentDto {
  @ApiProperty() id!: string;
  @ApiProperty() postmortemId!: string;
  @ApiProperty() sectionKey!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) authorId!: string | null;
  @ApiProperty() authorName!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [MentionedPersonDto] }) mentions!: MentionedPersonDto[];
  @ApiProperty() createdAt!: Date;
}

export class CommentPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [CommentDto] }) items!: CommentDto[];
}

export class InboxCountsDto {
  @ApiProperty() reviews!: number;
  @ApiProperty() actionItems!: number;
  @ApiProperty() mentions!: number;
}

export class InboxReviewDto {
  @ApiProperty() id!: string;
  @ApiProperty() incidentId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() title!: string;
  @ApiProperty() severity!: string;
  @ApiPropertyOptional({ nullable: true, type: Date }) dueAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) submittedAt!: Date | null;
}

export class InboxReviewPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [InboxReviewDto] }) items!: InboxReviewDto[];
}

export class InboxActionItemDto extends ActionItemDto {
  @ApiProperty() reference!: string;
  @ApiProperty() postmortemTitle!: string;
}

export class InboxActionItemPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [InboxActionItemDto] }) items!: InboxActionItemDto[];
}

export class InboxMentionDto {
  @ApiProperty() id!: string;
  @ApiProperty() commentId!: string;
  @ApiProperty() postmortemId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() postmortemTitle!: string;
  @ApiProperty() sectionKey!: string;
  @ApiProperty() authorName!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [MentionedPersonDto] }) mentions!: MentionedPersonDto[];
  @ApiProperty() createdAt!: Date;
}

export class InboxMentionPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [InboxMentionDto] }) items!: InboxMentionDto[];
}
