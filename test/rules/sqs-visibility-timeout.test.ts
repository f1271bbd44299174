import rule from '../../src/rules/sqs-visibility-timeout.js';
import { at, fn, stack } from '../helpers/cdk.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const wired = (queueProps: string, fnProps: string, sourceProps = ''): string =>
  stack(`    const queue = new sqs.Queue(this, 'Jobs'${queueProps});
    const worker = ${fn('Worker', fnProps)};
    worker.addEventSource(new SqsEventSource(queue${sourceProps}));`);

const sixTimes = wired(', { visibilityTimeout: Duration.seconds(60) }', 'timeout: Duration.seconds(30)');
const belowTimeout = wired(', { visibilityTimeout: Duration.seconds(20) }', 'timeout: Duration.minutes(1)');
const defaults = wired('', 'timeout: Duration.seconds(10)');
const windowed = wired(', { visibilityTimeout: Duration.seconds(180) }', 'timeout: Duration.seconds(30)', ', { maxBatchingWindow: Duration.seconds(5) }');

const coupled = (timeout: string, worker = 'worker'): string =>
  stack(`    const worker = ${fn('Worker', timeout)};
    const queue = new sqs.Queue(this, 'Jobs', { visibilityTimeout: ${worker}.timeout });
    worker.addEventSource(new SqsEventSource(queue));`);
const coupledToFunction = coupled('timeout: Duration.seconds(60)');

// Durations held by constants and added up (\`limit.plus(Duration.minutes(1))\`).
const computed = (visibility: string): string =>
  stack(`    const limit = Duration.minutes(15);
    const worker = ${fn('Worker', 'timeout: limit')};
    const queue = new sqs.Queue(this, 'Jobs', { visibilityTimeout: ${visibility} });
    worker.addEventSource(new SqsEventSource(queue));`);
const plusAMinute = computed('limit.plus(Duration.minutes(1))');
const padded = computed('padding');
const paddedCode = padded.replace('    const limit', '    const padding = Duration.hours(2).minus(Duration.minutes(90));\n    const limit');

runRuleTests('sqs-visibility-timeout', rule, {
  valid: [
    wired(', { visibilityTimeout: Duration.seconds(180) }', 'timeout: Duration.seconds(30)'),
    wired(', { visibilityTimeout: Duration.minutes(3) }', 'timeout: Duration.seconds(30)'),
    // Defaults: 30 s visibility, 3 s function timeout: 30 ≥ 18.
    wired('', ''),
    wired(', { visibilityTimeout: Duration.seconds(185) }', 'timeout: Duration.seconds(30)', ', { maxBatchingWindow: Duration.seconds(5) }'),
    // Not known here.
    wired(', { visibilityTimeout: props.visibility }', 'timeout: Duration.seconds(30)'),
    coupled('timeout: props.timeout'),
    coupled('timeout: Duration.seconds(60)', 'props.worker'),
    wired(', { visibilityTimeout: Duration.seconds(60) }', 'timeout: props.timeout'),
    stack(`    const worker = ${fn('Worker', 'timeout: Duration.seconds(30)')};
    worker.addEventSource(new SqsEventSource(props.queue));`),
    // 15 min + 80 min ≥ 6 × 15 min.
    computed('limit.plus(Duration.minutes(80))'),
    // A term that is not known: the sum is not either.
    computed('limit.plus(props.extra)'),
    computed('limit.times(7)'),
  ],
  invalid: [
    {
      code: plusAMinute,
      errors: [{ messageId: 'belowSixTimes', data: { visibility: 960, timeout: 900, window: 0, recommended: 5400 }, ...at(plusAMinute, 'limit.plus'), suggestions: [{ messageId: 'setTimeout', output: plusAMinute.replace('limit.plus(Duration.minutes(1))', 'Duration.seconds(5400)') }] }],
    },
    {
      // 2 h − 90 min = 30 min, below the function's 15 min timeout × 6, through a constant.
      code: paddedCode,
      errors: [{ messageId: 'belowSixTimes', data: { visibility: 1800, timeout: 900, window: 0, recommended: 5400 }, ...at(paddedCode, 'padding }'), suggestions: [{ messageId: 'setTimeout', output: paddedCode.replace('visibilityTimeout: padding', 'visibilityTimeout: Duration.seconds(5400)') }] }],
    },
    {
      // The visibility is the function's own timeout: six times short.
      code: coupledToFunction,
      errors: [
        {
          messageId: 'belowSixTimes',
          data: { visibility: 60, timeout: 60, window: 0, recommended: 360 },
          ...at(coupledToFunction, 'worker.timeout'),
          suggestions: [{ messageId: 'setTimeout', output: coupledToFunction.replace('visibilityTimeout: worker.timeout', 'visibilityTimeout: Duration.seconds(360)') }],
        },
      ],
    },
    {
      code: sixTimes,
      errors: [
        {
          messageId: 'belowSixTimes',
          ...at(sixTimes, 'Duration.seconds(60)'),
          data: { visibility: 60, timeout: 30, window: 0, recommended: 180 },
          suggestions: [{ messageId: 'setTimeout', output: sixTimes.replace('Duration.seconds(60)', 'Duration.seconds(180)') }],
        },
      ],
    },
    {
      code: belowTimeout,
      errors: [{ messageId: 'belowTimeout', ...at(belowTimeout, 'Duration.seconds(20)'), suggestions: [{ messageId: 'setTimeout', output: belowTimeout.replace('Duration.seconds(20)', 'Duration.seconds(360)') }] }],
    },
    {
      // The default 30 s visibility timeout against a 10 s function.
      code: defaults,
      errors: [{ messageId: 'belowSixTimes', ...at(defaults, "new sqs.Queue(this, 'Jobs'"), suggestions: [{ messageId: 'setTimeout', output: defaults.replace("new sqs.Queue(this, 'Jobs')", "new sqs.Queue(this, 'Jobs', { visibilityTimeout: Duration.seconds(60) })") }] }],
    },
    {
      // The batching window counts too: 6 × 30 + 5 = 185.
      code: windowed,
      errors: [{ messageId: 'belowSixTimes', ...at(windowed, 'Duration.seconds(180)'), suggestions: [{ messageId: 'setTimeout', output: windowed.replace('Duration.seconds(180)', 'Duration.seconds(185)') }] }],
    },
  ],
});
