/**
 * Who a service principal in a Lambda permission is, as an invoker (lambda-facts.md §1.4):
 * services that invoke asynchronously, with how messages name the trigger, or synchronously.
 * A principal not listed (an account, another service) is an unknown caller.
 */
export const INVOKING_PRINCIPALS: Readonly<Record<string, { async: string } | 'sync'>> = {
  's3.amazonaws.com': { async: 'S3 notification' },
  'sns.amazonaws.com': { async: 'SNS subscription' },
  'events.amazonaws.com': { async: 'EventBridge rule' },
  'scheduler.amazonaws.com': { async: 'EventBridge Scheduler schedule' },
  'logs.amazonaws.com': { async: 'CloudWatch Logs subscription' },
  'iot.amazonaws.com': { async: 'IoT rule' },
  'config.amazonaws.com': { async: 'AWS Config rule' },
  'codecommit.amazonaws.com': { async: 'CodeCommit trigger' },
  'apigateway.amazonaws.com': 'sync',
  'elasticloadbalancing.amazonaws.com': 'sync',
  'cognito-idp.amazonaws.com': 'sync',
  'lex.amazonaws.com': 'sync',
  'alexa-appkit.amazon.com': 'sync',
};
