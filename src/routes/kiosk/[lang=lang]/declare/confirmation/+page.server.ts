import type { PageServerLoad } from './$types';
import { qrSvg } from '$lib/server/qr';
import { load as confirmationLoad } from '../../../../[lang=lang]/declare/confirmation/+page.server';
import type { PageServerData } from '../../../../[lang=lang]/declare/confirmation/$types';
import { siteOrigin } from '$lib/server/site';

// The phone journey's confirmation (the access code is shown once), plus the receipt's QR
// verification code for the slip the kiosk prints. Same params; only the route id differs.
export const load = (async (event) => {
	const data = (await confirmationLoad(event as never)) as PageServerData;
	const token = data.submission.receiptToken;
	const verifyUrl = token ? `${siteOrigin()}/verify/${token}` : null;
	return { ...data, verifyUrl, qrSvg: verifyUrl ? await qrSvg(verifyUrl) : null };
}) satisfies PageServerLoad;
