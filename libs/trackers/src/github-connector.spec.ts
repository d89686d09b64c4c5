import { githubProjectProblem } from './github-connector';

describe('githubProjectProblem', () => {
  it.each(['acme/payments', 'octo-org/api.v2', 'a/b_c', ' acme/payments '])(
    'accepts the repository %p',
    (project) => expect(githubProjectProblem(project)).toBeNull(),
  );

  it.each([
    'nope',
    'acme/',
    '/payments',
    'acme/payments/issues',
    '-acme/payments',
    'acme/..',
    'https://github.com/acme/payments',
  ])('refuses %p, naming the owner/repo form', (project) =>
    expect(githubProjectProblem(project)).toContain('owner/repo'),
  );
});
