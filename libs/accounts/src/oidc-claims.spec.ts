import { loadEnvironment } from '@rca/shared';
import { OidcService } from './oidc.service';

function service(env: Record<string, string>) {
  return new OidcService(
    loadEnvironment(env),
    undefined as never,
    undefined as never,
    undefined as never,
  );
}

describe('OIDC claim mapping', () => {
  const base = {
    OIDC_ISSUER: 'https://id.example.com',
    OIDC_CLIENT_ID: 'rca',
    PUBLIC_URL: 'https://rca.example.com',
    OIDC_ROLE_MAP: 'rca-admins:admin, sre:responder ,leads:manager',
  };

  it('takes the highest role any claim value maps to', () => {
    const oidc = service(base);
    expect(oidc.roleFrom({ groups: ['sre', 'leads'] })).toBe('manager');
    expect(oidc.roleFrom({ groups: 'rca-admins' })).toBe('admin');
    expect(oidc.roleFrom({ groups: ['unknown'] })).toBe('viewer');
    expect(oidc.roleFrom({})).toBe('viewer');
  });

  it('refuses unmapped users when OIDC_DEFAULT_ROLE=none, and reads nested claims', () => {
    const oidc = service({
      ...base,
      OIDC_DEFAULT_ROLE: 'none',
      OIDC_ROLES_CLAIM: 'realm_access.roles',
    });
    expect(oidc.roleFrom({ groups: ['sre'] })).toBeNull();
    expect(oidc.roleFrom({ realm_access: { roles: ['sre'] } })).toBe('responder');
  });

  it('reads team names from OIDC_TEAMS_CLAIM, deduplicated', () => {
    expect(
      service({ ...base, OIDC_TEAMS_CLAIM: 'teams' }).teamsFrom({ teams: ['a', ' a ', 'b', 3] }),
    ).toEqual(['a', 'b']);
    expect(service(base).teamsFrom({ teams: ['a'] })).toBeNull();
  });

  it('derives the redirect URI from PUBLIC_URL', () => {
    expect(service(base).redirectUri).toBe('https://rca.example.com/api/auth/oidc/callback');
  });

  it('refuses incomplete or malformed OIDC configuration at boot', () => {
    expect(() => loadEnvironment({ OIDC_ISSUER: 'https://id.example.com' })).toThrow(
      /OIDC_CLIENT_ID is required[\s\S]*OIDC_REDIRECT_URI \(or PUBLIC_URL\) is required/,
    );
    expect(() => loadEnvironment({ ...base, OIDC_ROLE_MAP: 'sre:superuser' })).toThrow(
      /OIDC_ROLE_MAP must be/,
    );
    expect(() => loadEnvironment({ SESSION_SECRET: 'short' })).toThrow(
      /SESSION_SECRET must be at least 32/,
    );
    expect(() => loadEnvironment({ COOKIE_SECURE: 'sometimes' })).toThrow(/COOKIE_SECURE/);
  });
});
