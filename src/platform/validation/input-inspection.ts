import { AppException } from 'src/platform/errors/app.exception';

/**
 * Bounds on the shape of a parsed request body. Every JSON body the API takes is an object a
 * few levels deep with short arrays (tags, scopes); these leave wide room above that and stop
 * what would otherwise reach class-transformer, which recurses once per level and overflows
 * the stack on a body nested a few thousand levels deep.
 */
export interface InputLimits {
  depth: number;
  arrayItems: number;
  objectMembers: number;
}

export const INPUT_LIMITS: Readonly<InputLimits> = {
  depth: 32,
  arrayItems: 1000,
  objectMembers: 1000,
};

type Problem = 'depth' | 'arrayItems' | 'objectMembers' | 'nul' | 'malformed';

/** What is wrong and where; the path is filled in on the way out, so only a refusal allocates. */
interface Refusal {
  problem: Problem;
  path: (string | number)[];
}

const STRING_MESSAGES: Record<'nul' | 'malformed', string> = {
  nul: 'must not contain the NUL character (U+0000)',
  malformed: 'must be well-formed Unicode text (it holds a lone UTF-16 surrogate)',
};

/**
 * Why a string cannot be stored or handed to a library: PostgreSQL text cannot hold U+0000,
 * and validators and encoders throw on a lone surrogate.
 */
function stringProblem(value: string): 'nul' | 'malformed' | undefined {
  if (value.includes('\u0000')) return 'nul';
  if (!value.isWellFormed()) return 'malformed';
  return undefined;
}

/**
 * One pass over a parsed value: nesting depth, array and object sizes, and every string
 * (keys included). Recursion stops at `limits.depth`, so the walk itself cannot overflow.
 */
function inspect(value: unknown, limits: InputLimits, depth: number): Refusal | undefined {
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    return problem ? { problem, path: [] } : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= limits.depth) return { problem: 'depth', path: [] };

  if (Array.isArray(value)) {
    if (value.length > limits.arrayItems) return { problem: 'arrayItems', path: [] };
    for (let index = 0; index < value.length; index++) {
      const refusal = inspect(value[index], limits, depth + 1);
      if (refusal) {
        refusal.path.unshift(index);
        return refusal;
      }
    }
    return undefined;
  }

  let members = 0;
  for (const key in value) {
    if (++members > limits.objectMembers) return { problem: 'objectMembers', path: [] };
    const keyProblem = stringProblem(key);
    if (keyProblem) return { problem: keyProblem, path: [key] };
    const refusal = inspect((value as Record<string, unknown>)[key], limits, depth + 1);
    if (refusal) {
      refusal.path.unshift(key);
      return refusal;
    }
  }
  return undefined;
}

function toException(refusal: Refusal, limits: InputLimits, root: string): AppException {
  const field = refusal.path.length > 0 ? refusal.path.join('.') : root;
  switch (refusal.problem) {
    case 'nul':
    case 'malformed':
      return new AppException('VALIDATION_FAILED', 'One or more fields are invalid', {
        errors: [{ field, messages: [`${field} ${STRING_MESSAGES[refusal.problem]}`] }],
      });
    case 'depth':
      return new AppException(
        'BODY_TOO_COMPLEX',
        `The body is nested more than ${limits.depth} levels deep`,
      );
    case 'arrayItems':
      return new AppException(
        'BODY_TOO_COMPLEX',
        `An array of the body has more than ${limits.arrayItems} items`,
      );
    case 'objectMembers':
      return new AppException(
        'BODY_TOO_COMPLEX',
        `An object of the body has more than ${limits.objectMembers} members`,
      );
  }
}

/**
 * The refusal of a parsed input (a body, the query, the path parameters), or undefined when it
 * is fine. `root` names the field when the value itself is the bad string. Fine input costs
 * one walk and no allocation.
 */
export function refuseInput(
  value: unknown,
  root: string,
  limits: InputLimits = INPUT_LIMITS,
): AppException | undefined {
  const refusal = inspect(value, limits, 0);
  return refusal ? toException(refusal, limits, root) : undefined;
}
