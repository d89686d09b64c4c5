import { CurrentPrincipal, Principal } from '@rca/accounts';
import {
  Body,
  Controller,
  Get,
  Header,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Access, PageQueryDto } from '@rca/shared';
import {
  CancelMeetingDto,
  MeetingDto,
  MeetingPageDto,
  ScheduleMeetingDto,
  SuggestedParticipantsDto,
  UpdateMeetingDto,
} from './meeting.dto';
import { MeetingService } from './meeting.service';

/** The retrospective meeting of a postmortem, with its calendar invitation. */
@ApiTags('postmortems')
@Controller()
export class MeetingController {
  constructor(private readonly meetings: MeetingService) {}

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/meetings')
  @ApiOperation({ summary: "A postmortem's review meetings, latest start first" })
  @ApiOkResponse({ type: MeetingPageDto })
  list(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.meetings.list(id, query.cursor, query.limit, principal);
  }

  @Access('viewer', 'read:postmortems')
  @Get('postmortems/:id/meeting-participants')
  @ApiOperation({
    summary: 'Who to invite: the owner, the required reviewers and the incident responders',
  })
  @ApiOkResponse({ type: SuggestedParticipantsDto })
  async suggested(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return {
      items: await this.meetings.suggestedParticipants(id, principal),
      emailInvitations: this.meetings.emailInvitations,
    };
  }

  @Access('responder', 'write:postmortems')
  @Post('postmortems/:id/meetings')
  @ApiOperation({ summary: 'Schedule the review meeting; each participant gets an ICS invitation' })
  @ApiCreatedResponse({ type: MeetingDto })
  schedule(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ScheduleMeetingDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.meetings.schedule(id, body, principal, principal);
  }

  @Access('responder', 'write:postmortems')
  @Patch('meetings/:id')
  @ApiOperation({
    summary: 'Move or change a meeting (updated invitations), or record its notes',
  })
  @ApiOkResponse({ type: MeetingDto })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateMeetingDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const { version, ...patch } = body;
    return this.meetings.update(id, version, patch, principal);
  }

  @Access('responder', 'write:postmortems')
  @Post('meetings/:id/cancel')
  @ApiOperation({ summary: 'Cancel a meeting; every participant gets the cancellation' })
  @ApiOkResponse({ type: MeetingDto })
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CancelMeetingDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.meetings.cancel(id, body.version, principal);
  }

  @Access('viewer', 'read:postmortems')
  @Get('meetings/:id/invitation.ics')
  @ApiOperation({ summary: "A meeting's invitation as an iCalendar file" })
  @ApiProduces('text/calendar')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="invitation.ics"')
  calendar(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return this.meetings.calendarFile(id, principal);
  }
}
