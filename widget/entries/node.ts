/** `@phone-free/two-factor/node`: the handler as `(req, res, next?)` for node:http, Express 5 and Connect. */
export { toNodeHandler, type NodeHandler, type NodeHandlerOptions, type NodeNext } from '../server/node/to-node-handler';
export type { NodeIncoming } from '../server/node/node-request';
