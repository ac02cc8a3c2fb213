import type { Discrepancy, ResponseSummary } from '../../core/api/response';
import { send } from './api';
import { notices } from './notices.svelte';

/** After a second typing of a paper: where the two typings differ, settled one by one by a supervisor. */
export class DoubleEntryReview {
  primary = $state.raw<ResponseSummary | null>(null);
  discrepancies = $state.raw<Discrepancy[]>([]);
  loaded = $state(false);

  constructor(readonly verificationId: string) {}

  async load(): Promise<void> {
    const found = notices.take(await send('response/discrepancies', { responseId: this.verificationId }));
    if (!found) return;
    this.primary = found.primary;
    this.discrepancies = found.discrepancies;
    this.loaded = true;
  }

  /** Keeps `value` (one of the two typings) for the question; the list then shows what is left. */
  async settle(key: string, value: string | null): Promise<void> {
    const settled = notices.take(await send('response/settle', { responseId: this.verificationId, question: key, value }));
    if (settled) this.discrepancies = this.discrepancies.filter((d) => d.key !== key);
  }
}
