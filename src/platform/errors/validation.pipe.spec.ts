import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { AppException, FieldError } from 'src/platform/errors/app.exception';
import { createValidationPipe } from 'src/platform/errors/validation.pipe';

class Inner {
  @IsString()
  currency!: string;
}

class Body {
  @IsOptional()
  @IsString()
  name?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Inner)
  inner?: Inner;
}

const pipe = createValidationPipe();

async function fieldErrors(value: unknown, type: 'body' | 'query' = 'body'): Promise<FieldError[]> {
  try {
    await pipe.transform(value, { type, metatype: Body });
  } catch (error) {
    if (error instanceof AppException && error.code === 'VALIDATION_FAILED') {
      return error.options.errors ?? [];
    }
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

describe('the validation pipe', () => {
  it('accepts the declared fields', async () => {
    await expect(
      pipe.transform({ name: 'a', inner: { currency: 'EUR' } }, { type: 'body', metatype: Body }),
    ).resolves.toBeInstanceOf(Body);
  });

  it('refuses an unknown field', async () => {
    expect(await fieldErrors({ nope: 1 })).toEqual([
      { field: 'nope', messages: ['property nope should not exist'] },
    ]);
  });

  it.each([
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'isPrototypeOf',
    '__defineGetter__',
  ])('refuses a field named %s, which the whitelist took for a declared one', async (name) => {
    const body = JSON.parse(`{"name":"a","${name}":1}`) as unknown;
    expect(await fieldErrors(body)).toEqual([
      { field: name, messages: [`property ${name} should not exist`] },
    ]);
  });

  it('refuses one in a nested object or a query', async () => {
    expect(await fieldErrors({ inner: { currency: 'EUR', toString: 'x' } })).toEqual([
      { field: 'inner.toString', messages: ['property toString should not exist'] },
    ]);
    expect(await fieldErrors({ valueOf: '1' }, 'query')).toEqual([
      { field: 'valueOf', messages: ['property valueOf should not exist'] },
    ]);
  });
});
