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
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { PageQueryDto, Access } from '@rca/shared';
import {
  ChannelDto,
  ChannelPageDto,
  CreateChannelDto,
  DeliveryDto,
  DeliveryPageDto,
  DeliveryQueryDto,
  UpdateChannelDto,
} from './notification.dto';
import { NotificationService, toChannelView } from './notification.service';

@ApiTags('notifications')
@Controller()
export class NotificationController {
  constructor(private readonly notifications: NotificationService) {}

  @Access('admin', 'admin')
  @Post('notification-channels')
  @ApiOperation({ summary: 'Create a notification channel (Slack, signed webhook, e-mail)' })
  @ApiCreatedResponse({ type: ChannelDto })
  create(@Body() body: CreateChannelDto) {
    return this.notifications.createChannel(body);
  }

  @Access('admin', 'admin')
  @Get('notification-channels')
  @ApiOperation({ summary: 'List notification channels' })
  @ApiOkResponse({ type: ChannelPageDto })
  list(@Query() query: PageQueryDto) {
    return this.notifications.listChannels(query.cursor, query.limit);
  }

  @Access('admin', 'admin')
  @Get('notification-channels/:id')
  @ApiOperation({ summary: 'Get one notification channel' })
  @ApiOkResponse({ type: ChannelDto })
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toChannelView(await this.notifications.getChannel(id));
  }

  @Access('admin', 'admin')
  @Patch('notification-channels/:id')
  @ApiOperation({ summary: 'Change a notification channel' })
  @ApiOkResponse({ type: ChannelDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateChannelDto) {
    return this.notifications.updateChannel(id, body);
  }

  @Access('admin', 'admin')
  @Delete('notification-channels/:id')
  @ApiOperation({ summary: 'Delete a notification channel' })
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string) {
    await this.notifications.deleteChannel(id);
  }

  /** Sends a test message now; the delivery record shows the outcome. */
  @Access('admin', 'admin')
  @Post('notification-channels/:id/test')
  @ApiOperation({ summary: 'Send a test message through a channel now' })
  @ApiCreatedResponse({ type: DeliveryDto })
  test(@Param('id', ParseUUIDPipe) id: string) {
    return this.notifications.sendTest(id);
  }

  @Access('admin', 'admin')
  @Get('notification-deliveries')
  @ApiOperation({ summary: 'List notification deliveries' })
  @ApiOkResponse({ type: DeliveryPageDto })
  deliveries(@Query() query: DeliveryQueryDto) {
    return this.notifications.listDeliveries(
      { status: query.status, channelId: query.channelId, topic: query.topic },
      query.cursor,
      query.limit,
    );
  }

  @Access('admin', 'admin')
  @Get('notification-deliveries/:id')
  @ApiOperation({ summary: 'Get one notification delivery with its outcome' })
  @ApiOkResponse({ type: DeliveryDto })
  delivery(@Param('id', ParseUUIDPipe) id: string) {
    return this.notifications.getDelivery(id);
  }
}
