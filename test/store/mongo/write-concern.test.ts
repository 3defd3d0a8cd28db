import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { COLLECTION_NAMES, openCollections } from '../../../src/store/mongo/collections.js';
import {
  describeWriteConcern,
  durableWriteConcernFor,
  topologyOf,
} from '../../../src/store/mongo/write-concern.js';

// `hello` answers as the servers give them (fields trimmed to those that tell the topology).
const STANDALONE_HELLO = { isWritablePrimary: true, maxWireVersion: 27, ok: 1 };
const REPLICA_SET_HELLO = {
  isWritablePrimary: true,
  setName: 'rs0',
  hosts: ['db1.example.com:27017', 'db2.example.com:27017', 'db3.example.com:27017'],
  ok: 1,
};
const MONGOS_HELLO = { isWritablePrimary: true, msg: 'isdbgrid', ok: 1 };

describe('durable write concern', () => {
  it('tells a standalone server, a replica-set member and a mongos apart by their hello', () => {
    expect(topologyOf(STANDALONE_HELLO)).toBe('standalone');
    expect(topologyOf(REPLICA_SET_HELLO)).toBe('replicaSet');
    expect(topologyOf(MONGOS_HELLO)).toBe('sharded');
  });

  it('waits for the journal on a standalone server: {w: 1, j: true}', () => {
    const durable = durableWriteConcernFor('standalone');
    expect(durable.writeConcern).toEqual({ w: 1, journal: true });
    expect(describeWriteConcern(durable)).toBe('{w: 1, j: true}');
  });

  it('waits for the journal of a majority on a replica set or sharded cluster', () => {
    for (const topology of ['replicaSet', 'sharded'] as const) {
      const durable = durableWriteConcernFor(topology);
      expect(durable.writeConcern).toEqual({ w: 'majority', journal: true });
      expect(describeWriteConcern(durable)).toBe('{w: "majority", j: true}');
    }
  });

  describe('set once on the database', () => {
    let client: MongoClient | undefined;
    afterEach(async () => {
      await client?.close();
    });

    // No server needed: the driver resolves a collection's write concern without I/O.
    it('reaches every collection of the store, which sets none of its own', () => {
      client = new MongoClient('mongodb://127.0.0.1:9/');
      const durable = durableWriteConcernFor('standalone');
      const db = client.db('optin_wc', { writeConcern: durable.writeConcern });

      const collections = openCollections(db);

      const concerns = Object.values(collections).map(
        (collection: { writeConcern?: unknown }) => collection.writeConcern,
      );
      expect(concerns).toHaveLength(Object.keys(COLLECTION_NAMES).length);
      for (const concern of concerns) expect(concern).toMatchObject({ w: 1, journal: true });
      // A collection added later inherits it too.
      expect(db.collection('outbox').writeConcern).toMatchObject({ w: 1, journal: true });
    });
  });
});
