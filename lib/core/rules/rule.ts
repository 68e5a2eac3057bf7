import type { RuleContext } from '../context';
import type { Finding, FindingType } from '../finding';

/** A pure check over the reconcile context; one per file, named by the finding type it yields. */
export interface Rule {
  id: FindingType;
  evaluate(ctx: RuleContext): Finding[];
}
