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
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@rca/accounts';
import { Access, PageQueryDto } from '@rca/shared';
import {
  CreateTrackerTargetDto,
  PostmortemTrackerLinksDto,
  TrackerLinkDto,
  TrackerTargetDto,
  TrackerTargetPageDto,
  TrackerTestDto,
  UpdateTrackerTargetDto,
} from './trackers.dto';
import { TrackersService } from './trackers.service';

/** Action items synced with the teams' trackers (docs/trackers.md). */
@ApiTags('trackers')
@Controller()
export class TrackersController {
  constructor(private readonly trackers: TrackersService) {}

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/tracker-links')
  @ApiOperation({
    summary: "Where a postmortem's action items go, and each item's issue in the tracker",
  })
  @ApiOkResponse({ type: PostmortemTrackerLinksDto })
  links(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return this.trackers.linksOf(id, principal);
  }

  @Access('responder', 'write:postmortems')
  @Post('action-items/:id/tracker-link')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Create the action item’s issue in its team’s tracker (asked again: synced now; never a second issue)',
  })
  @ApiAcceptedResponse({ type: TrackerLinkDto })
  request(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return this.trackers.requestIssue(id, principal);
  }

  // --- targets: admins ---------------------------------------------------------------------------

  @Access('admin', 'admin')
  @Get('tracker-targets')
  @ApiOperation({ summary: 'List tracker targets (settings; credentials never shown)' })
  @ApiOkResponse({ type: TrackerTargetPageDto })
  list(@Query() query: PageQueryDto) {
    return this.trackers.listTargets(query.cursor, query.limit);
  }

  @Access('admin', 'admin')
  @Post('tracker-targets')
  @ApiOperation({ summary: 'Add a tracker target for a team (or the default one)' })
  @ApiCreatedResponse({ type: TrackerTargetDto })
  create(@Body() body: CreateTrackerTargetDto) {
    return this.trackers.createTarget(body);
  }

  @Access('admin', 'admin')
  @Get('tracker-targets/:id')
  @ApiOperation({ summary: 'Get one tracker target' })
  @ApiOkResponse({ type: TrackerTargetDto })
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return this.trackers.toView(await this.trackers.getTarget(id));
  }

  @Access('admin', 'admin')
  @Patch('tracker-targets/:id')
  @ApiOperation({ summary: 'Change a tracker target (send the version you read)' })
  @ApiOkResponse({ type: TrackerTargetDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTrackerTargetDto) {
    const { version, ...patch } = body;
    return this.trackers.updateTarget(id, version, patch);
  }

  @Access('admin', 'admin')
  @Delete('tracker-targets/:id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a tracker target and its links (the issues stay in the tracker)',
  })
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string) {
    await this.trackers.deleteTarget(id);
  }

  @Access('admin', 'admin')
  @Post('tracker-targets/:id/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Read the project with the stored credentials' })
  @ApiOkResponse({ type: TrackerTestDto })
  test(@Param('id', ParseUUIDPipe) id: string) {
    return this.trackers.testTarget(id);
  }
}
