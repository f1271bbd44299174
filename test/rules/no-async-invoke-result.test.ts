import rule from '../../src/rules/no-async-invoke-result.js';
import { runRuleTests, runTypedRuleTests } from '../helpers/rule-tester.js';

const V3 = "import { LambdaClient, InvokeCommand, InvocationType } from '@aws-sdk/client-lambda';\nconst client = new LambdaClient({});\n";

runRuleTests('no-async-invoke-result', rule, {
  valid: [
    // Only the status code is read: 202 means queued.
    `${V3}export async function fire() {
  const res = await client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: 'Event', Payload: Buffer.from('{}') }));
  if (res.StatusCode !== 202) throw new Error('not queued');
}`,
    // Synchronous invocations return the payload.
    `${V3}export async function call() {
  const res = await client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: 'RequestResponse' }));
  return JSON.parse(Buffer.from(res.Payload!).toString());
}`,
    `${V3}export async function call() {
  const { Payload } = await client.send(new InvokeCommand({ FunctionName: 'worker' }));
  return Payload;
}`,
    // The invocation type is not known here.
    `${V3}export async function call(type: 'Event' | 'RequestResponse') {
  const res = await client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: type }));
  return res.Payload;
}`,
    // Not the AWS SDK's InvokeCommand.
    `import { InvokeCommand } from './my-commands';
export async function call(client: { send(c: unknown): Promise<{ Payload: string }> }) {
  const res = await client.send(new InvokeCommand({ FunctionName: 'x', InvocationType: 'Event' }));
  return res.Payload;
}`,
  ],
  invalid: [
    {
      code: `${V3}export async function fire() {
  const res = await client.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: 'Event' }));
  return JSON.parse(Buffer.from(res.Payload!).toString());
}`,
      errors: [{ messageId: 'event', line: 5, column: 33, endColumn: 44 }],
    },
    {
      code: `${V3}const command = new InvokeCommand({ FunctionName: 'worker', InvocationType: InvocationType.Event });
export async function fire() {
  const { Payload, StatusCode } = await client.send(command);
  return { Payload, StatusCode };
}`,
      errors: [{ messageId: 'event', line: 5, column: 11 }],
    },
    {
      code: `${V3}export const fire = () => client.send(new InvokeCommand({ FunctionName: 'w', InvocationType: 'DryRun' })).then((r) => r.Payload);`,
      errors: [{ messageId: 'dryRun', line: 3, column: 119 }],
    },
    {
      code: `${V3}export async function fire() {
  return (await client.send(new InvokeCommand({ FunctionName: 'w', InvocationType: 'Event' }))).Payload;
}`,
      errors: [{ messageId: 'event', line: 4, column: 10 }],
    },
    {
      // AWS SDK v2.
      code: `const AWS = require('aws-sdk');
const lambda = new AWS.Lambda();
exports.fire = async () => {
  const params = { FunctionName: 'worker', InvocationType: 'Event', Payload: '{}' };
  const result = await lambda.invoke(params).promise();
  return JSON.parse(result.Payload);
};`,
      filename: 'fire.cjs',
      errors: [{ messageId: 'event', line: 6, column: 21 }],
    },
  ],
});

runTypedRuleTests('no-async-invoke-result', rule, {
  valid: [
    `import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
export async function fire(client: LambdaClient) {
  const res = await client.send(new InvokeCommand({ FunctionName: 'w', InvocationType: 'Event' }));
  return res.StatusCode;
}`,
  ],
  invalid: [
    {
      code: `import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
export async function fire(client: LambdaClient) {
  const res = await client.send(new InvokeCommand({ FunctionName: 'w', InvocationType: 'Event' }));
  return res.Payload;
}`,
      errors: [{ messageId: 'event', line: 4, column: 10 }],
    },
  ],
});
