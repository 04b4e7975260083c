import { render } from 'svelte/server';
import type { RequestHandler } from './$types';
import { bcp47, dirOf, isLang, type Lang } from '$lib/i18n';
import { tFor } from '$lib/server/i18n';
import ReceiptBody from '../ReceiptBody.svelte';
import { loadReceipt } from '../receipt.server';

// The receipt as one self-contained HTML file to keep on the phone or print later: no scripts,
// no external files, the QR code inline.
const CSS = `body{font-family:system-ui,sans-serif;margin:1rem auto;max-inline-size:40rem;padding:0 1rem;color:#1b1f24;line-height:1.5}
dl{display:grid;gap:.25rem}.summary-row{display:grid;grid-template-columns:minmax(8rem,1fr) 2fr;gap:.5rem;border-block-end:1px solid #b8c0cc;padding-block:.4rem}
dt{font-weight:600}dd{margin:0}.qr{margin:1rem 0}.qr-code svg{inline-size:12rem;block-size:12rem}.ltr{direction:ltr;unicode-bidi:isolate}.verify-url{word-break:break-all;font-size:.875rem}.muted{color:#4a5260}.receipt-second{display:block;font-weight:400;color:#4a5260}`;

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export const GET: RequestHandler = async ({ cookies, params, locals }) => {
	const receipt = await loadReceipt(locals.app.db, cookies, params);
	const lang: Lang = isLang(params.lang) ? params.lang : 'en';
	const t = tFor(lang);
	const { body } = render(ReceiptBody, { props: { receipt, t, lang } });
	const html = `<!doctype html>
<html lang="${bcp47(lang)}" dir="${dirOf(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t('declare.receipt.title'))} · ${escape(receipt.reference)}</title><style>${CSS}</style></head>
<body>${body}</body></html>`;
	return new Response(html, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-disposition': `attachment; filename="anju-receipt-${receipt.reference}.html"`,
			'cache-control': 'no-store, private'
		}
	});
};
