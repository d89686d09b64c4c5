import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { PageQueryDto, Access } from '@rca/shared';
import { CreateTemplateDto, UpdateTemplateDto } from './postmortem.dto';
import { TemplateDto, TemplatePageDto } from './postmortem-responses.dto';
import { PreviewTemplateDto, TemplatePreviewDto } from './template.dto';
import { TemplateService } from './template.service';

@ApiTags('postmortem templates')
@Controller('postmortem-templates')
export class TemplateController {
  constructor(private readonly templates: TemplateService) {}

  @Access('manager', 'write:postmortems')
  @Post()
  @ApiOperation({
    summary: 'Create a template (Liquid sections; refused with 400 when a section breaks a limit)',
  })
  @ApiCreatedResponse({ type: TemplateDto })
  create(@Body() body: CreateTemplateDto) {
    return this.templates.create(body);
  }

  @Access('viewer', 'read:postmortems')
  @Get()
  @ApiOperation({ summary: 'List templates, highest priority first' })
  @ApiOkResponse({ type: TemplatePageDto })
  list(@Query() query: PageQueryDto) {
    return this.templates.list(query.cursor, query.limit);
  }

  /** The built-in template (after the Google SRE example postmortem), a starting point for your own. */
  @Access('viewer', 'read:postmortems')
  @Get('builtin')
  @ApiOperation({ summary: 'The built-in template (used when no stored template matches)' })
  builtin() {
    return this.templates.builtin();
  }

  @Access('manager', 'write:postmortems')
  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Render template sections against an incident, as the draft would; nothing is stored',
  })
  @ApiOkResponse({ type: TemplatePreviewDto })
  @ApiUnprocessableEntityResponse({
    description: 'A section exceeds a Liquid limit (code TEMPLATE_LIMIT, `section` names it)',
  })
  preview(@Body() body: PreviewTemplateDto) {
    return this.templates.preview(body);
  }

  @Access('viewer', 'read:postmortems')
  @Get(':id')
  @ApiOperation({ summary: 'Get one template' })
  @ApiOkResponse({ type: TemplateDto })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.templates.get(id);
  }

  @Access('manager', 'write:postmortems')
  @Patch(':id')
  @ApiOperation({ summary: 'Change a template (send the version you read; 409 when stale)' })
  @ApiOkResponse({ type: TemplateDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTemplateDto) {
    const { version, ...patch } = body;
    return this.templates.update(id, version, patch);
  }

  @Access('manager', 'write:postmortems')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a template (drafts already written keep their text)' })
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string) {
    await this.templates.delete(id);
  }
}
