import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ContextError, stackPropsFromContext } from '../lib/constructs/app-context';
import { TallyMemberRoleStack } from '../lib/constructs/member-read-role';
import { organizationFromContext } from '../lib/constructs/org-context';
import { TallyOrganizationStack } from '../lib/constructs/org-stack';
import { TallyStack } from '../lib/constructs/tally-stack';

// The CDK app (`cdk.json` "app"). Settings come from context (cdk.json or `-c key=value`, see
// docs/deploy.md and docs/organizations.md); CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION are the CLI's
// profile defaults. `-c organization=true` deploys the organization sweep with the stack and adds
// `<stackName>-MemberRole`, the template of the member read role for a StackSet.
const app = new App();
try {
  const get = (key: string) => app.node.tryGetContext(key);
  const { stackName, props } = stackPropsFromContext(get, {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  });
  const org = organizationFromContext(get, props);
  if (org) {
    new TallyOrganizationStack(app, stackName, { ...props, organization: org.organization });
    new TallyMemberRoleStack(app, `${stackName}-MemberRole`, org.memberRole);
  } else {
    new TallyStack(app, stackName, props);
  }
} catch (e) {
  if (!(e instanceof ContextError)) throw e;
  process.stderr.write(`tally app: ${e.message}\n`);
  process.exit(2);
}
// AWS Solutions checks run at every synth: an unacknowledged error fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
