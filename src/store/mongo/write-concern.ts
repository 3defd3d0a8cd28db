import type { Document, MongoClient, WriteConcernSettings } from 'mongodb';

/** What kind of MongoDB deployment the store writes to, as its `hello` answer says. */
export type MongoTopology = 'standalone' | 'replicaSet' | 'sharded';

/**
 * The write concern every write of the store uses: acknowledged only once it is in the on-disk
 * journal, and on a replica set (or a sharded cluster, whose shards are replica sets) once a
 * majority of the members have it, so it survives a crash of `mongod` and a failover. Without
 * it a standalone server acknowledges a write held in memory only, and an answered STOP could
 * be lost with the last ~100 ms of writes when `mongod` is killed.
 */
export interface DurableWriteConcern {
  readonly topology: MongoTopology;
  readonly writeConcern: Readonly<WriteConcernSettings> & { readonly journal: true };
}

/**
 * The deployment's topology from its `hello` answer: a replica-set member names its set, a
 * `mongos` says `isdbgrid`; anything else is a standalone server.
 */
export function topologyOf(hello: Document): MongoTopology {
  if (hello['msg'] === 'isdbgrid') return 'sharded';
  if (typeof hello['setName'] === 'string') return 'replicaSet';
  return 'standalone';
}

/**
 * The durable write concern for a topology: `{w: 1, j: true}` on a standalone server (it has
 * no other member to wait for), `{w: "majority", j: true}` on a replica set or sharded cluster.
 */
export function durableWriteConcernFor(topology: MongoTopology): DurableWriteConcern {
  return {
    topology,
    writeConcern:
      topology === 'standalone' ? { w: 1, journal: true } : { w: 'majority', journal: true },
  };
}

/**
 * Asks the connected server what it is (`hello`) and returns the write concern the store
 * must use on it. Run once at start-up, before `createMongoStore`.
 * @example
 * await client.connect();
 * const durable = await readDurableWriteConcern(client);
 * const store = createMongoStore({ client, dbName: 'optin', durable });
 */
export async function readDurableWriteConcern(client: MongoClient): Promise<DurableWriteConcern> {
  const hello = await client.db('admin').command({ hello: 1 });
  return durableWriteConcernFor(topologyOf(hello));
}

/** The write concern as the server receives it, for logs and the README: `{w: 1, j: true}`. */
export function describeWriteConcern(durable: DurableWriteConcern): string {
  const { w } = durable.writeConcern;
  return `{w: ${typeof w === 'string' ? `"${w}"` : String(w)}, j: true}`;
}
