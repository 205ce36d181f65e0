import { hashToken } from 'src/platform/crypto/secret-tokens';
import { openSuccessor, sealSuccessor } from 'src/modules/auth/sessions/refresh-successor';

const SPENT = 'llr_Qh3kR8vN2mZ5tY1wX7cL0pB4sF9gJ6dEa1b2c3d4e5f';
const SUCCESSOR = 'llr_ZiQw9vUJ2olxHuGyASTjSsk72mjxxGBOZJHbfFkF9e1';

describe('refresh successor box', () => {
  it('opens with the spent token it was sealed with', () => {
    expect(openSuccessor(SPENT, sealSuccessor(SPENT, SUCCESSOR))).toBe(SUCCESSOR);
  });

  it('does not open with another token, nor with what the database stores of the spent one', () => {
    const sealed = sealSuccessor(SPENT, SUCCESSOR);
    expect(openSuccessor(`${SPENT}x`, sealed)).toBeUndefined();
    expect(openSuccessor(hashToken(SPENT), sealed)).toBeUndefined();
  });

  it('holds nothing readable of the successor and refuses a tampered box', () => {
    const sealed = sealSuccessor(SPENT, SUCCESSOR);
    expect(sealed.toString('latin1')).not.toContain('llr_');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(openSuccessor(SPENT, tampered)).toBeUndefined();
  });
});
