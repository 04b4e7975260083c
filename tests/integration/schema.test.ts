import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { SCHEMA_COLUMNS } from '../../src/lib/server/db/schema-columns';
import { migrations } from '../../migrations/index';
import { currentSchema, migrationsCurrent } from '../../src/lib/server/db';
import { createTestApp, DATABASES, type TestApp } from './helpers';

describe.each(DATABASES)('schema on %s', (kind) => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp(kind);
	});
	afterAll(() => app?.cleanup());

	it('matches the hand-written Database interface, table by table and column by column', async () => {
		const schema = await currentSchema(app.db, app.db.kind);
		const tables = await app.db.introspection.getTables();
		const actual = Object.fromEntries(tables.filter((t) => !t.name.startsWith('kysely_') && (schema === undefined || t.schema === schema)).map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
		const expected = Object.fromEntries(Object.entries(SCHEMA_COLUMNS).map(([name, cols]) => [name, [...cols].map(String).sort()]));
		expect(actual).toEqual(expected);
	});

	it('is fully migrated and a second run changes nothing', async () => {
		expect(await migrationsCurrent(app.db)).toBe(true);
	});

	it('has the base settings and visa lists on a new database', async () => {
		const lists = await app.db.selectFrom('nationality_lists').select(['list', 'nationality']).execute();
		const visaFree = new Set(lists.filter((l) => l.list === 'visa_free').map((l) => l.nationality));
		const transit = new Set(lists.filter((l) => l.list === 'transit').map((l) => l.nationality));
		expect(visaFree.has('FRA') && visaFree.has('DEU')).toBe(true);
		expect(visaFree.has('USA')).toBe(false);
		expect(transit.has('USA')).toBe(true);
	});
});

describe('migration list', () => {
	it('names every file in ./migrations, in date order', () => {
		const files = fs
			.readdirSync('migrations')
			.filter((f) => /^\d{4}-\d{2}-\d{2}-.+\.ts$/.test(f))
			.map((f) => f.replace(/\.ts$/, ''))
			.sort();
		expect(Object.keys(migrations)).toEqual(files);
	});
});
