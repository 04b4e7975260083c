import { sql } from 'kysely';
import type { Db } from './db';
import { recordAuditAlone } from './audit';
import type { Actor } from './users';
import type { Finding } from '$lib/domain/rules';
import { addDays, shanghaiDate } from '$lib/domain/dates';

// The station's figures over a window of days (Asia/Shanghai calendar days, inclusive).

export interface Figures {
	from: string;
	to: string;
	total: number;
	/** Decided by the rules alone, at submission: the workload the station did not have. */
	approvedAutomatically: number;
	automaticShare: number | null;
	reviewed: number;
	/** Hours from submission to an officer's decision, for declarations an officer decided. */
	decisionHours: { median: number | null; p90: number | null };
	queue: { pending: number; needsInformation: number; oldestSubmittedAt: string | null };
	perDay: { date: string; total: number; automatic: number }[];
	byFinding: { code: string; count: number }[];
	byNationality: { nationality: string; count: number }[];
	byStatus: { status: string; count: number }[];
}

function percentile(sorted: number[], p: number): number | null {
	if (sorted.length === 0) return null;
	// nearest-rank: the smallest value with at least p of the data at or below it
	const rank = Math.max(1, Math.ceil(p * sorted.length));
	return sorted[rank - 1];
}

export async function dashboardFigures(db: Db, window: { from: string; to: string }): Promise<Figures> {
	// submitted_at is UTC; the window is in Shanghai days (UTC+8)
	const start = new Date(`${window.from}T00:00:00+08:00`).toISOString();
	const end = new Date(`${addDays(window.to, 1)}T00:00:00+08:00`).toISOString();
	const rows = await db
		.selectFrom('declarations as d')
		.innerJoin('declaration_events as e', (j) => j.onRef('e.declaration_id', '=', 'd.id').on('e.type', '=', 'submitted'))
		.select(['d.status', 'd.nationality', 'd.findings', 'd.submitted_at', 'd.decided_at', 'e.to_status as first_status'])
		.where('d.submitted_at', '>=', start)
		.where('d.submitted_at', '<', end)
		.execute();

	const days = new Map<string, { total: number; automatic: number }>();
	for (let day = window.from; day <= window.to; day = addDays(day, 1)) days.set(day, { total: 0, automatic: 0 });
	const findings = new Map<string, number>();
	const nationalities = new Map<string, number>();
	const statuses = new Map<string, number>();
	const hours: number[] = [];
	let automatic = 0;
	let reviewed = 0;
	for (const r of rows) {
		const auto = r.first_status === 'approved';
		if (auto) automatic++;
		const day = days.get(shanghaiDate(new Date(r.submitted_at)));
		if (day) {
			day.total++;
			if (auto) day.automatic++;
		}
		for (const f of JSON.parse(r.findings) as Finding[]) findings.set(f.code, (findings.get(f.code) ?? 0) + 1);
		nationalities.set(r.nationality, (nationalities.get(r.nationality) ?? 0) + 1);
		statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
		if (!auto && r.decided_at) {
			reviewed++;
			hours.push((Date.parse(r.decided_at) - Date.parse(r.submitted_at)) / 3_600_000);
		}
	}
	hours.sort((a, b) => a - b);
	const queueRows = await db
		.selectFrom('declarations')
		.select(['status', sql<number>`count(*)`.as('n'), sql<string | null>`min(submitted_at)`.as('oldest')])
		.where('status', 'in', ['pending_review', 'needs_information'])
		.groupBy('status')
		.execute();
	const q = (s: string) => queueRows.find((r) => r.status === s);
	const sortDesc = <K extends string>(m: Map<string, number>, key: K) =>
		[...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, count]) => ({ [key]: k, count }) as { [P in K]: string } & { count: number });
	return {
		from: window.from,
		to: window.to,
		total: rows.length,
		approvedAutomatically: automatic,
		automaticShare: rows.length ? automatic / rows.length : null,
		reviewed,
		decisionHours: { median: percentile(hours, 0.5), p90: percentile(hours, 0.9) },
		queue: { pending: Number(q('pending_review')?.n ?? 0), needsInformation: Number(q('needs_information')?.n ?? 0), oldestSubmittedAt: q('pending_review')?.oldest ?? null },
		perDay: [...days].map(([date, v]) => ({ date, ...v })),
		byFinding: sortDesc(findings, 'code'),
		byNationality: sortDesc(nationalities, 'nationality'),
		byStatus: sortDesc(statuses, 'status')
	};
}

/** The figures as CSV (one section per table), for the export. */
export function figuresCsv(f: Figures): string {
	const lines: string[] = [];
	const row = (...cells: (string | number | null)[]) => lines.push(cells.map((c) => (c === null ? '' : /[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c))).join(','));
	row('figure', 'value');
	row('from', f.from);
	row('to', f.to);
	row('declarations', f.total);
	row('approved_automatically', f.approvedAutomatically);
	row('automatic_share', f.automaticShare === null ? null : f.automaticShare.toFixed(4));
	row('reviewed_by_officer', f.reviewed);
	row('decision_hours_median', f.decisionHours.median === null ? null : f.decisionHours.median.toFixed(2));
	row('decision_hours_p90', f.decisionHours.p90 === null ? null : f.decisionHours.p90.toFixed(2));
	row('queue_pending', f.queue.pending);
	row('queue_needs_information', f.queue.needsInformation);
	row('queue_oldest_submitted_at', f.queue.oldestSubmittedAt);
	lines.push('');
	row('date', 'declarations', 'approved_automatically');
	for (const d of f.perDay) row(d.date, d.total, d.automatic);
	lines.push('');
	row('finding', 'count');
	for (const x of f.byFinding) row(x.code, x.count);
	lines.push('');
	row('nationality', 'count');
	for (const x of f.byNationality) row(x.nationality, x.count);
	return lines.join('\r\n') + '\r\n';
}

/** The figures as CSV for download: aggregates only (no personal data), but every export is audited. */
export async function exportFigures(db: Db, window: { from: string; to: string }, actor: Actor): Promise<string> {
	const figures = await dashboardFigures(db, window);
	await recordAuditAlone(db, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'dashboard.export', details: { from: window.from, to: window.to } });
	return figuresCsv(figures);
}
