// Request and response shapes of the retrospective-meeting routes (meeting.controller.ts).
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { INSTANT_DOC, type InstantInput, IsInstantInput } from '@rca/incidents';
import { CursorPageMetaDto } from '@rca/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MEETING_ROLES, MEETING_STATUSES } from './postmortem-meeting.entity';

export const MAX_MEETING_PARTICIPANTS = 100;

export class MeetingParticipantInputDto {
  @ApiProperty({ example: 'ada@example.com' }) @IsEmail() @MaxLength(320) email!: string;
  @ApiPropertyOptional({
    example: 'America/New_York',
    description:
      "IANA zone this person's invitation shows the time in; default: the meeting's zone",
  })
  @IsOptional()
  @IsTimeZone()
  zone?: string;
  @ApiPropertyOptional({
    enum: MEETING_ROLES,
    description:
      'Default: owner / reviewer / responder from the postmortem and incident; someone who is not a user is a guest',
  })
  @IsOptional()
  @IsIn(MEETING_ROLES)
  role?: (typeof MEETING_ROLES)[number];
}

export class ScheduleMeetingDto {
  @ApiPropertyOptional({ description: 'Default: "Review: <reference> <postmortem title>"' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  title?: string;
  @ApiProperty({
    ...INSTANT_DOC,
    description: `When it starts. ${INSTANT_DOC.description}`,
  })
  @IsInstantInput()
  startsAt!: InstantInput;
  @ApiProperty({ minimum: 5, maximum: 480, example: 60 })
  @IsInt()
  @Min(5)
  @Max(480)
  durationMinutes!: number;
  @ApiProperty({ example: 'Europe/Berlin', description: "The organiser's IANA zone" })
  @IsTimeZone()
  zone!: string;
  @ApiPropertyOptional({ description: 'A room, or the video-call link' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  location?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20_000) agenda?: string;
  @ApiProperty({
    type: [MeetingParticipantInputDto],
    description:
      'Everyone invited (GET …/meeting-participants suggests the owner, reviewers and responders)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MEETING_PARTICIPANTS)
  @ValidateNested({ each: true })
  @Type(() => MeetingParticipantInputDto)
  participants!: MeetingParticipantInputDto[];
}

export class UpdateMeetingDto extends PartialType(ScheduleMeetingDto) {
  @ApiProperty({ description: 'The version you read (409 when someone changed it since)' })
  @IsInt()
  @Min(1)
  version!: number;
  @ApiPropertyOptional({
    description: 'What was decided; editing it sends no new invitation',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50_000)
  notes?: string;
}

export class CancelMeetingDto {
  @ApiProperty({ description: 'The version you read' }) @IsInt() @Min(1) version!: number;
}

export class MeetingParticipantDto {
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: MEETING_ROLES }) role!: string;
  @ApiProperty() zone!: string;
}

export class MeetingDto {
  @ApiProperty() id!: string;
  @ApiProperty() postmortemId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() startsAt!: Date;
  @ApiProperty() durationMinutes!: number;
  @ApiProperty() zone!: string;
  @ApiProperty() location!: string;
  @ApiProperty() agenda!: string;
  @ApiProperty({ type: [MeetingParticipantDto] }) participants!: MeetingParticipantDto[];
  @ApiProperty() organizerEmail!: string;
  @ApiProperty() organizerName!: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status!: string;
  @ApiProperty({ description: 'Invitation round (ICS SEQUENCE)' }) sequence!: number;
  @ApiProperty() notes!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class MeetingPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [MeetingDto] }) items!: MeetingDto[];
}

export class SuggestedParticipantsDto {
  @ApiProperty({ type: [MeetingParticipantDto] }) items!: MeetingParticipantDto[];
  @ApiProperty({
    description:
      'Whether invitations go out by e-mail (SMTP_URL is set); otherwise download the .ics',
  })
  emailInvitations!: boolean;
}
