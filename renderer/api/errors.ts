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

/** The answer, or null when the server says there is no such thing (404); other failures still throw. */
export async function unlessMissing<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (failure) {
    if (failure instanceof AdminApiError && failure.status === 404) return null;
    throw failure;
  }
}
