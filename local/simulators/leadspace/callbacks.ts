import type { FaultInjector } from './faults';
import type { SimulatorStats } from './stats';

export type BulkStatus = 'COMPLETED' | 'INSUFFICIENT_CREDITS' | 'INTERNAL_ERROR';

/** The documented callback body. */
export interface CallbackBody {
  bulkId: string;
  callbackMethod: { callbackUrl: string; pollingUrl: string };
  bulkStatus: BulkStatus;
  successRecords: number;
  personEnriched: number;
  companyEnriched: number;
}

const CALLBACK_TIMEOUT_MS = 5_000;

/** The callback as the dialect sends it: the document lists the fields but promises none of them. */
function inDialect(body: CallbackBody, fields: 'all' | 'bulkIdOnly' | 'pollingUrlOnly' | undefined): Partial<CallbackBody> {
  if (fields === 'bulkIdOnly') return { bulkId: body.bulkId };
  if (fields === 'pollingUrlOnly') return { callbackMethod: { pollingUrl: body.callbackMethod.pollingUrl } as CallbackBody['callbackMethod'] };
  return body;
}

/** POSTs completion callbacks, honouring the drop/duplicate faults. Delivery failures are ignored on purpose. */
export class CallbackSender {
  private readonly shutdown = new AbortController();

  constructor(
    private readonly faults: FaultInjector,
    private readonly stats: SimulatorStats,
  ) {}

  async send(full: CallbackBody): Promise<void> {
    const { dropCallbacks, duplicateCallbacks } = this.faults.current;
    if (dropCallbacks) return;
    const body = inDialect(full, this.faults.dialect.callbackFields);
    const copies = duplicateCallbacks ? 2 : 1;
    for (let i = 0; i < copies && !this.shutdown.signal.aborted; i++) {
      this.stats.callbacksSent += 1;
      await this.post(body, full.callbackMethod.callbackUrl);
    }
  }

  /** Aborts callbacks in flight so closing the simulator never waits on a slow receiver. */
  close(): void {
    this.shutdown.abort();
  }

  private async post(body: Partial<CallbackBody>, url: string): Promise<void> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.any([this.shutdown.signal, AbortSignal.timeout(CALLBACK_TIMEOUT_MS)]),
      });
      await response.body?.cancel();
    } catch {
      // The real vendor's retry policy for callbacks is undocumented; the simulator makes one attempt per copy.
    }
  }
}
