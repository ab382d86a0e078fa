import { Router } from 'express';
import { PublishBody, RollbackBody, TestRunBody } from '../../shared/api/admin.js';
import { parseInput } from '../http/validate.js';
import type { ApiService } from '../services/apis.js';
import type { TestRunService } from '../services/test-run.js';

export function apisRouter(apis: ApiService, testRuns: TestRunService): Router {
  const router = Router();
  router.get('/apis', (_req, res) => {
    res.json(apis.list());
  });
  router.post('/apis', (req, res) => {
    res.status(201).json(apis.create(req.body));
  });
  router.get('/apis/:id', (req, res) => {
    res.json(apis.get(req.params.id));
  });
  router.put('/apis/:id', (req, res) => {
    res.json(apis.update(req.params.id, req.body));
  });
  router.delete('/apis/:id', (req, res) => {
    apis.delete(req.params.id);
    res.status(204).end();
  });
  router.post('/apis/:id/validate', (req, res) => {
    const body = req.body as { definition?: unknown } | undefined;
    res.json(apis.validate(req.params.id, body?.definition));
  });
  router.post('/apis/:id/publish', (req, res) => {
    const { environment } = parseInput(PublishBody, req.body);
    res.json(apis.publish(req.params.id, environment));
  });
  router.post('/apis/:id/unpublish', (req, res) => {
    const { environment } = parseInput(PublishBody, req.body);
    apis.unpublish(req.params.id, environment);
    res.status(204).end();
  });
  router.get('/apis/:id/versions', (req, res) => {
    res.json(apis.versions(req.params.id));
  });
  router.post('/apis/:id/rollback', (req, res) => {
    const { environment, version } = parseInput(RollbackBody, req.body);
    res.json(apis.rollback(req.params.id, environment, version));
  });
  router.post('/apis/:id/test-run', async (req, res) => {
    const body = parseInput(TestRunBody, req.body ?? {});
    res.json(await testRuns.run(apis.definitionOf(req.params.id), body));
  });
  return router;
}
