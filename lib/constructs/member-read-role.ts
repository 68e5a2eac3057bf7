import { ArnFormat, BootstraplessSynthesizer, CfnOutput, CfnParameter, Duration, Fn, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { AccountPrincipal, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EXTERNAL_ID, ROLE_NAME } from '../config/member-config';
import { acknowledgeWildcardResource } from './nag';
import { PERMISSIONS } from './permissions';

/** Name of the read role in every member account (no path): the central function assumes `role/<name>`. */
export const DEFAULT_MEMBER_ROLE_NAME = 'tally-member-read';

export interface MemberReadRoleProps {
  /**
   * ARN of the central member-sweep function's role: the only principal that may assume this role
   * (output `MemberSweepRoleArn` of the organization stack).
   */
  readonly trustedRoleArn: string;
  /** The `sts:ExternalId` every AssumeRole must pass. */
  readonly externalId: string;
  /** @default DEFAULT_MEMBER_ROLE_NAME */
  readonly roleName?: string;
  /** Enforce mode: adds `iam:UpdateAccessKey` on the account's users (the one write). @default false */
  readonly enforce?: boolean;
  /** Grant the revocation writes (the organization sweep's `revocation: 'enforce'`). @default false */
  readonly revocation?: boolean;
  /** Import this account's findings into its Security Hub (its default product). @default true */
  readonly securityHub?: boolean;
  /**
   * Tag key Tally reads as an exemption, set on this role so Tally's own role shows as exempt (with
   * the reason) instead of an unapproved role. `undefined`: not tagged. @default 'tally:exempt'
   */
  readonly exemptTag?: string | undefined;
}

/**
 * The read-only role Tally assumes in a member account; nothing else (no asset, no function), so the
 * template deploys through a CloudFormation StackSet. Trusted by the central account only when the
 * caller is the member-sweep function's role (`aws:PrincipalArn`) and passes the external id: the
 * trust names the account, so it survives the central role being replaced, which a role-ARN
 * principal would not. Grants the full-account inventory reads, the key reads key expiry confirms
 * every planned action with (report mode too), `iam:UpdateAccessKey` only when `enforce`, and
 * `securityhub:BatchImportFindings` on this account's own product: Security Hub accepts a finding
 * only from the account it names, so each account imports its findings with its own role.
 */
export class MemberReadRole extends Construct {
  readonly role: Role;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: MemberReadRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.roleName = props.roleName ?? DEFAULT_MEMBER_ROLE_NAME;
    if (!ROLE_NAME.test(this.roleName)) throw new Error(`MemberReadRole: roleName "${this.roleName}" is not an IAM role name (no path)`);
    const centralAccount = Fn.select(4, Fn.split(':', props.trustedRoleArn));
    this.role = new Role(this, 'Role', {
      roleName: this.roleName,
      description: 'Tally: read-only inventory for the central organization sweep, plus Security Hub import of the account findings',
      assumedBy: new AccountPrincipal(centralAccount).withConditions({
        StringEquals: { 'sts:ExternalId': props.externalId },
        ArnEquals: { 'aws:PrincipalArn': props.trustedRoleArn },
      }),
      maxSessionDuration: Duration.hours(1),
    });
    if (props.exemptTag ?? 'tally:exempt') {
      Tags.of(this.role).add(props.exemptTag ?? 'tally:exempt', 'Tally read role assumed by the central organization sweep');
    }

    const iamArn = (kind: string) => stack.formatArn({ service: 'iam', region: '', resource: kind, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const secrets = stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const product = stack.formatArn({ service: 'securityhub', resource: 'product', resourceName: `${stack.account}/default`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const allow = (actions: readonly string[], resource: string, reason?: string) => {
      this.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources: [resource] }));
      if (reason) acknowledgeWildcardResource(this.role, resource, reason);
    };
    allow(PERMISSIONS.accountInventory.actions.accountWide, '*', 'GetAccountAuthorizationDetails, Generate/GetCredentialReport and ListSecrets support no resource-level permissions.');
    allow(PERMISSIONS.accountInventory.actions.secret, secrets, "The sweep lists the versions of any secret of this account and region whose current value's age it must confirm; scoped to the account's secret ARNs.");
    allow(
      PERMISSIONS.keyExpiry.actions[props.enforce ? 'enforce' : 'report'],
      iamArn('user'),
      "Key expiry confirms (and in enforce mode deactivates) keys of any user of this account; scoped to the account's user ARNs.",
    );
    if (props.revocation) {
      const revoke = PERMISSIONS.revocation.actions;
      const why = (kind: string) => `Revocation removes the entitlement an ended approval named from any ${kind} of this account (enforce only); scoped to the account's ${kind} ARNs.`;
      for (const kind of ['user', 'role', 'group'] as const) allow(revoke[kind], iamArn(kind), why(kind));
    }
    if (props.securityHub ?? true) allow(PERMISSIONS.securityHub.actions.import, product);
  }
}

export interface TallyMemberRoleStackProps extends StackProps {
  /** @default DEFAULT_MEMBER_ROLE_NAME */
  readonly roleName?: string;
  /** @default false */
  readonly enforce?: boolean;
  /** Grant the revocation writes (the organization sweep's `revocation: 'enforce'`). @default false */
  readonly revocation?: boolean;
  /** @default true */
  readonly securityHub?: boolean;
  /** @default 'tally:exempt' */
  readonly exemptTag?: string;
}

/**
 * The member read role as a StackSet-ready template: environment-agnostic, no bootstrap version
 * rule, no assets (the BootstraplessSynthesizer refuses any), no CDK metadata; the central role ARN
 * and the external id are parameters. Deploy the StackSet in the region of the organization stack:
 * the role is global, but its Security Hub and Secrets Manager permissions name that region.
 */
export class TallyMemberRoleStack extends Stack {
  readonly memberRole: MemberReadRole;

  constructor(scope: Construct, id: string, props: TallyMemberRoleStackProps = {}) {
    super(scope, id, {
      description: 'Tally: read role in a member account (deploy with a StackSet)',
      synthesizer: new BootstraplessSynthesizer(),
      // No CDKMetadata resource: the template holds the role and its policy only.
      analyticsReporting: false,
      ...props,
    });
    const centralRoleArn = new CfnParameter(this, 'CentralRoleArn', {
      type: 'String',
      description: 'ARN of the central member-sweep function role (output MemberSweepRoleArn of the organization stack)',
      allowedPattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/.+$',
      constraintDescription: 'must be an IAM role ARN',
    });
    const externalId = new CfnParameter(this, 'ExternalId', {
      type: 'String',
      description: 'External id the central function passes (output MemberExternalId of the organization stack)',
      allowedPattern: EXTERNAL_ID.source,
      constraintDescription: 'must be 2-1224 characters of [A-Za-z0-9+=,.@:/_-]',
    });
    this.memberRole = new MemberReadRole(this, 'MemberRead', {
      trustedRoleArn: centralRoleArn.valueAsString,
      externalId: externalId.valueAsString,
      ...(props.roleName ? { roleName: props.roleName } : {}),
      ...(props.enforce !== undefined ? { enforce: props.enforce } : {}),
      ...(props.revocation !== undefined ? { revocation: props.revocation } : {}),
      ...(props.securityHub !== undefined ? { securityHub: props.securityHub } : {}),
      ...(props.exemptTag ? { exemptTag: props.exemptTag } : {}),
    });
    new CfnOutput(this, 'RoleArn', { value: this.memberRole.role.roleArn, description: 'The member read role' });
  }
}
