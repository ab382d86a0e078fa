/** Every failure of an admin-API call: the server's `{error: {code, message, requestId, details}}`, or a network failure. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }

  /** Status 0: the request never got an answer. */
  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

export function errorMessage(failure: unknown): string {
  if (failure instanceof Error) return failure.message;
  return String(failure);
}
