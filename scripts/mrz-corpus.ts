// Synthetic phone photos of passport data pages (ICAO 9303 TD3) for the MRZ reader's tests and
// `npm run bench:mrz`: an SVG page with the MRZ in OCR-B (Debian fonts-ocr-b) rendered by sharp,
// turned up to ±10°, lit unevenly, blurred a little, noised and JPEG-compressed at 1,200–4,000 px.
// Every photo is a pure function of (seed, index), so a failure can be reproduced from its number.
//
//   npx tsx scripts/mrz-corpus.ts [count=40] [dir=data/mrz-corpus] [seed=17]   writes JPEGs + truth.json

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { buildTd3, type Sex } from '../src/lib/domain/mrz';

/** mulberry32: small, fast and good enough for test data. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Person = { nationality: string; surname: string; givenNames: string };

// Names as printed in the visual zone (with their diacritics); buildTd3 transliterates them.
const PEOPLE: Person[] = [
	{ nationality: 'FRA', surname: 'Dupont', givenNames: 'Marie Claire' },
	{ nationality: 'D', surname: 'Müller', givenNames: 'Jürgen Hans-Peter' },
	{ nationality: 'GBR', surname: "O'Brien", givenNames: 'Siobhan' },
	{ nationality: 'USA', surname: 'Washington', givenNames: 'George Alexander' },
	{ nationality: 'ESP', surname: 'García López', givenNames: 'José María' },
	{ nationality: 'ITA', surname: 'Dell’Acqua', givenNames: 'Giuseppe' },
	{ nationality: 'PRT', surname: 'Gonçalves da Silva', givenNames: 'João' },
	{ nationality: 'BRA', surname: 'Araújo', givenNames: 'Ana Beatriz' },
	{ nationality: 'RUS', surname: 'Ivanova', givenNames: 'Yekaterina' },
	{ nationality: 'UKR', surname: 'Shevchenko', givenNames: 'Oleksandr' },
	{ nationality: 'POL', surname: 'Wałęsa', givenNames: 'Łukasz' },
	{ nationality: 'CZE', surname: 'Dvořák', givenNames: 'Antonín' },
	{ nationality: 'SWE', surname: 'Åkesson', givenNames: 'Björn' },
	{ nationality: 'NOR', surname: 'Sørensen', givenNames: 'Øystein' },
	{ nationality: 'TUR', surname: 'Yılmaz', givenNames: 'Ayşe' },
	{ nationality: 'VNM', surname: 'Nguyễn', givenNames: 'Thị Minh Khai' },
	{ nationality: 'THA', surname: 'Srisawat', givenNames: 'Somchai' },
	{ nationality: 'IDN', surname: 'Sukarnoputri', givenNames: 'Megawati' },
	{ nationality: 'KOR', surname: 'Kim', givenNames: 'Min Jun' },
	{ nationality: 'JPN', surname: 'Takahashi', givenNames: 'Yuki' },
	{ nationality: 'PAK', surname: 'Khan', givenNames: 'Muhammad Imran' },
	{ nationality: 'IND', surname: 'Venkataraghavan', givenNames: 'Srinivasaraghavan' },
	{ nationality: 'EGY', surname: 'El-Sayed', givenNames: 'Mohamed Abdel Rahman' },
	{ nationality: 'SAU', surname: 'Al Saud', givenNames: 'Abdulaziz bin Abdulrahman' },
	{ nationality: 'NGA', surname: 'Okonkwo', givenNames: 'Chinedu' },
	{ nationality: 'ETH', surname: 'Gebreselassie', givenNames: 'Haile' },
	{ nationality: 'KEN', surname: 'Wanjiru', givenNames: 'Grace Njeri' },
	{ nationality: 'ZAF', surname: 'van der Merwe', givenNames: 'Pieter' },
	{ nationality: 'MEX', surname: 'Hernández', givenNames: 'Guadalupe' },
	{ nationality: 'ARG', surname: 'Fernández de Kirchner', givenNames: 'Cristina Elisabet' },
	{ nationality: 'CAN', surname: 'Tremblay', givenNames: 'Émilie' },
	{ nationality: 'AUS', surname: 'Nguyen', givenNames: 'Liam' },
	{ nationality: 'NLD', surname: 'de Vries', givenNames: 'Johannes' },
	{ nationality: 'ISL', surname: 'Þórðarson', givenNames: 'Guðrún' },
	{ nationality: 'HUN', surname: 'Szőke', givenNames: 'Zsófia' },
	{ nationality: 'GRC', surname: 'Papadopoulos', givenNames: 'Konstantinos' },
	{ nationality: 'MNG', surname: 'Batbayar', givenNames: 'Enkhtuya' },
	{ nationality: 'KAZ', surname: 'Nazarbayeva', givenNames: 'Dariga' },
	{ nationality: 'MYS', surname: 'Abdullah', givenNames: 'Siti Nurhaliza binti Tarudin' },
	{ nationality: 'PHL', surname: 'Dela Cruz', givenNames: 'Juan' },
	{ nationality: 'LKA', surname: 'Wickremesinghe', givenNames: 'Ranil' },
	{ nationality: 'XXA', surname: 'Haddad', givenNames: 'Omar' },
	{ nationality: 'GBN', surname: 'Chan', givenNames: 'Tai Man' },
	{ nationality: 'RKS', surname: 'Berisha', givenNames: 'Arta' },
	{ nationality: 'CHL', surname: 'Pérez-Cotapos Huidobro', givenNames: 'María de los Ángeles' }
];

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

function pick<T>(r: () => number, items: readonly T[]): T {
	return items[Math.floor(r() * items.length)];
}
function chars(r: () => number, alphabet: string, n: number): string {
	let s = '';
	for (let i = 0; i < n; i++) s += pick(r, alphabet.split(''));
	return s;
}
function date(r: () => number, fromYear: number, toYear: number): string {
	const y = fromYear + Math.floor(r() * (toYear - fromYear + 1));
	const m = 1 + Math.floor(r() * 12);
	const d = 1 + Math.floor(r() * 28);
	return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export type Td3Truth = { lines: [string, string]; person: Person; documentNumber: string; sex: Sex; dateOfBirth: string; expiryDate: string };

/** A passport's data (valid check digits), drawn from the seed. */
export function passportData(r: () => number): Td3Truth {
	const person = pick(r, PEOPLE);
	// numbers: 9 characters, sometimes shorter (filled with '<'), letters and digits
	const numberStyle = r();
	const documentNumber = numberStyle < 0.4 ? chars(r, LETTERS, 2) + chars(r, DIGITS, 7) : numberStyle < 0.7 ? chars(r, LETTERS, 1) + chars(r, DIGITS, 7) : chars(r, DIGITS + LETTERS, 9);
	const sex = pick<Sex>(r, ['M', 'F', 'F', 'M', 'X']);
	const dateOfBirth = date(r, 1940, 2023);
	const expiryDate = date(r, 2026, 2036);
	const optional = r();
	const personalNumber = optional < 0.5 ? '' : optional < 0.8 ? chars(r, DIGITS, 6 + Math.floor(r() * 9)) : chars(r, LETTERS, 2) + chars(r, DIGITS, 8);
	const issuingState = person.nationality === 'XXA' ? 'DEU' : person.nationality;
	const text = buildTd3({ issuingState, surname: person.surname, givenNames: person.givenNames, documentNumber, nationality: person.nationality, dateOfBirth, sex, expiryDate, personalNumber });
	const [l1, l2] = text.split('\n');
	return { lines: [l1, l2], person, documentNumber, sex, dateOfBirth, expiryDate };
}

