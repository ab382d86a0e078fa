import { routeClashMessage, useRouteClash } from './route-clash.js';

/** Under the endpoint's method and path: refuses a route another API of the workspace already answers. */
export function RouteClashNote() {
  const other = useRouteClash();
  if (!other) return null;
  return (
    <span className="field-error" role="alert" data-testid="route-clash">
      {routeClashMessage(other)}
    </span>
  );
}
