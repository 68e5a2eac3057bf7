import { CfnOutput } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { OrganizationSweep, type OrganizationSweepProps } from './organization-sweep';
import { TallyStack, type TallyStackProps } from './tally-stack';

/** The organization sweep's own settings; tables, bus, alarms and sweep settings come from the stack. */
export type OrganizationSettings = Pick<
  OrganizationSweepProps,
  'externalId' | 'memberRoleName' | 'excludeAccounts' | 'includeOwnAccount' | 'maxConcurrency' | 'organizationId' | 'timeout'
>;

export interface TallyOrganizationStackProps extends TallyStackProps {
  readonly organization: OrganizationSettings;
}

/**
 * The central deployment for an AWS Organization: everything of TallyStack (tables, the account's
 * own sweep, its event paths, alarms) plus the OrganizationSweep over the member accounts, which
 * shares the stack's tables, bus, alarm topic and sweep settings (mode, policy, thresholds, rails).
 * Deploy it in the management account or an Organizations delegated administrator (ListAccounts
 * answers nowhere else), then the member role template to every member account with a StackSet.
 */
export class TallyOrganizationStack extends TallyStack {
  readonly organization: OrganizationSweep;

  constructor(scope: Construct, id: string, props: TallyOrganizationStackProps) {
    super(scope, id, { description: 'Tally: reconciles approved access with IAM and Secrets Manager across an AWS Organization', ...props });
    const { handlersDir, logRetention, schedule, mode, revocation, maxRevocations, policy, exemptTag, securityHub, maxDeactivations, actionGraceDays, breakGlass, enforcementPaused } = props.reconciler ?? {};
    const settings = { handlersDir, logRetention, schedule, mode, revocation, maxRevocations, policy, exemptTag, securityHub, maxDeactivations, actionGraceDays, breakGlass, enforcementPaused };
    this.organization = new OrganizationSweep(this, 'Organization', {
      ...(Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as typeof settings),
      ...props.organization,
      tables: this.tables,
      eventBus: this.reconciler.eventBus,
      alarmTopic: this.alarmTopic,
    });
    const out = (name: string, value: string, description: string) => new CfnOutput(this, name, { value, description });
    out('OrganizationStateMachine', this.organization.stateMachine.stateMachineArn, 'Start an execution to sweep the organization now');
    out('MemberSweepRoleArn', this.organization.memberSweep.role.roleArn, 'StackSet parameter CentralRoleArn of the member role template');
    out('MemberRoleName', this.organization.memberRoleName, 'Name of the read role the StackSet deploys in each member account');
    out('MemberExternalId', this.organization.externalId, 'StackSet parameter ExternalId of the member role template');
  }
}
