import { hashToken } from 'src/platform/crypto/secret-tokens';
import { openSuccessor, sealSuccessor } from 'src/modules/auth/sessions/refresh-successor';

const SERVER_KEY = 'ZiQw9vUJ2olxHuGyASTjSsk72mjxxGBOZJHbfFkF9e1UKFv91Yb4qiXitQ5gbhUQ';
const OLD_SERVER_KEY = 'q3Jd0XqkQ3pN8nq3S2vV0rH1pS7w2dZc4Q9mLkT6yB1uE8fA5oR2xW7jN0hK3gYs';
const SPENT = 'llr_Qh3kR8vN2mZ5tY1wX7cL0pB4sF9gJ6dEa1b2c3d4e5f';
const SUCCESSOR = 'llr_ZiQw9vUJ2olxHuGyASTjSsk72mjxxGBOZJHbfFkF9e1';

describe('refresh successor box', () => {
  it('opens with the spent token and the server key it was sealed with', () => {
    const sealed = sealSuccessor(SERVER_KEY, SPENT, SUCCESSOR);
    expect(openSuccessor([SERVER_KEY], SPENT, sealed)).toBe(SUCCESSOR);
  });

  it('still opens after a key rotation, while the old key is configured', () => {
    const sealed = sealSuccessor(OLD_SERVER_KEY, SPENT, SUCCESSOR);
    expect(openSuccessor([SERVER_KEY, OLD_SERVER_KEY], SPENT, sealed)).toBe(SUCCESSOR);
    expect(openSuccessor([SERVER_KEY], SPENT, sealed)).toBeUndefined();
  });

  it('does not open with another token, nor with what the database stores of the spent one', () => {
    const sealed = sealSuccessor(SERVER_KEY, SPENT, SUCCESSOR);
    expect(openSuccessor([SERVER_KEY], `${SPENT}x`, sealed)).toBeUndefined();
    expect(openSuccessor([SERVER_KEY], hashToken(SPENT), sealed)).toBeUndefined();
  });

  it('holds nothing readable of the successor and refuses a tampered box', () => {
    const sealed = sealSuccessor(SERVER_KEY, SPENT, SUCCESSOR);
    expect(sealed.toString('latin1')).not.toContain('llr_');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(openSuccessor([SERVER_KEY], SPENT, tampered)).toBeUndefined();
  });
});
