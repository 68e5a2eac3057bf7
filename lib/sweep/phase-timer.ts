import { monotonicClock } from '../aws/wait-clock';

/** Milliseconds each phase of a sweep took, from a monotonic clock (a phase with nothing to do takes next to nothing). */
export interface SweepPhases {
  /** The inventory and the approvals. */
  readMs: number;
  /** Reconcile and upcoming expiries: no AWS calls. */
  reconcileMs: number;
  /** Security Hub, EventBridge and evidence on approvals. */
  publishMs: number;
  /** Key expiry: confirming keys, the audit log, the kill switch, IAM writes. */
  actMs: number;
}

export type SweepPhase = 'read' | 'reconcile' | 'publish' | 'act';

/** Adds up the time spent in each phase; a phase may be entered more than once (publishing is split around acting). */
export class PhaseTimer {
  private readonly spent: SweepPhases = { readMs: 0, reconcileMs: 0, publishMs: 0, actMs: 0 };

  /** @param elapsedMs a monotonic clock (never the instant findings are judged at). */
  constructor(private readonly elapsedMs: () => number = monotonicClock.elapsedMs) {}

  /** Starts timing `phase`; call the returned function when it ends. */
  start(phase: SweepPhase): () => void {
    const from = this.elapsedMs();
    return () => {
      this.spent[`${phase}Ms`] += Math.max(0, this.elapsedMs() - from);
    };
  }

  get phases(): SweepPhases {
    return { ...this.spent };
  }
}
