/** The admin API called with the admin key, as local tools do; JSON in, JSON (or nothing) out. */
export type AdminCall = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: any; headers: Headers }>;

export function adminClient(adminUrl: string, adminKey: string): AdminCall {
  return async (method, apiPath, body, headers = {}) => {
    const response = await fetch(`${adminUrl}/admin/v1${apiPath}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
}
