import { Router } from 'express';
import { LogQuery } from '../../shared/api/admin.js';
import { parseInput } from '../http/validate.js';
import type { RequestLog } from '../workspace/request-log.js';

export function logsRouter(log: RequestLog): Router {
  const router = Router();
  router.get('/logs', (req, res) => {
    res.json(log.query(parseInput(LogQuery, req.query, 'query')));
  });
  return router;
}
