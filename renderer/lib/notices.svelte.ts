import type { ApiErrorValue } from '../../core/errors';
import type { ApiResult } from '../../core/api';

/** The error banner: the last failure of any call, until dismissed or replaced. */
class Notices {
  error = $state<ApiErrorValue | null>(null);

  /** Unwraps a result; on failure shows the error and returns undefined. */
  take<T>(result: ApiResult<T>): T | undefined {
    if (result.ok) return result.value;
    this.error = result.error;
    return undefined;
  }

  dismiss(): void {
    this.error = null;
  }
}

export const notices = new Notices();
