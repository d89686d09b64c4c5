import {
  Body,
  Controller,
  Get,
  HttpCode,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { clientInfo, CurrentPrincipal, type Principal } from '@rca/accounts';
import { Access, ApiErrorBody } from '@rca/shared';
import type { Request, Response } from 'express';
import {
  AiAssistSettingsDto,
  AiAssistSettingsViewDto,
  AiAssistStatusDto,
  AiAssistTestResultDto,
} from './ai-assist.dto';
import { AiAssistService } from './ai-assist.service';

@ApiTags('AI assistance')
@Controller()
export class AiAssistController {
  private readonly logger = new Logger(AiAssistController.name);

  constructor(private readonly ai: AiAssistService) {}

  @Access('viewer', 'read:postmortems')
  @Get('ai-assist')
  @ApiOperation({
    summary:
      'Whether the editor offers "Suggest with AI", and for which sections (off unless configured)',
  })
  @ApiOkResponse({ type: AiAssistStatusDto })
  status() {
    return this.ai.status();
  }

  @Access('admin', 'admin')
  @Get('admin/ai-assist')
  @ApiOperation({
    summary: "The AI endpoint settings (the API key only as set or not) and today's usage",
  })
  @ApiOkResponse({ type: AiAssistSettingsViewDto })
  settings() {
    return this.ai.settingsView();
  }

  @Access('admin', 'admin')
  @Put('admin/ai-assist')
  @ApiOperation({
    summary:
      'Configures the OpenAI-compatible endpoint, its encrypted key, the daily token and cost limits and whether internal sections may be sent',
  })
  @ApiOkResponse({ type: AiAssistSettingsViewDto })
  save(
    @Body() body: AiAssistSettingsDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
  ) {
    return this.ai.saveSettings(body, principal, clientInfo(request));
  }

  @Access('admin', 'admin')
  @Post('admin/ai-assist/test')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Tests the saved endpoint with one tiny non-streamed completion (no incident data in it): address, key and model',
  })
  @ApiOkResponse({ type: AiAssistTestResultDto })
  @ApiServiceUnavailableResponse({
    type: ApiErrorBody,
    description: 'AI_ENDPOINT_UNAVAILABLE or AI_RATE_LIMITED (Retry-After)',
  })
  test(@CurrentPrincipal() principal: Principal, @Req() request: Request) {
    return this.ai.testConnection(principal, clientInfo(request));
  }

  @Access('responder', 'write:postmortems')
  @Post('postmortems/:id/sections/:key/ai-suggestion')
  @ApiOperation({
    summary:
      'Streams an AI suggestion for one section (server-sent events: delta…, then suggestion or error); nothing is stored',
    description:
      'Events: `delta` {text} as the answer arrives (unchecked), then `suggestion` {markdown, citations, dropped, …} with every sentence citing this incident record, or `error` {code, message}. Refusals before the stream starts are ordinary JSON errors.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream' })
  @ApiNotFoundResponse({
    type: ApiErrorBody,
    description: 'AI_ASSIST_DISABLED (not configured), or no such postmortem/section',
  })
  @ApiForbiddenResponse({ type: ApiErrorBody, description: 'AI_INTERNAL_SECTION, or role/scope' })
  @ApiTooManyRequestsResponse({ type: ApiErrorBody, description: 'AI_LIMIT_REACHED (Retry-After)' })
  @ApiServiceUnavailableResponse({
    type: ApiErrorBody,
    description: 'AI_ENDPOINT_UNAVAILABLE or AI_RATE_LIMITED (Retry-After)',
  })
  async suggest(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('key') key: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const abort = new AbortController();
    const onClose = () => {
      if (!response.writableFinished) abort.abort();
    };
    response.on('close', onClose);
    // Throws (→ JSON error) until the endpoint has answered with a stream.
    const events = await this.ai.suggest(id, key, principal, clientInfo(request), abort.signal);
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    const send = (event: { type: string; [key: string]: unknown }) =>
      response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    try {
      for await (const event of events) {
        if (abort.signal.aborted) break;
        send(event);
      }
    } catch (error) {
      // Past the headers the filter cannot answer: the stream ends with an error event instead.
      this.logger.error({ err: error }, 'AI suggestion stream failed');
      if (!abort.signal.aborted)
        send({
          type: 'error',
          code: 'INTERNAL',
          message: 'The suggestion failed on our side; nothing was kept',
        });
    } finally {
      response.end();
    }
  }
}
