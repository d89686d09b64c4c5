import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '@rca/accounts';
import { Access, ApiErrorBody } from '@rca/shared';
import type { Request } from 'express';
import { TrackerWebhookService } from './tracker-webhook.service';

class TrackerWebhookSetupDto {
  @ApiProperty() supported!: boolean;
  @ApiProperty() url!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Paste into the tracker; never stored',
  })
  secret!: string | null;
  @ApiProperty({ nullable: true, type: String }) signatureHeader!: string | null;
  @ApiProperty() note!: string;
}

class WebhookQueuedDto {
  @ApiProperty({ description: 'Linked items whose sync was queued' }) queued!: number;
}

/** Webhooks of GitHub, Jira and Linear: signed calls that bring an issue's change at once. */
@ApiTags('trackers')
@Controller()
export class TrackerWebhookController {
  constructor(private readonly webhooks: TrackerWebhookService) {}

  @Access('admin', 'admin')
  @Get('tracker-targets/:id/webhook')
  @ApiOperation({ summary: "The URL and secret to register as the tracker's webhook" })
  @ApiOkResponse({ type: TrackerWebhookSetupDto })
  setup(@Param('id', ParseUUIDPipe) id: string) {
    return this.webhooks.setup(id);
  }

  @Public()
  @Post('tracker-webhooks/:id')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Called by the tracker (signed with the target’s secret): the issue named is synced',
  })
  @ApiAcceptedResponse({ type: WebhookQueuedDto })
  @ApiUnauthorizedResponse({ type: ApiErrorBody, description: 'Not signed with the secret' })
  receive(@Param('id', ParseUUIDPipe) id: string, @Req() request: Request) {
    return this.webhooks.receive(
      id,
      request.headers,
      Buffer.isBuffer(request.body) ? request.body : undefined,
    );
  }
}
