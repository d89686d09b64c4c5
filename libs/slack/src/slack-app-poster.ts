import { Injectable } from '@nestjs/common';
import { PermanentDeliveryError, SlackAppPoster } from '@rca/notifications';
import { SlackError } from './slack.errors';
import { SlackSettingsService } from './slack-settings.service';
import { SlackApiError } from './slack-web-api';

/**
 * The notification channel kind "Slack app": posts with the app's bot token (chat.postMessage).
 * Not set up, or a refusal Slack will repeat (channel_not_found, not_in_channel, invalid_auth…):
 * the delivery fails for good with Slack's word; rate limits and Slack outages are retried.
 */
@Injectable()
export class SlackAppPosterService extends SlackAppPoster {
  constructor(private readonly settings: SlackSettingsService) {
    super();
  }

  async post(channel: string, text: string): Promise<void> {
    let api;
    try {
      api = await this.settings.webApi();
    } catch (error) {
      if (error instanceof SlackError) throw new PermanentDeliveryError(error.message);
      throw error;
    }
    try {
      await api.postMessage(channel, text);
    } catch (error) {
      if (error instanceof SlackApiError && error.permanent)
        throw new PermanentDeliveryError(
          `${error.message}${error.error === 'not_in_channel' || error.error === 'channel_not_found' ? ` — invite the app to ${channel}` : ''}`,
        );
      throw error;
    }
  }
}
