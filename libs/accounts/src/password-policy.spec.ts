import { passwordProblem } from './password-policy';

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblem('copper-meadow-signal-5', 12)).toBeNull();
  });

  it.each([
    ['short1!', /at least 12 characters/],
    ['password123!', /commonly used/],
    ['P@ssw0rd2024', /commonly used/],
    ['!!qwertyuiop!!', /commonly used/],
    ['aaaaaaaaaaaaaaa', /repeated/],
    ['abcabcabcabcabc', /repeated pattern/],
    ['abcdefghijklmn', /sequence/],
    ['12345678901', /only digits/],
    ['zyxwvutsrqpon', /sequence/],
  ])('refuses %s', (password, reason) => {
    expect(passwordProblem(password, password === 'short1!' ? 12 : 10, [])).toMatch(reason);
  });

  it('refuses the user’s own email or name as the password', () => {
    expect(passwordProblem('margaretha2024', 12, ['margaretha@example.com'])).toMatch(
      /your name or email/,
    );
    expect(passwordProblem('Hildegard!!!!', 12, [null, 'Hildegard Bingen'])).toMatch(
      /your name or email/,
    );
  });

  it('refuses passwords longer than 256 characters', () => {
    expect(passwordProblem('x'.repeat(100) + 'y'.repeat(200), 12)).toMatch(/at most 256/);
  });
});
