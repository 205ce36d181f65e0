import { Body, Controller, Module, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Public } from 'src/platform/security/access.decorators';

export class SqlFailureDto {
  @IsString()
  @MaxLength(500)
  email!: string;

  @IsString()
  @MaxLength(500)
  passwordHash!: string;

  @IsString()
  @MaxLength(500)
  value!: string;
}

/**
 * Statements that fail in PostgreSQL with secret and personal values as their parameters, the
 * way a repository's would (e2e tests only): a unique violation (value in `detail`), a bad
 * cast (value in the message, mapped to 4xx) and an unmapped failure (value in the message,
 * answered 500 and logged with its stack).
 */
@Public()
@Controller('sql-failure-probe')
export class SqlFailureProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post('duplicate-user')
  async duplicateUser(@Body() body: SqlFailureDto): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO users (email, display_name, password_hash) VALUES ($1, $2, $3)',
      [body.email, body.value, body.passwordHash],
    );
  }

  @Post('bad-cast')
  async badCast(@Body() body: SqlFailureDto): Promise<void> {
    await this.dataSource.query('SELECT $1::uuid', [body.value]);
  }

  @Post('unmapped')
  async unmapped(@Body() body: SqlFailureDto): Promise<void> {
    await this.dataSource.query(`SELECT to_date($1, 'YYYY-MM-DD')`, [body.value]);
  }
}

@Module({ controllers: [SqlFailureProbeController] })
export class SqlFailureProbeModule {}
