import rule from '../../src/rules/require-async-failure-destination.js';
import { at, CDK_IMPORTS, fn, stack } from '../helpers/cdk.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const s3Worker = (extra: string, more = ''): string =>
  stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const bucket = new s3.Bucket(this, 'Uploads');
    const worker = ${fn('Worker', extra)};
    bucket.addObjectCreatedNotification(new s3n.LambdaDestination(worker));${more}`);

const bare = s3Worker('');
const snsSub = stack(`    const dlq = new sqs.Queue(this, 'Dlq');
    const topic = new sns.Topic(this, 'T');
    const worker = ${fn('Worker', 'retryAttempts: 0')};
    topic.addSubscription(new subs.LambdaSubscription(worker, { deadLetterQueue: dlq }));`);
const rule_ = stack(`    const worker = ${fn('Nightly')};
    new events.Rule(this, 'Schedule', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(worker, { deadLetterQueue: new sqs.Queue(this, 'TargetDlq') })] });`);

// Functions a construct's helpers make and hand to each other (\`const fn = this.createLambda(…)\`, \`this.schedule(fn)\`).
const helpers = (ctor: string, methods: string, exported = false): string => `${CDK_IMPORTS}
export class AppStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
${ctor}
  }
${methods}
}
${exported ? `export function makeWorker(scope: Stack, id: string) {\n  return ${fn('Worker').replace('this', 'scope').replace("'Worker'", 'id')};\n}\n` : ''}`;
const SCHEDULE = `  private schedule(target: lambda.IFunction) {
    new events.Rule(this, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(target)] });
  }`;
const createLambda = (extra = ''): string => `  private createLambda(id: string) {
    const made = ${fn('Worker', extra).replace("'Worker'", 'id')};
    return made;
  }`;
const handedAlong = helpers(`    const worker = this.createLambda('Worker');
    this.schedule(worker);`, `${createLambda()}
${SCHEDULE}`);
const returnedNew = helpers(`    new events.Rule(this, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(this.make())] });`, `  make() {
    return ${fn('Worker')};
  }`);

// A Step Functions task that invokes the function (synchronously unless \`invocationType\` is \`Event\`).
const TASKS = "import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';\n";
const task = (props = ''): string => `\n    new tasks.LambdaInvoke(this, 'Task', { lambdaFunction: worker${props} });`;
const s3AndTask = TASKS + s3Worker('', task());
const eventTask = TASKS + stack(`    const worker = ${fn('Worker')};${task(', invocationType: tasks.LambdaInvocationType.EVENT')}`);

runRuleTests('require-async-failure-destination', rule, {
  valid: [
    // Only a Step Functions task, which waits for the result (the default, and said explicitly).
    TASKS + stack(`    const worker = ${fn('Worker')};${task()}`),
    TASKS + stack(`    const worker = ${fn('Worker')};${task(', invocationType: tasks.LambdaInvocationType.REQUEST_RESPONSE')}`),
    // The task's invocation type is not known here: the use is not classified (the function may be invoked asynchronously and configured elsewhere).
    TASKS + s3Worker('', task(', invocationType: props.invocationType')).replace('bucket.addObjectCreatedNotification(new s3n.LambdaDestination(worker));', ''),
    TASKS + s3Worker('', task(', ...props.task')),
    // Handed along by the construct's helpers, with a destination set where it is made.
    helpers(`    const worker = this.createLambda('Worker');
    this.schedule(worker);`, `${createLambda("onFailure: new SqsDestination(new sqs.Queue(this, 'Failed'))")}
${SCHEDULE}`),
    // A helper's result handed to code that is not followed: it may be configured there.
    helpers(`    const worker = this.createLambda('Worker');
    this.schedule(worker);
    registerElsewhere(worker);`, `${createLambda()}
