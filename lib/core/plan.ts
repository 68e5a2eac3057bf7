import type { Finding } from './finding';
import { groupBy } from './group-by';
import type { PlannedAction } from './result';

const KEY_FINDINGS = new Set<Finding['type']>(['STALE_ACCESS_KEY', 'UNUSED_ACCESS_KEY']);

/**
 * One deactivation per stale or unused key of a non-exempt IAM user, citing every finding on it.
 * Root keys are never planned: only the root user can change them.
 */
export function planActions(findings: Finding[], rootArn: string | undefined): PlannedAction[] {
  const byKey = groupBy(
    findings.filter((f) => KEY_FINDINGS.has(f.type) && !f.exempt && f.resource.principalArn !== rootArn),
    (f) => f.resource.id,
  );
  return [...byKey.values()].map((fs) => {
    const [first] = fs as [Finding, ...Finding[]];
    const r = first.resource;
    const userArn = r.principalArn!;
    return {
      kind: 'deactivate-access-key',
      findingId: first.id,
      userArn,
      userName: userArn.slice(userArn.lastIndexOf('/') + 1),
      accessKeySlot: r.accessKeySlot!,
      ...(r.accessKeyId ? { accessKeyId: r.accessKeyId } : {}),
      reason: fs.map((f) => `${f.type}: ${f.summary}`).join('; '),
    };
  });
}
