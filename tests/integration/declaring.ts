import sharp from 'sharp';
import { createAddress } from '../../src/lib/server/addresses';
import { storeUpload } from '../../src/lib/server/uploads';
import { submitDeclaration } from '../../src/lib/server/submission';
import type { SubmitResult } from '../../src/lib/server/declarations';
import { validDeclaration, type DeclarationOverrides } from '../../src/lib/domain/fixtures';
import type { TestApp } from './helpers';

export interface Declaring {
	addressId: string;
	uploadId: string;
	/** Submits a declaration (at `now`, default the real time) at the shared address unless the overrides name another or a free-text one; throws when refused. */
	submit(overrides?: DeclarationOverrides, now?: Date): Promise<Extract<SubmitResult, { ok: true }> & { id: string; version: number }>;
}

/** What the declaration tests share: a registry address, a stored passport photo, and `submit` (each declaration its own person, from `seed` on). */
export async function declaring(app: TestApp, address: { label: string; labelEn: string }, seed: number): Promise<Declaring> {
	const addressId = await app.db.write((tx) => createAddress(tx, { ...address, kind: 'residential' }));
	const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ccc' } })
		.png()
		.toBuffer();
	const stored = await storeUpload(app.db, png);
	if (!stored.ok) throw new Error(`upload refused: ${stored.reason}`);
	const uploadId = stored.id;
	return {
		addressId,
		uploadId,
		async submit(overrides = {}, now = new Date()) {
			const d = validDeclaration(now, overrides, ++seed);
			d.document.photoUploadId = uploadId;
			if (!d.accommodation.addressText && !overrides.accommodation?.addressId) d.accommodation.addressId = addressId;
			const result = await submitDeclaration(app.db, d, { now });
			if (!result.ok) throw new Error(JSON.stringify(result.errors));
			const row = await app.db.selectFrom('declarations').select(['id', 'version']).where('reference', '=', result.reference).executeTakeFirstOrThrow();
			return { ...result, id: row.id, version: row.version };
		}
	};
}