${SCHEDULE}`),
    // An exported helper: other modules may call it and configure what it returns.
    helpers(`    new events.Rule(this, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(makeWorker(this, 'Worker'))] });`, '', true),
    s3Worker('onFailure: new SqsDestination(dlq)'),
    s3Worker('deadLetterQueue: dlq'),
    s3Worker('deadLetterQueueEnabled: true'),
    s3Worker('', `\n    worker.configureAsyncInvoke({ onFailure: new SqsDestination(dlq) });`),
    s3Worker('', `\n    new lambda.EventInvokeConfig(this, 'Cfg', { function: worker, onFailure: new SqsDestination(dlq) });`),
    // Whether a DLQ is set is not known here.
    s3Worker('deadLetterQueue: props.dlq'),
    // Only event source mappings and synchronous callers: no asynchronous events to lose.
    stack(`    const queue = new sqs.Queue(this, 'Jobs');
    const worker = ${fn('Worker')};
    worker.addEventSource(new SqsEventSource(queue));
    new apigw.LambdaRestApi(this, 'Api', { handler: worker });`),
    // The function leaves the file: an on-failure destination may be configured elsewhere.
    s3Worker('', `\n    addFailureHandling(worker);`),
  ],
  invalid: [
    {
      // An S3 notification, and a Step Functions task that invokes it synchronously: the task does not configure it.
      code: s3AndTask,
      errors: [{ messageId: 'missing', ...at(s3AndTask, 'new lambda.Function'), data: { triggers: 'S3 notification', fix: '`onFailure` (e.g. `new SqsDestination(queue)`)' }, suggestions: [{ messageId: 'addDestination', output: s3AndTask.replace("code: lambda.Code.fromInline('x') })", "code: lambda.Code.fromInline('x'), onFailure: new SqsDestination(new sqs.Queue(this, 'WorkerFailures')) })") }] }],
    },
    {
      // A task with \`invocationType: EVENT\` invokes it asynchronously.
      code: eventTask,
      errors: [{ messageId: 'missing', ...at(eventTask, 'new lambda.Function'), data: { triggers: 'Step Functions task (InvocationType Event)', fix: '`onFailure` (e.g. `new SqsDestination(queue)`)' } }],
    },
    {
      // Made by a helper method, passed to another that makes it a rule target.
      code: handedAlong,
      // (No suggestion: the construct id is the helper's parameter, no name for the new queue.)
      errors: [{ messageId: 'missing', ...at(handedAlong, 'new lambda.Function'), suggestions: [] }],
    },
    {
      // \`return new Function(…)\` from a method whose one call is the rule target.
      code: returnedNew,
      // (No suggestion: the file makes no queue to write a new one like.)
      errors: [{ messageId: 'missing', ...at(returnedNew, 'new lambda.Function'), suggestions: [] }],
    },
    {
      // Given to grant* methods as the grantee: permissions for its role, no other caller or configuration.
      code: s3Worker('', `\n    bucket.grantRead(worker);\n    dlq.grantSendMessages(worker);`),
      errors: [{ messageId: 'missing', ...at(bare, "new lambda.Function(this, 'Worker'"), suggestions: [{ messageId: 'addDestination', output: s3Worker('', `\n    bucket.grantRead(worker);\n    dlq.grantSendMessages(worker);`).replace("code: lambda.Code.fromInline('x') }", "code: lambda.Code.fromInline('x'), onFailure: new SqsDestination(new sqs.Queue(this, 'WorkerFailures')) }") }] }],
    },
    {
      code: bare,
      errors: [
        {
          messageId: 'missing',
          ...at(bare, "new lambda.Function(this, 'Worker'"),
          suggestions: [
            {
              messageId: 'addDestination',
              output: bare.replace("code: lambda.Code.fromInline('x') }", "code: lambda.Code.fromInline('x'), onFailure: new SqsDestination(new sqs.Queue(this, 'WorkerFailures')) }"),
            },
          ],
        },
      ],
    },
    {
      // The subscription's DLQ catches SNS delivery failures, not function errors.
      code: snsSub,
      errors: [{ messageId: 'missing', ...at(snsSub, "new lambda.Function(this, 'Worker'"), suggestions: [{ messageId: 'addDestination', output: snsSub.replace("retryAttempts: 0 }", "retryAttempts: 0, onFailure: new SqsDestination(new sqs.Queue(this, 'WorkerFailures')) }") }] }],
    },
    {
      // Likewise an EventBridge target's DLQ.
      code: rule_,
      errors: [{ messageId: 'missing', ...at(rule_, "new lambda.Function(this, 'Nightly'"), suggestions: [{ messageId: 'addDestination', output: rule_.replace("code: lambda.Code.fromInline('x') }", "code: lambda.Code.fromInline('x'), onFailure: new SqsDestination(new sqs.Queue(this, 'NightlyFailures')) }") }] }],
    },
  ],
});
