import { Injectable } from '@nestjs/common';
import {
  credentialsCipherFor,
  CredentialsCipher,
  Environment,
  InvalidInputError,
  OutboundHttpClient,
  StaleVersionError,
} from '@rca/shared';
import { SlackError, SlackErrorCode } from './slack.errors';
import { SETTINGS_ID, SlackRepository } from './slack.repository';
import { SlackApiError, SlackWebApi } from './slack-web-api';

export interface SlackCredentials {
  signingSecret: string;
  botToken: string;
  teamId: string | null;
}

export interface SlackSettingsInput {
  /** 0 when there are no settings yet. */
  version: number;
  signingSecret?: string;
  botToken?: string;
  teamId?: string | null;
}

export interface SlackConnectionCheck {
  ok: boolean;
  teamId: string | null;
  team: string | null;
  botUserId: string | null;
  /** Slack's error code (invalid_auth, …) or why Slack could not be reached. */
  error: string | null;
}

/** What the admin page shows: never the secrets, only whether they are set. */
export interface SlackSettingsView {
  configured: boolean;
  version: number;
  teamId: string | null;
  signingSecretSet: boolean;
  botTokenSet: boolean;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** The installed Slack app's signing secret and bot token, encrypted at rest like export credentials. */
@Injectable()
export class SlackSettingsService {
  private cipherInstance?: CredentialsCipher;

  constructor(
    private readonly repository: SlackRepository,
    private readonly environment: Environment,
    private readonly http: OutboundHttpClient,
  ) {}

  private get cipher(): CredentialsCipher {
    this.cipherInstance ??= credentialsCipherFor(this.environment);
    return this.cipherInstance;
  }

  async view(): Promise<SlackSettingsView> {
    const row = await this.repository.findSettings();
    if (!row)
      return {
        configured: false,
        version: 0,
        teamId: null,
        signingSecretSet: false,
        botTokenSet: false,
        updatedBy: null,
        updatedAt: null,
      };
    const secrets = this.cipher.decrypt(row.credentials, `slack:${SETTINGS_ID}`);
    return {
      configured: Boolean(secrets.signingSecret && secrets.botToken),
      version: row.version,
      teamId: row.teamId,
      signingSecretSet: Boolean(secrets.signingSecret),
      botTokenSet: Boolean(secrets.botToken),
      updatedBy: row.updatedBy,
      updatedAt: row.updatedAt,
    };
  }

  /** Sets the secrets; a secret left out keeps its stored value. */
  async save(input: SlackSettingsInput, actor: string): Promise<SlackSettingsView> {
    const row = await this.repository.findSettings();
    const current = row ? this.cipher.decrypt(row.credentials, `slack:${SETTINGS_ID}`) : {};
    const signingSecret = input.signingSecret ?? current.signingSecret;
    const botToken = input.botToken ?? current.botToken;
    if (!signingSecret)
      throw new InvalidInputError(
        'signingSecret',
        'is required (Basic Information → App Credentials)',
      );
    if (!botToken)
      throw new InvalidInputError(
        'botToken',
        'is required (OAuth & Permissions → Bot User OAuth Token, xoxb-…)',
      );
    const saved = await this.repository.saveSettings(input.version, {
      teamId: input.teamId === undefined ? (row?.teamId ?? null) : input.teamId,
      credentials: this.cipher.encrypt({ signingSecret, botToken }, `slack:${SETTINGS_ID}`),
      updatedBy: actor,
    });
    if (!saved) {
      const now = await this.view();
      throw new StaleVersionError('Slack settings', input.version, now.version, now);
    }
    return this.view();
  }

  async remove(): Promise<void> {
    await this.repository.deleteSettings();
  }

  /** The decrypted secrets, or null while the app is not configured. */
  async credentials(): Promise<SlackCredentials | null> {
    const row = await this.repository.findSettings();
    if (!row) return null;
    const secrets = this.cipher.decrypt(row.credentials, `slack:${SETTINGS_ID}`);
    if (!secrets.signingSecret || !secrets.botToken) return null;
    return { signingSecret: secrets.signingSecret, botToken: secrets.botToken, teamId: row.teamId };
  }

  /**
   * Asks Slack who the bot token belongs to (auth.test): the admin page's "Check connection".
   * Slack's refusal or an unreachable Slack is the answer, not an error of this request.
   */
  async check(): Promise<SlackConnectionCheck> {
    const api = await this.webApi();
    try {
      const answer = await api.authTest();
      const teamId = answer.team_id ?? null;
      const row = await this.repository.findSettings();
      const otherWorkspace = Boolean(row?.teamId && teamId && row.teamId !== teamId);
      return {
        ok: !otherWorkspace,
        teamId,
        team: answer.team ?? null,
        botUserId: answer.user_id ?? null,
        error: otherWorkspace
          ? `the token belongs to workspace ${teamId}, not to ${row!.teamId} set here`
          : null,
      };
    } catch (error) {
      return {
        ok: false,
        teamId: null,
        team: null,
        botUserId: null,
        error: error instanceof SlackApiError ? error.error : (error as Error).message,
      };
    }
  }

  /** A Web API client with the bot token, through the product's outbound HTTP client. */
  async webApi(): Promise<SlackWebApi> {
    const credentials = await this.credentials();
    if (!credentials)
      throw new SlackError(
        SlackErrorCode.NotConfigured,
        409,
        'The Slack app is not configured: an admin sets its signing secret and bot token first',
      );
    return new SlackWebApi(this.http, {
      baseUrl: this.environment.SLACK_API_URL,
      token: credentials.botToken,
    });
  }
}
