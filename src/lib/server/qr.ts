import QRCode from 'qrcode';

/** A QR code as inline SVG markup without style attributes (the CSP forbids them). */
export async function qrSvg(text: string): Promise<string> {
	return (await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })).replace(/\sstyle="[^"]*"/g, '');
}
