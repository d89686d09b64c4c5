import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

/** PUT /api/admin/ai-assist: the whole configuration (the key only when it changes). */
export class AiAssistSettingsDto {
  @ApiProperty({ description: 'Current settings version (0 when none were saved yet)', example: 0 })
  @IsInt()
  @Min(0)
  version!: number;

  @ApiProperty({ description: 'Off: nothing shows in the editor and nothing is called' })
  @IsBoolean()
  enabled!: boolean;

  @ApiProperty({
    example: 'https://api.openai.com/v1',
    description:
      'OpenAI-compatible API root (hosted provider, vLLM, Ollama, llama.cpp …); checked against the outbound address policy',
  })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(500)
  baseUrl!: string;

  @ApiProperty({ example: 'gpt-4o-mini' })
  @IsString()
  @Length(1, 200)
  model!: string;

  @ApiPropertyOptional({
    nullable: true,
    description:
      'API key; omit to keep the stored one, null to remove it. Stored encrypted, never shown again',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Length(1, 500)
  apiKey?: string | null;

  @ApiProperty({ example: 200000, description: 'Prompt + completion tokens per UTC day' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  dailyTokenLimit!: number;

  @ApiProperty({ example: 5, description: 'US dollars per UTC day (from the prices below)' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  dailyCostLimitUsd!: number;

  @ApiProperty({ example: 0.15, description: 'Price of a million prompt tokens, USD' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10_000)
  inputCostPerMillionTokensUsd!: number;

  @ApiProperty({ example: 0.6, description: 'Price of a million completion tokens, USD' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10_000)
  outputCostPerMillionTokensUsd!: number;

  @ApiProperty({
    description: 'Sections marked internal may be suggested too (default off: never)',
  })
  @IsBoolean()
  allowInternalSections!: boolean;

  @ApiPropertyOptional({ example: 60, default: 60, description: 'Longest wait for a whole answer' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(600)
  timeoutSeconds?: number;

  @ApiPropertyOptional({ example: 800, default: 800 })
  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(16_000)
  maxOutputTokens?: number;
}

export class AiAssistUsageDto {
  @ApiProperty({ example: '2026-12-03' }) day!: string;
  @ApiProperty() tokens!: number;
  @ApiProperty() costUsd!: number;
  @ApiProperty() calls!: number;
}

/** The settings as an admin sees them: the key only as "set" or not. */
export class AiAssistSettingsViewDto {
  @ApiProperty() version!: number;
  @ApiProperty() configured!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty() baseUrl!: string;
  @ApiProperty() model!: string;
  @ApiProperty() apiKeySet!: boolean;
  @ApiProperty() dailyTokenLimit!: number;
  @ApiProperty() dailyCostLimitUsd!: number;
  @ApiProperty() inputCostPerMillionTokensUsd!: number;
  @ApiProperty() outputCostPerMillionTokensUsd!: number;
  @ApiProperty() allowInternalSections!: boolean;
  @ApiProperty() timeoutSeconds!: number;
  @ApiProperty() maxOutputTokens!: number;
  @ApiPropertyOptional({ nullable: true }) updatedBy!: string | null;
  @ApiProperty({ type: AiAssistUsageDto }) usageToday!: AiAssistUsageDto;
}

/** GET /api/ai-assist: whether the editor offers suggestions, and for which sections. */
export class AiAssistStatusDto {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: [String] }) sections!: string[];
  @ApiProperty() allowInternalSections!: boolean;
}

/** POST /api/admin/ai-assist/test */
export class AiAssistTestResultDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty() model!: string;
  @ApiProperty() latencyMs!: number;
  @ApiProperty({ description: "The model's answer (at most 200 characters)" }) answer!: string;
}
