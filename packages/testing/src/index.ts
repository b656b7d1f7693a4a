export * from './random.ts';
export * from './sockets.ts';
export * from './memory-store.ts';
export * from './store-contract.ts';
export * from './factories.ts';
export * from './services.ts';
