import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/errors.js';
import type { OpenApiDocument } from '../../../shared/api/openapi.js';
import { admin } from '../../api/client.js';
import { useApis } from '../../stores/apis.js';

/** Changes whenever a publish, rollback or unpublish changes what some environment serves. */
const servedSignature = (state: ReturnType<typeof useApis.getState>): string =>
  state.apis.map((api) => `${api.id}:${api.deployments.map((d) => `${d.environment}@${d.version}`).join(',')}`).join('|');

/** The OpenAPI document of an environment, fetched again whenever what is served changes. */
export function useOpenApi(environment: string): { doc: OpenApiDocument | null; error: string | null; loading: boolean; reload: () => Promise<void> } {
  const served = useApis(servedSignature);
  const [doc, setDoc] = useState<OpenApiDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // Only the newest request may set the document: an older answer for another environment is dropped.
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const request = ++latest.current;
    setLoading(true);
    try {
      const answer = await admin.openapi.document({ query: { environment } });
      if (request !== latest.current) return;
      setDoc(answer);
      setError(null);
    } catch (failure) {
      if (request === latest.current) setError(errorMessage(failure));
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [environment]);

  useEffect(() => {
    void reload();
  }, [reload, served]);

  return { doc, error, loading, reload };
}
