import { Router } from 'express';
import { KeyGroupInput, KeyGroupUpdate } from '../../shared/model/token.js';
import type { KeyGroupService } from '../auth/key-groups.js';
import { parseInput } from '../http/validate.js';

/** /key-groups: PUT changes only the fields it names; `tokenIds`, when named, is the whole membership. */
export function keyGroupsRouter(service: KeyGroupService): Router {
  const router = Router();

  router.get('/key-groups', (_req, res) => {
    res.json(service.list());
  });

  router.post('/key-groups', (req, res) => {
    res.status(201).json(service.create(parseInput(KeyGroupInput, req.body)));
  });

  router.get('/key-groups/:id', (req, res) => {
    res.json(service.get(req.params.id));
  });

  router.put('/key-groups/:id', (req, res) => {
    res.json(service.update(req.params.id, parseInput(KeyGroupUpdate, req.body)));
  });

  router.delete('/key-groups/:id', (req, res) => {
    service.delete(req.params.id);
    res.status(204).end();
  });

  return router;
}
