/**
 * Demo data set for Anju (seed data only: pure data and types, no imports, no I/O).
 *
 * Everything here is fictional and for demonstration: compound, hotel, company and
 * organisation names are plausible but generic and are NOT claimed to be real places or
 * bodies (Jiaxing University is a real institution; the buildings and offices attributed to
 * it here are illustrative). People, e-mail addresses (example.org, RFC 2606) and watch-list
 * entries are invented.
 *
 * The nationality lists (visa-free, mutual exemption, 240-hour transit) seed the editable
 * policy lists used by rule VISA_FREE_NOT_ELIGIBLE (DESIGN.md §6.2). They reflect the
 * policy in force in late 2025 as best known when written; admins keep them current.
 */

export type DemoAddressKind = 'residential' | 'hotel' | 'dormitory' | 'office';

export interface DemoAddress {
	/** Stable key, unique within this list. */
	key: string;
	/** Chinese official address. */
	label: string;
	/** Pinyin / English form (contains pinyin so a pinyin search finds it). */
	labelEn: string;
	kind: DemoAddressKind;
}

export type DemoOrganisationKind = 'legal' | 'medical' | 'education' | 'other';

/** Language tags used by the platform. */
export type DemoLanguage = 'en' | 'zh-hans' | 'zh-hant' | 'ko' | 'ja' | 'de' | 'fr' | 'es' | 'it' | 'ru' | 'ar' | 'ur' | 'pt' | 'vi' | 'th' | 'id';

export interface DemoOrganisation {
	key: string;
	name: string;
	nameEn: string;
	kind: DemoOrganisationKind;
	languages: DemoLanguage[];
	/** The organisation's demo partner account. */
	member: { name: string; email: string };
}

export type DemoLanguageLevel = 'native' | 'fluent' | 'working';

/** 0 = Monday … 6 = Sunday. */
export type DemoWeekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface DemoVolunteer {
	name: string;
	email: string;
	languages: { lang: DemoLanguage; level: DemoLanguageLevel }[];
	/** Weekly availability, local time (Asia/Shanghai), `HH:MM`. */
	availability: { day: DemoWeekday; from: string; to: string }[];
}

export interface DemoStaff {
	role: 'officer' | 'admin';
	name: string;
	email: string;
}

export interface DemoWatchlistEntry {
	/** ISO 3166-1 alpha-3. */
	nationality: string;
	documentNumber: string;
	reason: string;
}

// ---------------------------------------------------------------------------------------------
// 1. Address registry: Jiabei Subdistrict (嘉北街道), Jiaxing Economic Development Zone
//    (嘉兴经济技术开发区), Zhejiang. One entry per building.
// ---------------------------------------------------------------------------------------------

