import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Injectable } from '@nestjs/common';
import { AppException } from 'src/platform/errors/app.exception';
import { CliCommand, CliOutput } from 'src/platform/cli/cli-command';
import { UsersService } from 'src/modules/auth/users/users.service';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `users:create-admin --email <address>`: the password is read from standard input (typed
 * without echo, or piped), never from the command line, where other users could see it.
 */
@Injectable()
export class CreateAdminCommand implements CliCommand {
  constructor(private readonly users: UsersService) {}

  async run(args: readonly string[], output: CliOutput): Promise<number> {
    const { values } = parseArgs({
      args: [...args],
      options: { email: { type: 'string' } },
      strict: true,
    });
    const email = values.email?.trim().toLowerCase();
    if (!email || email.length > 254 || !EMAIL.test(email)) {
      output.err('--email <address> is required and must be an email address');
      return 1;
    }
    const password = await readPassword(output);
    try {
      const outcome = await this.users.ensureAdmin(email, password, 'password');
      output.out(`Administrator ${email} ${outcome}`);
      return 0;
    } catch (error) {
      if (!(error instanceof AppException)) throw error;
      const reasons = error.options.errors?.flatMap((field) => field.messages) ?? [error.message];
      output.err(`Refused: ${reasons.join('; ')}`);
      return 1;
    }
  }
}

/** One line from stdin; at a terminal, typed into a muted output so it is not echoed. */
async function readPassword(output: CliOutput): Promise<string> {
  const interactive = process.stdin.isTTY;
  if (interactive) output.err('Password (not shown):');
  const lines = createInterface({
    input: process.stdin,
    output: new Writable({ write: (_chunk, _encoding, done) => done() }),
    terminal: interactive,
  });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}
