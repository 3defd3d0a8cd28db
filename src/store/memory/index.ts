export { createMemoryStore } from './memory-store.js';
export type { MemoryStoreOptions } from './memory-store.js';
export { createMemoryStoreData } from './memory-data.js';
export type { MemoryStoreData } from './memory-data.js';
