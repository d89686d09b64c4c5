import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { INT4_MAX } from '@rca/shared';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

export class SlackSettingsDto {
  @ApiProperty({ description: 'Both secrets are set' }) configured!: boolean;
  @ApiProperty({ description: '0 while nothing is saved' }) version!: number;
  @ApiProperty({ type: String, nullable: true }) teamId!: string | null;
  @ApiProperty() signingSecretSet!: boolean;
  @ApiProperty() botTokenSet!: boolean;
  @ApiProperty({ type: String, nullable: true }) updatedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: Date | null;
}

export class UpdateSlackSettingsDto {
  @ApiProperty({ description: 'The version read (0 for the first save)' })
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  version!: number;

  @ApiPropertyOptional({
    description: 'Signing secret (Basic Information → App Credentials); omitted: kept',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f]{16,128}$/i, {
    message: 'signingSecret must be the hexadecimal signing secret Slack shows',
  })
  signingSecret?: string;

  @ApiPropertyOptional({ description: 'Bot User OAuth Token (xoxb-…); omitted: kept' })
  @IsOptional()
  @IsString()
  @Matches(/^xox[bp]-[A-Za-z0-9-]{10,250}$/, {
    message: 'botToken must be a Slack bot token (xoxb-…)',
  })
  botToken?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Workspace id (T…) requests must come from; null: any',
  })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(32)
  @Matches(/^[TE][A-Z0-9]+$/, { message: 'teamId must be a Slack workspace id (T…)' })
  teamId?: string | null;
}

export class SlackConnectionCheckDto {
  @ApiProperty({ description: 'The token works (and belongs to the workspace set, if any)' })
  ok!: boolean;
  @ApiProperty({ type: String, nullable: true }) teamId!: string | null;
  @ApiProperty({ type: String, nullable: true }) team!: string | null;
  @ApiProperty({ type: String, nullable: true }) botUserId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'invalid_auth' }) error!: string | null;
}
