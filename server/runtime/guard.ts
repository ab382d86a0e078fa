import type { IncomingMessage } from 'node:http';
import type { TokenContext } from '../../shared/model/runtime.js';
import type { Route } from './route-table.js';

/** Who is calling, once authentication and rate limits have let a request through. */
/** `headers` is made for this request alone (or null): the listener adds its own to it. */
export type Admitted = { ok: true; token: TokenContext | null; tokenId: string | null; headers: Record<string, string> | null };
export type Refused = { ok: false; status: number; code: string; message: string; headers: Record<string, string>; tokenId?: string | null };
export type GuardResult = Admitted | Refused;

/** Decides, per request, whether a route may run: authentication, key groups, scopes, rate limits. */
export type RuntimeGuard = (route: Route, req: IncomingMessage, clientIp: string) => GuardResult | Promise<GuardResult>;