function esc(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// The page in its own units (0.1 mm): 125 × 88 mm, MRZ at 10 characters per inch (ICAO TD3).
const PAGE_W = 1250;
const PAGE_H = 880;
const PITCH = 25.4;

function pageSvg(r: () => number, truth: Td3Truth | undefined): string {
	const hue = Math.floor(r() * 360);
	const tint = `hsl(${hue},30%,${91 + Math.floor(r() * 5)}%)`;
	const ink = `hsl(${hue},40%,75%)`;
	let guilloche = '';
	for (let k = 0; k < 14; k++) {
		const amp = 20 + r() * 60;
		const period = 80 + r() * 160;
		const y0 = 40 + k * 45;
		let d = `M0 ${y0}`;
		for (let x = 0; x <= PAGE_W; x += 20) d += ` L${x} ${(y0 + amp * Math.sin((x / period) * 2 * Math.PI + k)).toFixed(1)}`;
		guilloche += `<path d="${d}" fill="none" stroke="${ink}" stroke-width="2" opacity="0.6"/>`;
	}
	const p = truth?.person ?? pick(r, PEOPLE);
	const label = (x: number, y: number, s: string) => `<text x="${x}" y="${y}" font-family="Noto Sans" font-size="20" fill="#555">${esc(s)}</text>`;
	const value = (x: number, y: number, s: string) => `<text x="${x}" y="${y}" font-family="Noto Sans" font-weight="bold" font-size="30" fill="#111">${esc(s)}</text>`;
	const fields = [
		['Type / Type', 'P', 'Country code', p.nationality, 'Passport No.', truth?.documentNumber ?? chars(r, DIGITS, 9)],
		['Surname / Nom', p.surname.toUpperCase()],
		['Given names / Prénoms', p.givenNames.toUpperCase()],
		['Nationality', p.nationality],
		['Date of birth', truth?.dateOfBirth ?? date(r, 1950, 2010), 'Sex', truth?.sex ?? 'F'],
		['Date of expiry', truth?.expiryDate ?? date(r, 2026, 2035), 'Authority', 'MINISTRY']
	];
	let text = '';
	fields.forEach((row, i) => {
		const y = 150 + i * 78;
		for (let j = 0; j < row.length; j += 2) {
			const x = 400 + (j / 2) * 260;
			text += label(x, y, row[j]) + value(x, y + 34, row[j + 1]);
		}
	});
	let mrz = '';
	if (truth) {
		// one <text> per character: exact ICAO pitch whatever the font's advance
		truth.lines.forEach((line, li) => {
			const y = PAGE_H - 120 + li * 62;
			for (let c = 0; c < line.length; c++) mrz += `<text x="${(60 + c * PITCH).toFixed(1)}" y="${y}" font-family="OCR B" font-size="40" fill="#141414">${esc(line[c])}</text>`;
		});
	}
	return (
		`<rect width="${PAGE_W}" height="${PAGE_H}" rx="18" fill="${tint}"/>${guilloche}` +
		`<text x="${PAGE_W / 2}" y="60" text-anchor="middle" font-family="Noto Sans" font-weight="bold" font-size="36" fill="#333">PASSPORT · PASSEPORT</text>` +
		`<rect x="60" y="110" width="300" height="400" fill="#c9c3bb"/><ellipse cx="210" cy="270" rx="90" ry="120" fill="#8d8379"/>` +
		text +
		// the MRZ clear area stays free of the background print, as on real passports
		(truth ? `<rect x="30" y="${PAGE_H - 170}" width="${PAGE_W - 60}" height="150" fill="${tint}"/>` + mrz : '')
	);
}

export type CorpusPhoto = { index: number; jpeg: Buffer; width: number; truth: Td3Truth | undefined; angle: number };

/** Photo `index` of the corpus: every eighth has no MRZ (a page without one or a plain sheet). */
export async function corpusPhoto(seed: number, index: number, options: { tamper?: boolean; width?: number; height?: number; quality?: number } = {}): Promise<CorpusPhoto> {
	const r = rng(seed * 1_000_003 + index);
	const hasMrz = index % 8 !== 7;
	const truth = hasMrz ? passportData(r) : undefined;
	// tamper: a line 2 whose birth date no longer matches its check digit (a forged or misprinted
	// page), which no read may call valid
	if (truth && options.tamper) {
		const l2 = truth.lines[1];
		truth.lines = [truth.lines[0], l2.slice(0, 18) + String((Number(l2[18]) + 1) % 10) + l2.slice(19)];
	}
	const drawnWidth = 1200 + Math.floor(r() * 2801);
	// a fixed size (the benchmark's phone photo) draws the same numbers, so the rest of the photo is unchanged
	const width = options.width ?? drawnWidth;
	const height = options.height ?? Math.round(width * 0.75);
	const angle = (r() * 2 - 1) * 10;
	const scale = ((0.62 + r() * 0.16) * width) / PAGE_W;
	const cx = width / 2 + (r() - 0.5) * width * 0.06;
	const cy = height / 2 + (r() - 0.5) * height * 0.06;
	const table = `hsl(${Math.floor(r() * 360)},${10 + Math.floor(r() * 30)}%,${25 + Math.floor(r() * 40)}%)`;
	// uneven light: a bright spot and a shadow from one side
	const lx = Math.round(r() * 100);
	const ly = Math.round(r() * 100);
	const shadow = (0.15 + r() * 0.3).toFixed(2);
	const page = pageSvg(r, truth);
	const svg =
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
		`<defs><radialGradient id="light" cx="${lx}%" cy="${ly}%" r="80%"><stop offset="0" stop-color="#fff" stop-opacity="0.25"/><stop offset="1" stop-color="#000" stop-opacity="${shadow}"/></radialGradient></defs>` +
		`<rect width="100%" height="100%" fill="${table}"/>` +
		`<g transform="translate(${cx.toFixed(1)} ${cy.toFixed(1)}) rotate(${angle.toFixed(2)}) scale(${scale.toFixed(4)}) translate(${-PAGE_W / 2} ${-PAGE_H / 2})">${page}</g>` +
		`<rect width="100%" height="100%" fill="url(#light)"/></svg>`;
	const blur = (0.4 + r() * 0.8) * (width / 1600);
	const { data, info } = await sharp(Buffer.from(svg)).blur(Math.max(0.3, blur)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
	// sensor noise, seeded (sharp's own noise is not reproducible)
	const sigma = 4 + r() * 8;
	const noise = rng(seed ^ (index * 7919));
	for (let i = 0; i < data.length; i++) {
		const n = (noise() + noise() + noise() - 1.5) * 2 * sigma;
		const v = data[i] + n;
		data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
	}
	const quality = options.quality ?? 55 + Math.floor(r() * 36);
	const jpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
		.jpeg({ quality })
		.toBuffer();
	return { index, jpeg, width, truth, angle };
}

async function main(): Promise<void> {
	const count = Number(process.argv[2] ?? 40);
	const dir = process.argv[3] ?? 'data/mrz-corpus';
	const seed = Number(process.argv[4] ?? 17);
	fs.mkdirSync(dir, { recursive: true });
	const truth: Record<string, string[] | null> = {};
	for (let i = 0; i < count; i++) {
		const photo = await corpusPhoto(seed, i);
		const name = `passport-${String(i).padStart(3, '0')}.jpg`;
		fs.writeFileSync(path.join(dir, name), photo.jpeg);
		truth[name] = photo.truth?.lines ?? null;
	}
	fs.writeFileSync(path.join(dir, 'truth.json'), JSON.stringify(truth, null, 1));
	console.log(`${count} photos in ${dir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
