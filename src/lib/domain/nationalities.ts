// Nationality codes as they appear in the passport (ICAO 9303 Part 3): ISO 3166-1 alpha-3 plus
// the ICAO-only codes. Written out as data instead of depending on i18n-iso-countries: we need
// only the alpha-3 → alpha-2 pairs (~3 kB here), while that package ships names in dozens of
// languages we already get from Intl.DisplayNames, and it would be bundled into the browser form.

// alpha-2 + alpha-3 pairs of ISO 3166-1 (249 officially assigned codes), sorted by alpha-2.
const ISO_PAIRS =
	'ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA AZAZE ' +
	'BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES BRBRA BSBHS ' +
	'BTBTN BVBVT BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK CLCHL CMCMR CNCHN ' +
	'COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA DODOM DZDZA ECECU EEEST ' +
	'EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA GAGAB GBGBR GDGRD GEGEO GFGUF ' +
	'GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD ' +
	'HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD IOIOT IQIRQ IRIRN ISISL ITITA JEJEY JMJAM ' +
	'JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA KPPRK KRKOR KWKWT KYCYM KZKAZ LALAO LBLBN LCLCA ' +
	'LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL MKMKD ' +
	'MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM ' +
	'NCNCL NENER NFNFK NGNGA NINIC NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG ' +
	'PHPHL PKPAK PLPOL PMSPM PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY QAQAT REREU ROROU RSSRB RURUS RWRWA ' +
	'SASAU SBSLB SCSYC SDSDN SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD ' +
	'STSTP SVSLV SXSXM SYSYR SZSWZ TCTCA TDTCD TFATF TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON ' +
	'TRTUR TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR ' +
	'VNVNM VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ZMZMB ZWZWE';

// ICAO codes that are not ISO alpha-3, mapped to the region Intl.DisplayNames should show
// (undefined: no country, e.g. stateless persons or UN staff).
const ICAO_SPECIAL: ReadonlyMap<string, string | undefined> = new Map<string, string | undefined>([
	['D', 'DE'], // Germany uses D instead of DEU in its passports
	['EUE', undefined], // European Union laissez-passer
	['GBD', 'GB'], // British Overseas Territories Citizen
	['GBN', 'GB'], // British National (Overseas)
	['GBO', 'GB'], // British Overseas Citizen
	['GBP', 'GB'], // British Protected Person
	['GBS', 'GB'], // British Subject
	['RKS', 'XK'], // Kosovo; XK is the user-assigned code CLDR uses
	['UNA', undefined], // specialised agency of the United Nations
	['UNK', undefined], // resident of Kosovo, UNMIK document
	['UNO', undefined], // United Nations Organisation
	['XXA', undefined], // stateless person (1954 Convention)
	['XXB', undefined], // refugee (1951 Convention)
	['XXC', undefined], // refugee, other
	['XXX', undefined] // unspecified nationality
]);

const ALPHA3_TO_ALPHA2: ReadonlyMap<string, string | undefined> = new Map<string, string | undefined>([
	...ISO_PAIRS.split(' ').map((pair): [string, string] => [pair.slice(2), pair.slice(0, 2)]),
	...ICAO_SPECIAL
]);

export const NATIONALITY_CODES: ReadonlySet<string> = new Set(ALPHA3_TO_ALPHA2.keys());

export const STATELESS_OR_REFUGEE_CODES: ReadonlySet<string> = new Set(['XXA', 'XXB', 'XXC', 'XXX']);

export function isNationality(code: string): boolean {
	return NATIONALITY_CODES.has(code);
}

/** Region code for Intl.DisplayNames; undefined for codes that name no country. */
export function alpha3ToAlpha2(code: string): string | undefined {
	return ALPHA3_TO_ALPHA2.get(code);
}