export const DEMO_ADDRESSES: DemoAddress[] = [
	// 嘉北花园 Jiabei Huayuan
	{
		key: 'jbhy-01',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北花园1幢',
		labelEn: 'Bldg 1, Jiabei Huayuan (Jiabei Garden), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jbhy-02',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北花园2幢',
		labelEn: 'Bldg 2, Jiabei Huayuan (Jiabei Garden), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jbhy-03',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北花园3幢',
		labelEn: 'Bldg 3, Jiabei Huayuan (Jiabei Garden), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jbhy-05',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北花园5幢',
		labelEn: 'Bldg 5, Jiabei Huayuan (Jiabei Garden), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jbhy-06',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北花园6幢',
		labelEn: 'Bldg 6, Jiabei Huayuan (Jiabei Garden), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jbhy-08',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北花园8幢',
		labelEn: 'Bldg 8, Jiabei Huayuan (Jiabei Garden), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jbhy-09',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北花园9幢',
		labelEn: 'Bldg 9, Jiabei Huayuan (Jiabei Garden), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jbhy-10',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北花园10幢',
		labelEn: 'Bldg 10, Jiabei Huayuan (Jiabei Garden), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	// 禾兴新村 Hexing Xincun
	{
		key: 'hxxc-01',
		label: '浙江省嘉兴市经济技术开发区嘉北街道禾兴新村1幢',
		labelEn: 'Bldg 1, Hexing Xincun (Hexing New Village), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'hxxc-02',
		label: '浙江省嘉兴市经济技术开发区嘉北街道禾兴新村2幢',
		labelEn: 'Bldg 2, Hexing Xincun (Hexing New Village), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'hxxc-03',
		label: '浙江省嘉兴市经济技术开发区嘉北街道禾兴新村3幢',
		labelEn: 'Bldg 3, Hexing Xincun (Hexing New Village), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'hxxc-04',
		label: '浙江省嘉兴市经济技术开发区嘉北街道禾兴新村4幢',
		labelEn: 'Bldg 4, Hexing Xincun (Hexing New Village), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'hxxc-05',
		label: '浙江省嘉兴市经济技术开发区嘉北街道禾兴新村5幢',
		labelEn: 'Bldg 5, Hexing Xincun (Hexing New Village), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'hxxc-06',
		label: '浙江省嘉兴市经济技术开发区嘉北街道禾兴新村6幢',
		labelEn: 'Bldg 6, Hexing Xincun (Hexing New Village), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'hxxc-07',
		label: '浙江省嘉兴市经济技术开发区嘉北街道禾兴新村7幢',
		labelEn: 'Bldg 7, Hexing Xincun (Hexing New Village), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	// 梧桐苑 Wutong Yuan
	{
		key: 'wty-01',
		label: '浙江省嘉兴市经济技术开发区嘉北街道梧桐苑1幢',
		labelEn: 'Bldg 1, Wutong Yuan (Wutong Court), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'wty-02',
		label: '浙江省嘉兴市经济技术开发区嘉北街道梧桐苑2幢',
		labelEn: 'Bldg 2, Wutong Yuan (Wutong Court), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'wty-03',
		label: '浙江省嘉兴市经济技术开发区嘉北街道梧桐苑3幢',
		labelEn: 'Bldg 3, Wutong Yuan (Wutong Court), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'wty-04',
		label: '浙江省嘉兴市经济技术开发区嘉北街道梧桐苑4幢',
		labelEn: 'Bldg 4, Wutong Yuan (Wutong Court), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'wty-05',
		label: '浙江省嘉兴市经济技术开发区嘉北街道梧桐苑5幢',
		labelEn: 'Bldg 5, Wutong Yuan (Wutong Court), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'wty-06',
		label: '浙江省嘉兴市经济技术开发区嘉北街道梧桐苑6幢',
		labelEn: 'Bldg 6, Wutong Yuan (Wutong Court), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	// 锦湖公寓 Jinhu Gongyu
	{
		key: 'jhgy-01',
		label: '浙江省嘉兴市经济技术开发区嘉北街道锦湖公寓1幢',
		labelEn: 'Bldg 1, Jinhu Gongyu (Jinhu Apartments), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jhgy-02',
		label: '浙江省嘉兴市经济技术开发区嘉北街道锦湖公寓2幢',
		labelEn: 'Bldg 2, Jinhu Gongyu (Jinhu Apartments), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jhgy-03',
		label: '浙江省嘉兴市经济技术开发区嘉北街道锦湖公寓3幢',
		labelEn: 'Bldg 3, Jinhu Gongyu (Jinhu Apartments), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jhgy-05',
		label: '浙江省嘉兴市经济技术开发区嘉北街道锦湖公寓5幢',
		labelEn: 'Bldg 5, Jinhu Gongyu (Jinhu Apartments), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jhgy-06',
		label: '浙江省嘉兴市经济技术开发区嘉北街道锦湖公寓6幢',
		labelEn: 'Bldg 6, Jinhu Gongyu (Jinhu Apartments), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jhgy-07',
		label: '浙江省嘉兴市经济技术开发区嘉北街道锦湖公寓7幢',
		labelEn: 'Bldg 7, Jinhu Gongyu (Jinhu Apartments), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	// 云栖里 Yunqi Li
	{
		key: 'yql-01',
		label: '浙江省嘉兴市经济技术开发区嘉北街道云栖里1幢',
		labelEn: 'Bldg 1, Yunqi Li (Yunqi Residences), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'yql-02',
		label: '浙江省嘉兴市经济技术开发区嘉北街道云栖里2幢',
		labelEn: 'Bldg 2, Yunqi Li (Yunqi Residences), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'yql-03',
		label: '浙江省嘉兴市经济技术开发区嘉北街道云栖里3幢',
		labelEn: 'Bldg 3, Yunqi Li (Yunqi Residences), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'yql-04',
		label: '浙江省嘉兴市经济技术开发区嘉北街道云栖里4幢',
		labelEn: 'Bldg 4, Yunqi Li (Yunqi Residences), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'yql-05',
		label: '浙江省嘉兴市经济技术开发区嘉北街道云栖里5幢',
		labelEn: 'Bldg 5, Yunqi Li (Yunqi Residences), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'yql-06',
		label: '浙江省嘉兴市经济技术开发区嘉北街道云栖里6幢',
		labelEn: 'Bldg 6, Yunqi Li (Yunqi Residences), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'yql-07',
		label: '浙江省嘉兴市经济技术开发区嘉北街道云栖里7幢',
		labelEn: 'Bldg 7, Yunqi Li (Yunqi Residences), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'yql-08',
		label: '浙江省嘉兴市经济技术开发区嘉北街道云栖里8幢',
		labelEn: 'Bldg 8, Yunqi Li (Yunqi Residences), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	// 桂香小区 Guixiang Xiaoqu
	{
		key: 'gxxq-01',
		label: '浙江省嘉兴市经济技术开发区嘉北街道桂香小区1幢',
		labelEn: 'Bldg 1, Guixiang Xiaoqu (Guixiang Residential Quarter), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'gxxq-02',
		label: '浙江省嘉兴市经济技术开发区嘉北街道桂香小区2幢',
		labelEn: 'Bldg 2, Guixiang Xiaoqu (Guixiang Residential Quarter), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'gxxq-03',
		label: '浙江省嘉兴市经济技术开发区嘉北街道桂香小区3幢',
		labelEn: 'Bldg 3, Guixiang Xiaoqu (Guixiang Residential Quarter), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'gxxq-05',
		label: '浙江省嘉兴市经济技术开发区嘉北街道桂香小区5幢',
		labelEn: 'Bldg 5, Guixiang Xiaoqu (Guixiang Residential Quarter), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'gxxq-06',
		label: '浙江省嘉兴市经济技术开发区嘉北街道桂香小区6幢',
		labelEn: 'Bldg 6, Guixiang Xiaoqu (Guixiang Residential Quarter), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	// 嘉禾府 Jiahe Fu
	{
		key: 'jhf-01',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉禾府1幢',
		labelEn: 'Bldg 1, Jiahe Fu (Jiahe Mansion), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jhf-02',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉禾府2幢',
		labelEn: 'Bldg 2, Jiahe Fu (Jiahe Mansion), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jhf-03',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉禾府3幢',
		labelEn: 'Bldg 3, Jiahe Fu (Jiahe Mansion), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jhf-05',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉禾府5幢',
		labelEn: 'Bldg 5, Jiahe Fu (Jiahe Mansion), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jhf-06',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉禾府6幢',
		labelEn: 'Bldg 6, Jiahe Fu (Jiahe Mansion), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'jhf-08',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉禾府8幢',
		labelEn: 'Bldg 8, Jiahe Fu (Jiahe Mansion), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	// 清源家园 Qingyuan Jiayuan
	{
		key: 'qyjy-01',
		label: '浙江省嘉兴市经济技术开发区嘉北街道清源家园1幢',
		labelEn: 'Bldg 1, Qingyuan Jiayuan (Qingyuan Homes), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'qyjy-02',
		label: '浙江省嘉兴市经济技术开发区嘉北街道清源家园2幢',
		labelEn: 'Bldg 2, Qingyuan Jiayuan (Qingyuan Homes), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'qyjy-03',
		label: '浙江省嘉兴市经济技术开发区嘉北街道清源家园3幢',
		labelEn: 'Bldg 3, Qingyuan Jiayuan (Qingyuan Homes), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'qyjy-04',
		label: '浙江省嘉兴市经济技术开发区嘉北街道清源家园4幢',
		labelEn: 'Bldg 4, Qingyuan Jiayuan (Qingyuan Homes), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'qyjy-05',
		label: '浙江省嘉兴市经济技术开发区嘉北街道清源家园5幢',
		labelEn: 'Bldg 5, Qingyuan Jiayuan (Qingyuan Homes), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	{
		key: 'qyjy-06',
		label: '浙江省嘉兴市经济技术开发区嘉北街道清源家园6幢',
		labelEn: 'Bldg 6, Qingyuan Jiayuan (Qingyuan Homes), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'residential'
	},
	// Dormitories (university and enterprise staff)
	{
		key: 'jxu-isa-1',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉兴学院国际学生公寓1号楼',
		labelEn: 'Bldg 1, Jiaxing Xueyuan Guoji Xuesheng Gongyu (Jiaxing University International Student Apartments), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'dormitory'
	},
	{
		key: 'jxu-isa-2',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉兴学院国际学生公寓2号楼',
		labelEn: 'Bldg 2, Jiaxing Xueyuan Guoji Xuesheng Gongyu (Jiaxing University International Student Apartments), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'dormitory'
	},
	{
		key: 'jxu-tfa-1',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉兴学院教师公寓A幢',
		labelEn: 'Bldg A, Jiaxing Xueyuan Jiaoshi Gongyu (Jiaxing University Faculty Apartments), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'dormitory'
	},
	{
		key: 'jbcy-ss-1',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北产业园员工宿舍1幢',
		labelEn: 'Bldg 1, Jiabei Chanyeyuan Yuangong Sushe (Jiabei Industrial Park Staff Dormitory), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'dormitory'
	},
	{
		key: 'jbcy-ss-2',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北产业园员工宿舍2幢',
		labelEn: 'Bldg 2, Jiabei Chanyeyuan Yuangong Sushe (Jiabei Industrial Park Staff Dormitory), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'dormitory'
	},
	{
		key: 'hcjm-ss-1',
		label: '浙江省嘉兴市经济技术开发区嘉北街道禾城精密制造厂员工宿舍1幢',
		labelEn: 'Bldg 1, Hecheng Jingmi Zhizaochang Yuangong Sushe (Hecheng Precision Works Staff Dormitory), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'dormitory'
	},
	{
		key: 'xhkj-rc-1',
		label: '浙江省嘉兴市经济技术开发区嘉北街道秀湖科技园人才公寓3幢',
		labelEn: 'Bldg 3, Xiuhu Kejiyuan Rencai Gongyu (Xiuhu Science Park Talent Apartments), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'dormitory'
	},
	// Hotels (they register their own guests: HOTEL_ADDRESS)
	{
		key: 'hotel-jbsw',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北商务酒店',
		labelEn: 'Jiabei Shangwu Jiudian (Jiabei Business Hotel), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'hotel'
	},
	{
		key: 'hotel-hcgj',
		label: '浙江省嘉兴市经济技术开发区嘉北街道禾城国际大酒店',
		labelEn: 'Hecheng Guoji Dajiudian (Hecheng International Hotel), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'hotel'
	},
	{
		key: 'hotel-yqsh',
		label: '浙江省嘉兴市经济技术开发区嘉北街道云栖轻居酒店',
		labelEn: 'Yunqi Qingju Jiudian (Yunqi Stay Hotel), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'hotel'
	},
	// Offices
	{
		key: 'office-gjsw-a',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北国际商务中心A座',
		labelEn: 'Tower A, Jiabei Guoji Shangwu Zhongxin (Jiabei International Business Centre), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'office'
	},
	{
		key: 'office-kcds-b',
		label: '浙江省嘉兴市经济技术开发区嘉北街道经开科创大厦B座',
		labelEn: 'Tower B, Jingkai Kechuang Dasha (EDZ Innovation Tower), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'office'
	},
	{
		key: 'office-jrgc-1',
		label: '浙江省嘉兴市经济技术开发区嘉北街道嘉北金融广场1号楼',
		labelEn: 'Bldg 1, Jiabei Jinrong Guangchang (Jiabei Finance Plaza), Jiabei Subdistrict, Jiaxing Economic Development Zone, Jiaxing, Zhejiang',
		kind: 'office'
	}
];

// ---------------------------------------------------------------------------------------------
// 2. Visa-free entry (basis `visa_free`)
// ---------------------------------------------------------------------------------------------

/**
 * China's unilateral visa-free policy for ordinary passports (business, tourism, visiting
 * relatives and friends, exchange, transit), stays of up to 30 days, as in force in late 2025.
 *
 * Source: announcements of the Ministry of Foreign Affairs / National Immigration
 * Administration. 15 days from 2023-12-01 (FRA DEU ITA NLD ESP MYS); extended to CHE IRL HUN
 * AUT BEL LUX (2024-03-14), AUS NZL POL (2024-07-01), NOR (2024-10-15), PRT GRC CYP SVN SVK
 * BGR ROU HRV MNE MKD MLT EST LVA JPN FIN DNK ISL AND MCO LIE KOR (2024-11-08/2024-11-30);
 * stay raised to 30 days from 2024-11-30; BRA ARG CHL PER URY (2025-06-01); SAU OMN KWT BHR
 * (2025-06-09); AZE (2025-07-16); RUS (trial 2025-09-15 to 2026-09-14); SWE (2025-11-10).
 * In November 2025 the policy was extended to 2026-12-31.
 *
 * Assumptions: Malaysia is listed under MUTUAL_VISA_EXEMPT (its mutual exemption agreement
 * replaced the unilateral arrangement on 2025-07-17). The United Kingdom is NOT included: its
 * visa-free entry was announced only after late 2025 (early 2026); add it via the admin
 * settings once in force. The United States and Canada are NOT on this list (USA and CAN
 * citizens may use the 240-hour transit policy instead).
 */
export const VISA_FREE_30_DAY: string[] = [
	// Western and Northern Europe
	'FRA',
	'DEU',
	'ITA',
	'NLD',
	'ESP',
	'CHE',
	'IRL',
	'AUT',
	'BEL',
	'LUX',
	'NOR',
	'FIN',
	'DNK',
	'ISL',
	'SWE',
	'AND',
	'MCO',
	'LIE',
	'PRT',
	// Central, Eastern and Southern Europe
	'HUN',
	'POL',
	'GRC',
	'CYP',
	'SVN',
	'SVK',
	'BGR',
	'ROU',
	'HRV',
	'MNE',
	'MKD',
	'MLT',
	'EST',
	'LVA',
	'RUS',
	// Asia-Pacific
	'AUS',
	'NZL',
	'KOR',
	'JPN',
	// Latin America
	'BRA',
	'ARG',
	'CHL',
	'PER',
	'URY',
	// Gulf and Caucasus
	'SAU',
	'OMN',
	'KWT',
	'BHR',
	'AZE'
];

/**
 * Countries with a bilateral mutual visa-exemption agreement for ordinary passports (stays of
 * typically up to 30 days per entry, 90 days per 180 days / year depending on the agreement).
 * Their citizens are ALSO eligible for basis `visa_free`: seed the visa-free list with
 * VISA_FREE_ELIGIBLE (the union) below.
 *
 * Source: National Immigration Administration list of mutual visa exemption agreements, as in
 * force in late 2025; notably SGP (2024-02-09), THA (2024-03-01), KAZ (2023-11-10), GEO
 * (2025-05-28), UZB (2025-06-01), MYS (2025-07-17). Agreements not confirmed in force by late
 * 2025 (e.g. Armenia, Solomon Islands) are left out. The United States and Canada are not here.
 */
export const MUTUAL_VISA_EXEMPT: string[] = [
	// Asia
	'SGP',
	'THA',
	'MYS',
	'MDV',
	'KAZ',
	'UZB',
	// Middle East and Caucasus
	'ARE',
	'QAT',
	'GEO',
	// Europe
	'SRB',
	'BIH',
	'BLR',
	'SMR',
	// Africa and Indian Ocean
	'SYC',
	'MUS',
	// Americas and Caribbean
	'ECU',
	'BRB',
	'BHS',
	'GRD',
	'SUR',
	'ATG',
	'DMA',
	// Pacific
	'FJI',
	'TON'
];

/** Union of VISA_FREE_30_DAY and MUTUAL_VISA_EXEMPT, without duplicates (sorted). */
export const VISA_FREE_ELIGIBLE: string[] = [...new Set([...VISA_FREE_30_DAY, ...MUTUAL_VISA_EXEMPT])].sort();

// ---------------------------------------------------------------------------------------------
// 3. Visa-free transit (basis `transit_visa_free`)
// ---------------------------------------------------------------------------------------------

/**
 * The 240-hour visa-free transit policy (National Immigration Administration announcement of
 * 2024-12-17, in force from 2024-12-17: the 72/144-hour policy extended to 240 hours, for
 * travellers with an onward ticket to a third country or region). 54 countries from
 * 2024-12-17, Indonesia added from 2025-06-12: 55 countries.
 */
export const TRANSIT_240H: string[] = [
	// Europe: 24 Schengen states (Norway and Liechtenstein listed separately or not at all)
	'AUT',
	'BEL',
	'CZE',
	'DNK',
	'EST',
	'FIN',
	'FRA',
	'DEU',
	'GRC',
	'HUN',
	'ISL',
	'ITA',
	'LVA',
	'LTU',
	'LUX',
	'MLT',
	'NLD',
	'POL',
	'PRT',
	'SVK',
	'SVN',
	'ESP',
	'SWE',
	'CHE',
	// Europe: 16 other countries
	'RUS',
	'GBR',
	'IRL',
	'CYP',
	'BGR',
	'ROU',
	'UKR',
	'SRB',
	'HRV',
	'BIH',
	'MNE',
	'MKD',
	'ALB',
	'BLR',
	'MCO',
	'NOR',
	// Americas
	'USA',
	'CAN',
	'BRA',
	'MEX',
	'ARG',
	'CHL',
	// Oceania
	'AUS',
	'NZL',
	// Asia
	'KOR',
	'JPN',
	'SGP',
	'BRN',
	'ARE',
	'QAT',
	'IDN'
];

// ---------------------------------------------------------------------------------------------
// 4. Partner organisations (exactly 9; one demo member account each)
// ---------------------------------------------------------------------------------------------

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
	{
		key: 'law-jiabei',
		name: '浙江嘉北律师事务所',
		nameEn: 'Zhejiang Jiabei Law Firm',
		kind: 'legal',
		languages: ['zh-hans', 'en', 'ko'],
		member: { name: '沈立新 Shen Lixin', email: 'legal1@anju.example.org' }
	},
	{
		key: 'law-hexin',
		name: '嘉兴禾信涉外律师事务所',
		nameEn: 'Jiaxing Hexin Foreign Affairs Law Firm',
		kind: 'legal',
		languages: ['zh-hans', 'en', 'ja', 'de', 'fr'],
		member: { name: '钱婧 Qian Jing', email: 'legal2@anju.example.org' }
	},
	{
		key: 'school-intl',
		name: '嘉兴经开国际学校',
		nameEn: 'Jiaxing EDZ International School',
		kind: 'education',
		languages: ['en', 'zh-hans', 'ko', 'ja'],
		member: { name: 'Emma Clarke', email: 'school@anju.example.org' }
	},
	{
		key: 'jxu-intl-office',
		name: '嘉兴学院国际合作与交流处',
		nameEn: 'Jiaxing University International Office',
		kind: 'education',
		languages: ['zh-hans', 'en', 'ru', 'ar', 'ur', 'th', 'vi', 'id'],
		member: { name: '朱慧敏 Zhu Huimin', email: 'university@anju.example.org' }
	},
	{
		key: 'hospital-intl',
		name: '嘉北医院国际医疗部',
		nameEn: 'Jiabei Hospital International Medical Department',
		kind: 'medical',
		languages: ['zh-hans', 'en', 'ja', 'ko'],
		member: { name: '许正阳 Xu Zhengyang', email: 'hospital@anju.example.org' }
	},
	{
		key: 'clinic-hekang',
		name: '禾康国际门诊部',
		nameEn: 'Hekang International Clinic',
		kind: 'medical',
		languages: ['zh-hans', 'en', 'fr', 'es', 'pt'],
		member: { name: '蒋悦 Jiang Yue', email: 'clinic@anju.example.org' }
	},
	{
		key: 'fie-association',
		name: '嘉兴经开区外商投资企业协会',
		nameEn: 'Jiaxing EDZ Foreign-Invested Enterprises Association',
		kind: 'other',
		languages: ['zh-hans', 'en', 'de', 'it', 'ja', 'ko'],
		member: { name: '顾振华 Gu Zhenhua', email: 'chamber@anju.example.org' }
	},
	{
		key: 'community-centre',
		name: '嘉北街道国际社区服务中心',
		nameEn: 'Jiabei International Community Service Centre',
		kind: 'other',
		languages: ['zh-hans', 'en', 'ko', 'ja', 'ru'],
		member: { name: '陆芳 Lu Fang', email: 'community@anju.example.org' }
	},
	{
		key: 'tax-social-insurance',
		name: '禾信财税社保咨询有限公司',
		nameEn: 'Hexin Tax and Social Insurance Advisory Co., Ltd.',
		kind: 'other',
		languages: ['zh-hans', 'zh-hant', 'en', 'ja', 'ko'],
		member: { name: '曹立 Cao Li', email: 'tax@anju.example.org' }
	}
];

// ---------------------------------------------------------------------------------------------
// 5. Volunteer interpreters: the language team of a university school of foreign languages
//    (exactly 27: students, teachers and international students). Day 0 = Monday.
// ---------------------------------------------------------------------------------------------

export const DEMO_VOLUNTEERS: DemoVolunteer[] = [
	{
		name: '王晓雨 Wang Xiaoyu',
		email: 'v01@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'en', level: 'fluent' }
		],
		availability: [
			{ day: 0, from: '18:30', to: '21:00' },
			{ day: 2, from: '18:30', to: '21:00' },
			{ day: 5, from: '09:00', to: '12:00' }
		]
	},
	{
		name: '李明哲 Li Mingzhe', // teacher, English department
		email: 'v02@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'en', level: 'fluent' },
			{ lang: 'de', level: 'working' }
		],
		availability: [
			{ day: 1, from: '14:00', to: '16:00' },
			{ day: 3, from: '14:00', to: '16:00' }
		]
	},
	{
		name: '张思琪 Zhang Siqi',
		email: 'v03@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'ko', level: 'fluent' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 1, from: '18:30', to: '21:30' },
			{ day: 6, from: '13:00', to: '17:00' }
		]
	},
	{
		name: '陈浩然 Chen Haoran',
		email: 'v04@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'ja', level: 'fluent' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 0, from: '12:00', to: '13:30' },
			{ day: 3, from: '18:30', to: '21:00' },
			{ day: 5, from: '14:00', to: '18:00' }
		]
	},
	{
		name: '刘佳怡 Liu Jiayi',
		email: 'v05@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'fr', level: 'fluent' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 2, from: '15:45', to: '17:30' },
			{ day: 4, from: '18:30', to: '21:00' }
		]
	},
	{
		name: '赵一帆 Zhao Yifan',
		email: 'v06@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'de', level: 'fluent' },
			{ lang: 'en', level: 'fluent' }
		],
		availability: [
			{ day: 0, from: '18:30', to: '21:00' },
			{ day: 6, from: '09:00', to: '12:00' }
		]
	},
	{
		name: '孙雨桐 Sun Yutong',
		email: 'v07@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'es', level: 'fluent' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 1, from: '10:00', to: '11:40' },
			{ day: 3, from: '18:30', to: '21:00' },
			{ day: 5, from: '09:00', to: '12:00' }
		]
	},
	{
		name: '周子涵 Zhou Zihan',
		email: 'v08@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'ru', level: 'fluent' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 2, from: '18:30', to: '21:00' },
			{ day: 4, from: '13:30', to: '15:30' }
		]
	},
	{
		name: '吴俊杰 Wu Junjie',
		email: 'v09@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'ar', level: 'working' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 0, from: '18:30', to: '21:00' },
			{ day: 6, from: '14:00', to: '18:00' }
		]
	},
	{
		name: '郑雅文 Zheng Yawen', // teacher, Japanese department
		email: 'v10@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'ja', level: 'fluent' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 2, from: '10:00', to: '12:00' },
			{ day: 4, from: '10:00', to: '12:00' }
		]
	},
	{
		name: '黄诗涵 Huang Shihan',
		email: 'v11@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'en', level: 'fluent' },
			{ lang: 'it', level: 'working' }
		],
		availability: [
			{ day: 1, from: '18:30', to: '21:00' },
			{ day: 5, from: '13:00', to: '17:00' }
		]
	},
	{
		name: '徐天宇 Xu Tianyu',
		email: 'v12@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'pt', level: 'fluent' },
			{ lang: 'es', level: 'working' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 3, from: '18:30', to: '21:00' },
			{ day: 6, from: '09:00', to: '12:00' }
		]
	},
	{
		name: '林嘉欣 Lam Ka-yan', // exchange student from Hong Kong
		email: 'v13@anju.example.org',
		languages: [
			{ lang: 'zh-hant', level: 'native' },
			{ lang: 'zh-hans', level: 'fluent' },
			{ lang: 'en', level: 'fluent' }
		],
		availability: [
			{ day: 0, from: '14:00', to: '17:00' },
			{ day: 2, from: '18:30', to: '21:00' }
		]
	},
	{
		name: '何俊豪 Ho Chun-hao', // exchange student from Taiwan
		email: 'v14@anju.example.org',
		languages: [
			{ lang: 'zh-hant', level: 'native' },
			{ lang: 'zh-hans', level: 'fluent' },
			{ lang: 'ja', level: 'working' }
		],
		availability: [
			{ day: 4, from: '18:30', to: '21:00' },
			{ day: 5, from: '09:00', to: '12:00' }
		]
	},
	{
		name: '马文博 Ma Wenbo',
		email: 'v15@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'en', level: 'fluent' },
			{ lang: 'fr', level: 'working' }
		],
		availability: [
			{ day: 1, from: '12:00', to: '13:30' },
			{ day: 3, from: '12:00', to: '13:30' },
			{ day: 6, from: '19:00', to: '21:00' }
		]
	},
	{
		name: '高欣然 Gao Xinran',
		email: 'v16@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'ko', level: 'fluent' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 2, from: '13:30', to: '15:30' },
			{ day: 5, from: '14:00', to: '18:00' }
		]
	},
	{
		name: '罗静 Luo Jing', // teacher, French department
		email: 'v17@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'fr', level: 'fluent' },
			{ lang: 'en', level: 'fluent' }
		],
		availability: [
			{ day: 0, from: '10:00', to: '12:00' },
			{ day: 4, from: '14:00', to: '16:00' }
		]
	},
	{
		name: '杨帆 Yang Fan',
		email: 'v18@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'th', level: 'working' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 1, from: '18:30', to: '21:00' },
			{ day: 6, from: '13:00', to: '17:00' }
		]
	},
	{
		name: '谢婉婷 Xie Wanting',
		email: 'v19@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'vi', level: 'working' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 2, from: '18:30', to: '21:00' },
			{ day: 5, from: '09:00', to: '11:30' }
		]
	},
	{
		name: '韩志远 Han Zhiyuan',
		email: 'v20@anju.example.org',
		languages: [
			{ lang: 'zh-hans', level: 'native' },
			{ lang: 'id', level: 'working' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 3, from: '15:45', to: '17:30' },
			{ day: 6, from: '09:00', to: '12:00' }
		]
	},
	{
		name: '김민지 Kim Minji', // international student, Korea
		email: 'v21@anju.example.org',
		languages: [
			{ lang: 'ko', level: 'native' },
			{ lang: 'zh-hans', level: 'working' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 0, from: '18:30', to: '21:00' },
			{ day: 3, from: '18:30', to: '21:00' }
		]
	},
	{
		name: 'Anastasia Volkova', // international student, Russia
		email: 'v22@anju.example.org',
		languages: [
			{ lang: 'ru', level: 'native' },
			{ lang: 'zh-hans', level: 'working' },
			{ lang: 'en', level: 'fluent' }
		],
		availability: [
			{ day: 1, from: '14:00', to: '17:00' },
			{ day: 5, from: '10:00', to: '13:00' }
		]
	},
	{
		name: 'Nguyễn Thị Lan', // international student, Viet Nam
		email: 'v23@anju.example.org',
		languages: [
			{ lang: 'vi', level: 'native' },
			{ lang: 'zh-hans', level: 'working' }
		],
		availability: [
			{ day: 2, from: '18:30', to: '21:00' },
			{ day: 6, from: '14:00', to: '18:00' }
		]
	},
	{
		name: 'Siriporn Chaiyasit', // international student, Thailand
		email: 'v24@anju.example.org',
		languages: [
			{ lang: 'th', level: 'native' },
			{ lang: 'zh-hans', level: 'working' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 4, from: '18:30', to: '21:00' },
			{ day: 5, from: '14:00', to: '17:00' }
		]
	},
	{
		name: 'Omar Haddad', // international student, Jordan
		email: 'v25@anju.example.org',
		languages: [
			{ lang: 'ar', level: 'native' },
			{ lang: 'en', level: 'fluent' },
			{ lang: 'zh-hans', level: 'working' },
			{ lang: 'fr', level: 'working' }
		],
		availability: [
			{ day: 0, from: '14:00', to: '16:00' },
			{ day: 3, from: '18:30', to: '21:00' },
			{ day: 6, from: '10:00', to: '12:00' }
		]
	},
	{
		name: 'Muhammad Usman', // international student, Pakistan
		email: 'v26@anju.example.org',
		languages: [
			{ lang: 'ur', level: 'native' },
			{ lang: 'en', level: 'fluent' },
			{ lang: 'zh-hans', level: 'working' }
		],
		availability: [
			{ day: 1, from: '18:30', to: '21:00' },
			{ day: 5, from: '15:00', to: '18:00' }
		]
	},
	{
		name: 'Putri Rahmawati', // international student, Indonesia
		email: 'v27@anju.example.org',
		languages: [
			{ lang: 'id', level: 'native' },
			{ lang: 'zh-hans', level: 'working' },
			{ lang: 'en', level: 'working' }
		],
		availability: [
			{ day: 2, from: '12:00', to: '13:30' },
			{ day: 4, from: '18:30', to: '21:00' },
			{ day: 6, from: '09:00', to: '12:00' }
		]
	}
];

// ---------------------------------------------------------------------------------------------
// 6. Station staff
// ---------------------------------------------------------------------------------------------

export const DEMO_STAFF: DemoStaff[] = [
	{ role: 'officer', name: '沈建国 Shen Jianguo', email: 'officer1@anju.example.org' },
	{ role: 'officer', name: '金晓燕 Jin Xiaoyan', email: 'officer2@anju.example.org' },
	{ role: 'officer', name: '褚振宇 Chu Zhenyu', email: 'officer3@anju.example.org' },
	{ role: 'admin', name: '方志明 Fang Zhiming', email: 'admin@anju.example.org' }
];

// ---------------------------------------------------------------------------------------------
// 7. Watch list (fictional entries; document numbers are obviously fake)
// ---------------------------------------------------------------------------------------------

export const DEMO_WATCHLIST: DemoWatchlistEntry[] = [
	{ nationality: 'FRA', documentNumber: 'WL0000001', reason: 'Demo entry (fictional): document reported lost or stolen' },
	{ nationality: 'KOR', documentNumber: 'WL0000002', reason: 'Demo entry (fictional): document reported invalidated by the issuing authority' }
];
