import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ContextError, stackPropsFromContext } from '../lib/constructs/app-context';
import { TallyStack } from '../lib/constructs/tally-stack';

// The CDK app (`cdk.json` "app"). Settings come from context (cdk.json or `-c key=value`, see
// docs/deploy.md); CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION are the CLI's profile defaults.
const app = new App();
try {
  const { stackName, props } = stackPropsFromContext((key) => app.node.tryGetContext(key), {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  });
  new TallyStack(app, stackName, props);
} catch (e) {
  if (!(e instanceof ContextError)) throw e;
  process.stderr.write(`tally app: ${e.message}\n`);
  process.exit(2);
}
// AWS Solutions checks run at every synth: an unacknowledged error fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
