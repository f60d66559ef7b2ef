import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipMoto, startMoto, type Moto } from './moto.js';

describe.skipIf(skipMoto())('moto harness', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('answers the AWS CLI and boto3, and resets', async () => {
    await moto.aws(['iam', 'create-user', '--user-name', 'alice']);
    const out = await moto.python("import boto3; print(len(boto3.client('iam').list_users()['Users']))");
    expect(out.trim()).toBe('1');
    await moto.reset();
    expect(await moto.aws(['iam', 'list-users'])).toEqual({ Users: [] });
  });
});
