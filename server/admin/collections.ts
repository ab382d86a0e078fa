import { Router, type Response } from 'express';
import { collectionRoutes, type CollectionExport } from '../../shared/api/collections.js';
import { CollectionService, type CollectionDeps } from '../services/collections.js';
import { mount } from './route.js';

/** The record store browser's routes: collections, paged records, edits, imports (all or nothing) and exports. */
export function collectionsRouter(deps: CollectionDeps): Router {
  const service = new CollectionService(deps);
  const router = Router();
  mount(router, collectionRoutes.list, () => service.list());
  mount(router, collectionRoutes.records, ({ params, query }) => service.browse(params.name, query));
  mount(router, collectionRoutes.write, ({ params, body }) => service.write(params.name, body));
  mount(router, collectionRoutes.get, ({ params }) => service.get(params.name, params.id));
  mount(router, collectionRoutes.replace, ({ params, body }) => service.replace(params.name, params.id, body));
  mount(router, collectionRoutes.delete, ({ params }) => service.delete(params.name, params.id));
  mount(router, collectionRoutes.export, ({ params, query }) => service.export(params.name, query.format), {
    send: (res, file, { params, query }) => sendExport(res, file, params.name, query.format),
  });
  return router;
}

/** An attachment named after the collection and the day: `people-2026-01-15.csv`. */
function sendExport(res: Response, file: CollectionExport | string, collection: string, format: 'json' | 'csv'): void {
  res.setHeader('content-disposition', `attachment; filename="${collection}-${new Date().toISOString().slice(0, 10)}.${format}"`);
  if (typeof file === 'string') res.type('text/csv; charset=utf-8').send(file);
  else res.type('application/json').send(`${JSON.stringify(file)}\n`);
}
