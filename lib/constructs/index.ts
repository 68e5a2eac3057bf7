/**
 * The constructs of Tally as a package (`import { TallyStack } from 'tally'`): the ready-made stack,
 * its stateful and stateless halves for a team's own stack, and the organization sweep with its
 * member role. See docs/construct.md.
 */
export { AccessReconciler, type AccessReconcilerProps, type PolicyInput } from './access-reconciler';
export { ApprovalIntake, type ApprovalIntakeProps, type IntakeSettings } from './approval-intake';
export { MemberReadRole, TallyMemberRoleStack, DEFAULT_MEMBER_ROLE_NAME, type MemberReadRoleProps, type TallyMemberRoleStackProps } from './member-read-role';
export { DEFAULT_EXTERNAL_ID } from './org-context';
export { TallyOrganizationStack, type OrganizationSettings, type TallyOrganizationStackProps } from './org-stack';
export { OrganizationSweep, type MemberSweepSettings, type OrganizationSweepProps } from './organization-sweep';
export { TallyFunction, TALLY_RUNTIME, type TallyFunctionProps, type TableBinding, type LambdaEnvKey } from './tally-function';
export { TallyStack, type ReconcilerSettings, type TallyStackProps } from './tally-stack';
export { TallyTables, type TallyTablesProps } from './tally-tables';
