import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabaseConnection, Dialect, Driver, TransactionSettings } from 'kysely';

// A unit of work inside Db.write must use its `tx` only. Using the root Db there would, on
// SQLite, wait for the one connection that the unit itself holds (a hang that stalls every
// write behind it); on PostgreSQL it would quietly run outside the transaction. The type system
// stops the root Db being passed where a Tx is expected, but not a closure that captured it, so
// the write path marks its units here and the driver refuses, at once, a connection asked for
// by the same database from inside one of its own units.

/** Marks the async context of a unit of work of one database (the value is that database's token). */
export const insideWrite = new AsyncLocalStorage<object>();

export class WriteInsideWriteError extends Error {
	constructor(what: string) {
		super(`${what} inside a unit of Db.write: use the unit's tx (the root Db would wait for the connection the unit holds)`);
	}
}

/** The dialect with its driver guarded for the database whose token is `token`. */
export function guardedDialect(dialect: Dialect, token: object): Dialect {
	return {
		createAdapter: () => dialect.createAdapter(),
		createIntrospector: (db) => dialect.createIntrospector(db),
		createQueryCompiler: () => dialect.createQueryCompiler(),
		createDriver: () => new GuardedDriver(dialect.createDriver(), token)
	};
}

class GuardedDriver implements Driver {
	constructor(
		private readonly inner: Driver,
		private readonly token: object
	) {}

	init(): Promise<void> {
		return this.inner.init();
	}
	acquireConnection(): Promise<DatabaseConnection> {
		if (insideWrite.getStore() === this.token) return Promise.reject(new WriteInsideWriteError('The root Db was queried'));
		return this.inner.acquireConnection();
	}
	beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
		return this.inner.beginTransaction(connection, settings);
	}
	commitTransaction(connection: DatabaseConnection): Promise<void> {
		return this.inner.commitTransaction(connection);
	}
	rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		return this.inner.rollbackTransaction(connection);
	}
	releaseConnection(connection: DatabaseConnection): Promise<void> {
		return this.inner.releaseConnection(connection);
	}
	destroy(): Promise<void> {
		return this.inner.destroy();
	}
}
