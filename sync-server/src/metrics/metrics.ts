import client from 'prom-client';

/** One registry per server instance, so several instances can share a process (tests). */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });

  return {
    registry,
    httpRequestDuration: new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    connectedSockets: new client.Gauge({
      name: 'sync_connected_sockets',
      help: 'Sockets connected to this instance',
      registers: [registry],
    }),
    syncOperations: new client.Counter({
      name: 'sync_operations_total',
      help: 'Sync pulls and pushes by collection and outcome',
      labelNames: ['operation', 'collection', 'outcome'] as const,
      registers: [registry],
    }),
    syncOperationDuration: new client.Histogram({
      name: 'sync_operation_duration_seconds',
      help: 'Sync pull and push duration by collection',
      labelNames: ['operation', 'collection'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    syncDocuments: new client.Counter({
      name: 'sync_documents_total',
      help: 'Documents pulled, written by pushes, reported as conflicts, and refused per row (invalid, unsafe text, list cap), by collection',
      labelNames: ['kind', 'collection'] as const,
      registers: [registry],
    }),
    storeOperationDuration: new client.Histogram({
      name: 'store_operation_duration_seconds',
      help: 'Store operation latency by operation',
      labelNames: ['operation', 'outcome'] as const,
      buckets: [0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers: [registry],
    }),
    slowConsumerDisconnects: new client.Counter({
      name: 'sync_slow_consumer_disconnects_total',
      help: 'Sockets dropped because their client stopped reading and SOCKET_BUFFER_LIMIT bytes of output piled up',
      registers: [registry],
    }),
    rateLimited: new client.Counter({
      name: 'rate_limited_total',
      help: 'Requests and socket messages refused by a rate limit',
      labelNames: ['limit'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
