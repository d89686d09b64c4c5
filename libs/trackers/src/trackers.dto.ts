import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { CursorPageMetaDto } from '@rca/shared';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { TRACKER_LINK_STATES } from './tracker-link.entity';
import { TRACKER_KINDS, type TrackerKind } from './tracker-target.entity';

export class TrackerCredentialsDto {
  @ApiProperty({
    description:
      'The secret of the account issues are written as. Redmine: its API access key (My account); GitHub: a fine-grained token with Issues read/write on the repository; Jira Cloud: an API token (with `username`); Jira Data Center: a personal access token; Linear: a personal API key',
  })
  @IsString()
  @Length(1, 500)
  apiKey!: string;

  @ApiPropertyOptional({
    description:
      "Jira Cloud only: the e-mail of the account the API token belongs to (basic auth); leave out for Data Center's bearer token",
  })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  username?: string;
}

class StatusMappingDto {
  @ApiPropertyOptional({ example: 'New' }) @IsOptional() @IsString() @MaxLength(100) open?: string;
  @ApiPropertyOptional({ example: 'In Progress' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  in_progress?: string;
  @ApiPropertyOptional({ example: 'Closed' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  done?: string;
  @ApiPropertyOptional({ example: 'Rejected' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  wont_do?: string;
}

class PriorityMappingDto {
  @ApiPropertyOptional({ example: 'Immediate' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  P0?: string;
  @ApiPropertyOptional({ example: 'Urgent' }) @IsOptional() @IsString() @MaxLength(100) P1?: string;
  @ApiPropertyOptional({ example: 'High' }) @IsOptional() @IsString() @MaxLength(100) P2?: string;
  @ApiPropertyOptional({ example: 'Normal' }) @IsOptional() @IsString() @MaxLength(100) P3?: string;
}

export class FieldMappingDto {
  @ApiPropertyOptional({
    type: StatusMappingDto,
    description: "Our status → the tracker's status name",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => StatusMappingDto)
  statuses?: StatusMappingDto;

  @ApiPropertyOptional({
    type: PriorityMappingDto,
    description: "Our priority → the tracker's priority name",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PriorityMappingDto)
  priorities?: PriorityMappingDto;
}

export class CreateTrackerTargetDto {
  @ApiProperty({ example: 'Ops Redmine' }) @IsString() @Length(1, 120) name!: string;

  @ApiProperty({ enum: TRACKER_KINDS })
  @IsIn(TRACKER_KINDS as unknown as string[])
  kind!: TrackerKind;

  @ApiPropertyOptional({
    nullable: true,
    description: 'The team whose action items go here; null: the default for every other team',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  team?: string | null;

  @ApiProperty({
    example: 'https://redmine.example.com',
    description:
      "The tracker's address: Redmine's URL, https://api.github.com (or GitHub Enterprise's https://host/api/v3), Jira's site URL (https://acme.atlassian.net), Linear's https://api.linear.app",
  })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  baseUrl!: string;

  @ApiProperty({
    example: 'reliability',
    description:
      'Redmine: the project identifier; GitHub: owner/repo; Jira: the project key (OPS); Linear: the team key (ENG)',
  })
  @IsString()
  @Length(1, 200)
  project!: string;

  @ApiPropertyOptional({
    nullable: true,
    example: 'Feature',
    description:
      "Redmine: the tracker new issues get (default: the project's first); Jira: the issue type (default: Task); GitHub and Linear: a label every new issue gets (default: none)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  issueType?: string | null;

  @ApiPropertyOptional({ type: FieldMappingDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FieldMappingDto)
  fieldMapping?: FieldMappingDto;

  @ApiPropertyOptional({
    default: false,
    description: 'Create an issue for every open action item when the postmortem is approved',
  })
  @IsOptional()
  @IsBoolean()
  createOnApproval?: boolean;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;

  @ApiProperty({ type: TrackerCredentialsDto, description: 'Write-only, encrypted at rest' })
  @ValidateNested()
  @Type(() => TrackerCredentialsDto)
  credentials!: TrackerCredentialsDto;
}

/** The kind of a target is fixed: its links name issues of that tracker. */
export class UpdateTrackerTargetDto extends PartialType(
  OmitType(CreateTrackerTargetDto, ['kind']),
) {
  @ApiProperty({ description: 'The version you read (409 when someone changed it since)' })
  @IsInt()
  @Min(1)
  version!: number;
}

export class TrackerTargetDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: TRACKER_KINDS }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) team!: string | null;
  @ApiProperty() baseUrl!: string;
  @ApiProperty() project!: string;
  @ApiProperty({ nullable: true, type: String }) issueType!: string | null;
  @ApiProperty({ type: FieldMappingDto }) fieldMapping!: FieldMappingDto;
  @ApiProperty() createOnApproval!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty() hasCredentials!: boolean;
  @ApiProperty({ nullable: true, type: Date }) pollCursor!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastPolledAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class TrackerTargetPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [TrackerTargetDto] }) items!: TrackerTargetDto[];
}

export class TrackerTestDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty() message!: string;
}

export class TrackerLinkDto {
  @ApiProperty() id!: string;
  @ApiProperty() actionItemId!: string;
  @ApiProperty() postmortemId!: string;
  @ApiProperty() targetId!: string;
  @ApiProperty({ enum: TRACKER_LINK_STATES }) state!: string;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '#42' }) externalKey!: string | null;
  @ApiProperty({ nullable: true, type: String }) url!: string | null;
  @ApiProperty({ nullable: true, type: Date }) remoteUpdatedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastSyncedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

class TrackerTargetRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: TRACKER_KINDS }) kind!: string;
}

export class PostmortemTrackerLinksDto {
  @ApiProperty({
    type: TrackerTargetRefDto,
    nullable: true,
    description: "Where this postmortem's items go; null: no target serves its team",
  })
  target!: TrackerTargetRefDto | null;
  @ApiProperty({ type: [TrackerLinkDto] }) items!: TrackerLinkDto[];
}
