import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@rca/shared';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import {
  SLACK_MESSAGE_ORIGINS,
  SLACK_MESSAGE_STATES,
  type SlackMessageState,
} from './slack-message.entity';

const INSTANT = { example: '2025-11-18T11:00:00Z', description: 'ISO-8601 instant with an offset' };

export class SlackChannelDto {
  @ApiProperty() channelId!: string;
  @ApiProperty({ type: String, nullable: true }) channelName!: string | null;
  @ApiProperty() linkedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}

export class SlackImportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty({ enum: ['history', 'export'] }) origin!: string;
  @ApiProperty({ type: String, format: 'date-time' }) fromAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) toAt!: Date;
  @ApiProperty({ enum: ['pending', 'done', 'failed'] }) state!: string;
  @ApiProperty({ description: 'Messages proposed (those known already are not counted)' })
  proposed!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() requestedBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}

export class SlackArchiveImportDto extends SlackImportDto {
  @ApiProperty({ description: 'Messages of the channel in the window found in the archive' })
  found!: number;
}

export class SlackOverviewDto {
  @ApiProperty({ type: [SlackChannelDto] }) channels!: SlackChannelDto[];
  @ApiProperty({ type: [SlackImportDto], description: 'The 20 latest imports' })
  imports!: SlackImportDto[];
}

export class SlackMessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty({ description: 'Slack message ts (Unix seconds.microseconds)' }) messageTs!: string;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt!: Date;
  @ApiProperty({ type: String, nullable: true }) authorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) authorName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The author's IANA zone" })
  authorZone!: string | null;
  @ApiProperty({ description: 'Markdown' }) body!: string;
  @ApiProperty({ type: String, nullable: true }) permalink!: string | null;
  @ApiProperty({ enum: SLACK_MESSAGE_ORIGINS }) origin!: string;
  @ApiProperty({ enum: SLACK_MESSAGE_STATES }) state!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) timelineEventId!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: Date | null;
}

export class SlackMessagePageDto {
  @ApiProperty({ type: [SlackMessageDto] }) items!: SlackMessageDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class SlackMessageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SLACK_MESSAGE_STATES, default: 'proposed' })
  @IsOptional()
  @IsIn(SLACK_MESSAGE_STATES)
  state?: SlackMessageState;
}

export class RequestHistoryImportDto {
  @ApiPropertyOptional({ description: 'A linked channel (C…); default: the first linked one' })
  @IsOptional()
  @IsString()
  @Matches(/^[CGD][A-Z0-9]{2,30}$/, { message: 'channelId must be a Slack channel id (C…)' })
  channelId?: string;

  @ApiProperty(INSTANT) @IsString() @MaxLength(40) from!: string;
  @ApiProperty(INSTANT) @IsString() @MaxLength(40) to!: string;
}

export class ArchiveImportQueryDto {
  @ApiProperty({ example: 'INC-2025-0042' })
  @IsString()
  @Matches(/^INC-\d{4}-\d{1,10}$/i, {
    message: 'incident must be an incident reference (INC-2025-0042)',
  })
  incident!: string;

  @ApiProperty({ description: 'Channel name (inc-cloudflare) or id in the archive' })
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  channel!: string;

  @ApiProperty(INSTANT) @IsString() @MaxLength(40) from!: string;
  @ApiProperty(INSTANT) @IsString() @MaxLength(40) to!: string;
}
