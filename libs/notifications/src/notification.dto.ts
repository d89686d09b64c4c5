import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { CursorPageMetaDto, PageQueryDto } from '@rca/shared';
import { ChannelKind, NotificationTopic } from './notification-channel.entity';
import { DeliveryStatus } from './notification-delivery.entity';

/** A Slack channel id (public C…, private G…) or a #name as Slack allows it. */
const SLACK_CHANNEL = /^([CG][A-Z0-9]{8,20}|#[a-z0-9][a-z0-9._-]{0,79})$/;

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class CreateChannelDto {
  @ApiProperty({ example: 'sre-managers-slack' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ enum: ChannelKind }) @IsEnum(ChannelKind) kind!: ChannelKind;
  @ApiPropertyOptional({
    description: 'Webhook or Slack incoming-webhook URL',
    example: 'https://hooks.slack.com/services/T000/B000/XXX',
  })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  url?: string;
  @ApiPropertyOptional({ description: 'HMAC-SHA256 key of generic webhooks (write-only)' })
  @IsOptional()
  @IsString()
  @Length(16, 200)
  secret?: string;
  @ApiPropertyOptional({ type: [String], example: ['sre-leads@example.com'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true })
  emailTo?: string[];
  @ApiPropertyOptional({
    description:
      'Slack app channels: the Slack channel id ("C0123ABCD") or "#name"; invite the app to it first',
    example: '#sre-incidents',
  })
  @IsOptional()
  @Matches(SLACK_CHANNEL, {
    message: 'slackChannel must be a Slack channel id (C0123ABCD) or #name',
  })
  slackChannel?: string;
  @ApiProperty({ enum: NotificationTopic, isArray: true, example: ['reminder', 'escalation'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsEnum(NotificationTopic, { each: true })
  topics!: NotificationTopic[];
  @ApiPropertyOptional({ description: "Only this team's postmortems; omit for every team" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  team?: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateChannelDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(2000) url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(16, 200) secret?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true })
  emailTo?: string[];
  @ApiPropertyOptional({
    description:
      'Slack app channels: the Slack channel id ("C0123ABCD") or "#name"; invite the app to it first',
    example: '#sre-incidents',
  })
  @IsOptional()
  @Matches(SLACK_CHANNEL, {
    message: 'slackChannel must be a Slack channel id (C0123ABCD) or #name',
  })
  slackChannel?: string;
  @ApiPropertyOptional({ enum: NotificationTopic, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsEnum(NotificationTopic, { each: true })
  topics?: NotificationTopic[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) team?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
}

export class ChannelDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ChannelKind }) kind!: ChannelKind;
  @ApiPropertyOptional({ nullable: true, type: String }) url!: string | null;
  @ApiProperty({ description: 'A signing secret is set (it is never returned)' })
  hasSecret!: boolean;
  @ApiProperty({ type: [String] }) emailTo!: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) slackChannel!: string | null;
  @ApiProperty({ enum: NotificationTopic, isArray: true }) topics!: NotificationTopic[];
  @ApiPropertyOptional({ nullable: true, type: String }) team!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class ChannelPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [ChannelDto] }) items!: ChannelDto[];
}

export class DeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DeliveryStatus })
  @IsOptional()
  @IsEnum(DeliveryStatus)
  status?: DeliveryStatus;
  @ApiPropertyOptional() @IsOptional() @IsUUID() channelId?: string;
  @ApiPropertyOptional({ enum: NotificationTopic })
  @IsOptional()
  @IsEnum(NotificationTopic)
  topic?: NotificationTopic;
}

export class DeliveryDto {
  @ApiProperty() id!: string;
  @ApiProperty() dedupeKey!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'null for a message to one person',
  })
  channelId!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'The e-mail address of the one person a message is for',
  })
  recipient!: string | null;
  @ApiProperty({ enum: ChannelKind }) channelKind!: ChannelKind;
  @ApiProperty({ enum: NotificationTopic }) topic!: NotificationTopic;
  @ApiProperty() subject!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ enum: DeliveryStatus }) status!: DeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) lastError!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) lastAttemptAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) deliveredAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export class DeliveryPageDto extends CursorPageMetaDto {
  @ApiProperty({ type: [DeliveryDto] }) items!: DeliveryDto[];
}
