import type { Kysely } from 'kysely';
import { ulid } from 'ulid';

// Frozen. Also declaration_attachments (below). The library of questions an officer asks a resident (issue 16): each template is written
// in every language, with fields the officer fills in ({{date}} a calendar day, rendered in the
// resident's locale; {{number}} a document or permit number, shown as typed). Admins edit them
// later; this seeds the questions a station really asks.
type Texts = Record<string, string>;
interface Seed {
	key: string;
	fields: { name: string; kind: 'date' | 'code' }[];
	texts: Texts;
}

const LIBRARY: Seed[] = [
	{
		key: 'residence_permit_page',
		fields: [],
		texts: {
			en: 'Please send a photo of the page of your passport with your residence permit.',
			'zh-hans': '请提供您护照中居留许可页的照片。',
			'zh-hant': '請提供您護照中居留許可頁的照片。',
			ko: '여권에서 거류허가가 있는 페이지의 사진을 보내 주십시오.',
			ja: 'パスポートの居留許可が記載されたページの写真を送ってください。',
			de: 'Bitte senden Sie ein Foto der Passseite mit Ihrem Aufenthaltstitel.',
			fr: 'Veuillez envoyer une photo de la page de votre passeport portant votre permis de séjour.',
			es: 'Envíe una foto de la página de su pasaporte con su permiso de residencia.',
			it: 'Invii una foto della pagina del passaporto con il permesso di soggiorno.',
			ru: 'Пришлите, пожалуйста, фотографию страницы паспорта с вашим видом на жительство.',
			ar: 'يرجى إرسال صورة لصفحة جواز سفرك التي تحمل تصريح الإقامة.',
			ur: 'براہ کرم اپنے پاسپورٹ کے اُس صفحے کی تصویر بھیجیں جس پر آپ کا رہائشی اجازت نامہ ہے۔',
			pt: 'Envie uma foto da página do seu passaporte com a autorização de residência.',
			vi: 'Vui lòng gửi ảnh trang hộ chiếu có giấy phép cư trú của bạn.',
			th: 'กรุณาส่งรูปถ่ายหน้าหนังสือเดินทางที่มีใบอนุญาตพำนักของคุณ',
			id: 'Mohon kirim foto halaman paspor Anda yang memuat izin tinggal.'
		}
	},
	{
		key: 'confirm_check_in',
		fields: [{ name: 'date', kind: 'date' }],
		texts: {
			en: 'Please confirm that you moved in at this address on {{date}}. If the date is different, write the correct date.',
			'zh-hans': '请确认您是否于{{date}}入住该地址。如日期不符，请写明正确日期。',
			'zh-hant': '請確認您是否於{{date}}入住該地址。如日期不符，請寫明正確日期。',
			ko: '{{date}}에 이 주소에 입주하셨는지 확인해 주십시오. 날짜가 다르면 정확한 날짜를 적어 주십시오.',
			ja: '{{date}}にこの住所に入居したことを確認してください。日付が異なる場合は、正しい日付を書いてください。',
			de: 'Bitte bestätigen Sie, dass Sie am {{date}} an dieser Adresse eingezogen sind. Wenn das Datum nicht stimmt, schreiben Sie das richtige Datum.',
			fr: 'Veuillez confirmer que vous vous êtes installé(e) à cette adresse le {{date}}. Si la date est différente, indiquez la date exacte.',
			es: 'Confirme que se instaló en esta dirección el {{date}}. Si la fecha es otra, escriba la fecha correcta.',
			it: 'Confermi di essersi trasferito/a a questo indirizzo il {{date}}. Se la data è diversa, scriva quella corretta.',
			ru: 'Подтвердите, пожалуйста, что вы заселились по этому адресу {{date}}. Если дата другая, укажите правильную.',
			ar: 'يرجى تأكيد أنك سكنت في هذا العنوان بتاريخ {{date}}. إذا كان التاريخ مختلفًا، فاكتب التاريخ الصحيح.',
			ur: 'براہ کرم تصدیق کریں کہ آپ {{date}} کو اس پتے پر منتقل ہوئے۔ اگر تاریخ مختلف ہے تو درست تاریخ لکھیں۔',
			pt: 'Confirme que passou a morar neste endereço em {{date}}. Se a data for outra, escreva a data correta.',
			vi: 'Vui lòng xác nhận bạn đã đến ở địa chỉ này vào ngày {{date}}. Nếu ngày khác, hãy ghi ngày đúng.',
			th: 'กรุณายืนยันว่าคุณเข้าพักที่อยู่นี้เมื่อวันที่ {{date}} หากวันที่ไม่ตรง กรุณาเขียนวันที่ที่ถูกต้อง',
			id: 'Mohon konfirmasi bahwa Anda mulai tinggal di alamat ini pada {{date}}. Jika tanggalnya berbeda, tulis tanggal yang benar.'
		}
	},
	{
		key: 'landlord_id',
		fields: [],
		texts: {
			en: "Please send a copy of your landlord's ID card (the side with the photo), or ask your landlord to bring it to the station.",
			'zh-hans': '请提供房东身份证（人像面）复印件，或请房东本人携带身份证到派出所。',
			'zh-hant': '請提供房東身分證（人像面）影本，或請房東本人攜帶身分證到派出所。',
			ko: '집주인의 신분증(사진이 있는 면) 사본을 보내 주시거나, 집주인이 신분증을 가지고 파출소에 오도록 요청해 주십시오.',
			ja: '大家さんの身分証（顔写真のある面）のコピーを送るか、大家さんに身分証を持って派出所へ来てもらってください。',
			de: 'Bitte senden Sie eine Kopie des Ausweises Ihres Vermieters (Seite mit Foto), oder bitten Sie ihn, den Ausweis auf die Wache zu bringen.',
			fr: "Veuillez envoyer une copie de la carte d'identité de votre propriétaire (face avec photo), ou demandez-lui de l'apporter au poste de police.",
			es: 'Envíe una copia del documento de identidad de su arrendador (la cara con la foto), o pídale que lo lleve a la comisaría.',
			it: "Invii una copia della carta d'identità del padrone di casa (lato con la foto), oppure gli chieda di portarla al commissariato.",
			ru: 'Пришлите копию удостоверения личности арендодателя (сторона с фотографией) или попросите арендодателя принести его в отделение полиции.',
			ar: 'يرجى إرسال نسخة من بطاقة هوية المؤجر (الوجه الذي يحمل الصورة)، أو اطلب من المؤجر إحضارها إلى مركز الشرطة.',
			ur: 'براہ کرم اپنے مالک مکان کے شناختی کارڈ (تصویر والی طرف) کی نقل بھیجیں، یا مالک مکان سے کہیں کہ وہ اسے تھانے لے آئیں۔',
			pt: 'Envie uma cópia do documento de identidade do seu senhorio (o lado com a foto), ou peça-lhe que o leve à esquadra.',
			vi: 'Vui lòng gửi bản sao chứng minh nhân dân của chủ nhà (mặt có ảnh), hoặc nhờ chủ nhà mang đến đồn công an.',
			th: 'กรุณาส่งสำเนาบัตรประชาชนของเจ้าของที่พัก (ด้านที่มีรูปถ่าย) หรือขอให้เจ้าของที่พักนำบัตรมาที่สถานีตำรวจ',
			id: 'Mohon kirim salinan KTP pemilik rumah (sisi yang ada fotonya), atau minta pemilik rumah membawanya ke kantor polisi.'
		}
	},
	{
		key: 'guardian_consent',
		fields: [],
		texts: {
			en: "You are under 18. Please send a letter of consent signed by your parent or guardian, with their name and phone number.",
			'zh-hans': '您未满18周岁。请提供由父母或监护人签名的同意书，并注明其姓名和电话号码。',
			'zh-hant': '您未滿18歲。請提供由父母或監護人簽名的同意書，並註明其姓名和電話號碼。',
			ko: '귀하는 만 18세 미만입니다. 부모 또는 보호자가 서명한 동의서를 보호자의 이름과 전화번호와 함께 보내 주십시오.',
			ja: 'あなたは18歳未満です。親または保護者が署名した同意書を、保護者の氏名と電話番号を添えて送ってください。',
			de: 'Sie sind unter 18. Bitte senden Sie eine von Ihren Eltern oder Ihrem Vormund unterschriebene Einverständniserklärung mit Name und Telefonnummer.',
			fr: "Vous avez moins de 18 ans. Veuillez envoyer une lettre de consentement signée par votre parent ou tuteur, avec son nom et son numéro de téléphone.",
			es: 'Es menor de 18 años. Envíe una carta de consentimiento firmada por su padre, madre o tutor, con su nombre y número de teléfono.',
			it: 'Lei ha meno di 18 anni. Invii una lettera di consenso firmata da un genitore o dal tutore, con nome e numero di telefono.',
			ru: 'Вам меньше 18 лет. Пришлите согласие, подписанное родителем или опекуном, с его именем и номером телефона.',
			ar: 'عمرك أقل من 18 عامًا. يرجى إرسال خطاب موافقة موقّع من أحد والديك أو وليّ أمرك، مع اسمه ورقم هاتفه.',
			ur: 'آپ کی عمر 18 سال سے کم ہے۔ براہ کرم اپنے والدین یا سرپرست کا دستخط شدہ رضامندی نامہ، ان کے نام اور فون نمبر کے ساتھ بھیجیں۔',
			pt: 'Tem menos de 18 anos. Envie uma carta de consentimento assinada pelo seu pai, mãe ou tutor, com o nome e o telefone dele.',
			vi: 'Bạn chưa đủ 18 tuổi. Vui lòng gửi giấy đồng ý có chữ ký của cha mẹ hoặc người giám hộ, kèm họ tên và số điện thoại của họ.',
			th: 'คุณอายุต่ำกว่า 18 ปี กรุณาส่งหนังสือยินยอมที่ลงนามโดยบิดามารดาหรือผู้ปกครอง พร้อมชื่อและหมายเลขโทรศัพท์',
			id: 'Anda berusia di bawah 18 tahun. Mohon kirim surat persetujuan yang ditandatangani orang tua atau wali, beserta nama dan nomor teleponnya.'
		}
	},
	{
		key: 'new_passport',
		fields: [],
		texts: {
			en: 'Your passport has expired. If you have a new passport, please correct its number and expiry date below and send a photo of its data page.',
			'zh-hans': '您的护照已过期。如您已换发新护照，请在下方更正护照号码和有效期，并提供新护照资料页照片。',
			'zh-hant': '您的護照已過期。如您已換發新護照，請在下方更正護照號碼和有效期，並提供新護照資料頁照片。',
			ko: '여권이 만료되었습니다. 새 여권이 있으면 아래에서 여권 번호와 만료일을 고치고 신원 정보 면의 사진을 보내 주십시오.',
			ja: 'パスポートの有効期限が切れています。新しいパスポートをお持ちの場合は、下で番号と有効期限を訂正し、身分事項ページの写真を送ってください。',
			de: 'Ihr Pass ist abgelaufen. Wenn Sie einen neuen Pass haben, korrigieren Sie unten Nummer und Ablaufdatum und senden Sie ein Foto der Datenseite.',
			fr: "Votre passeport a expiré. Si vous avez un nouveau passeport, corrigez ci-dessous son numéro et sa date d'expiration et envoyez une photo de sa page de données.",
			es: 'Su pasaporte ha caducado. Si tiene uno nuevo, corrija abajo el número y la fecha de caducidad y envíe una foto de la página de datos.',
			it: 'Il passaporto è scaduto. Se ne ha uno nuovo, corregga qui sotto numero e data di scadenza e invii una foto della pagina dei dati.',
			ru: 'Срок действия вашего паспорта истёк. Если у вас новый паспорт, исправьте ниже его номер и срок действия и пришлите фото страницы с данными.',
			ar: 'انتهت صلاحية جواز سفرك. إذا كان لديك جواز جديد، فصحّح رقمه وتاريخ انتهائه أدناه وأرسل صورة لصفحة البيانات.',
			ur: 'آپ کا پاسپورٹ ختم ہو چکا ہے۔ اگر آپ کے پاس نیا پاسپورٹ ہے تو نیچے اس کا نمبر اور میعاد ختم ہونے کی تاریخ درست کریں اور اس کے معلوماتی صفحے کی تصویر بھیجیں۔',
			pt: 'O seu passaporte caducou. Se tiver um passaporte novo, corrija abaixo o número e a data de validade e envie uma foto da página de dados.',
			vi: 'Hộ chiếu của bạn đã hết hạn. Nếu bạn có hộ chiếu mới, hãy sửa số và ngày hết hạn bên dưới và gửi ảnh trang thông tin.',
			th: 'หนังสือเดินทางของคุณหมดอายุแล้ว หากคุณมีหนังสือเดินทางเล่มใหม่ กรุณาแก้ไขหมายเลขและวันหมดอายุด้านล่าง และส่งรูปถ่ายหน้าข้อมูล',
			id: 'Paspor Anda sudah habis masa berlakunya. Jika Anda memiliki paspor baru, perbaiki nomor dan tanggal habis berlakunya di bawah dan kirim foto halaman datanya.'
		}
	},
	{
		key: 'visa_page',
		fields: [],
		texts: {
			en: 'Please send a photo of the passport page with your current Chinese visa and the page with your last entry stamp.',
			'zh-hans': '请提供护照中当前有效的中国签证页和最近一次入境章所在页的照片。',
			'zh-hant': '請提供護照中目前有效的中國簽證頁和最近一次入境章所在頁的照片。',
			ko: '현재 유효한 중국 비자가 있는 여권 페이지와 최근 입국 도장이 찍힌 페이지의 사진을 보내 주십시오.',
			ja: '現在有効な中国ビザのページと、最後の入国スタンプのページの写真を送ってください。',
			de: 'Bitte senden Sie ein Foto der Passseite mit Ihrem gültigen chinesischen Visum und der Seite mit dem letzten Einreisestempel.',
			fr: "Veuillez envoyer une photo de la page de votre passeport portant votre visa chinois en cours et de celle portant votre dernier tampon d'entrée.",
			es: 'Envíe una foto de la página del pasaporte con su visado chino vigente y de la página con su último sello de entrada.',
			it: "Invii una foto della pagina del passaporto con il visto cinese in corso e di quella con l'ultimo timbro d'ingresso.",
			ru: 'Пришлите фото страницы паспорта с действующей китайской визой и страницы с последним штампом о въезде.',
			ar: 'يرجى إرسال صورة لصفحة جواز السفر التي تحمل تأشيرتك الصينية السارية، والصفحة التي تحمل آخر ختم دخول.',
			ur: 'براہ کرم پاسپورٹ کے اُس صفحے کی تصویر بھیجیں جس پر آپ کا موجودہ چینی ویزا ہے، اور اُس صفحے کی جس پر آخری داخلے کی مہر ہے۔',
			pt: 'Envie uma foto da página do passaporte com o seu visto chinês válido e da página com o último carimbo de entrada.',
			vi: 'Vui lòng gửi ảnh trang hộ chiếu có thị thực Trung Quốc còn hiệu lực và trang có dấu nhập cảnh gần nhất.',
			th: 'กรุณาส่งรูปถ่ายหน้าหนังสือเดินทางที่มีวีซ่าจีนฉบับปัจจุบัน และหน้าที่มีตราประทับเข้าเมืองครั้งล่าสุด',
			id: 'Mohon kirim foto halaman paspor yang memuat visa Tiongkok Anda yang berlaku dan halaman cap masuk terakhir.'
		}
	},
	{
		key: 'confirm_entry_date',
		fields: [{ name: 'date', kind: 'date' }],
		texts: {
			en: 'According to our records you entered China on {{date}}. Please confirm this date or give the correct one.',
			'zh-hans': '根据我们的记录，您于{{date}}入境中国。请确认该日期或提供正确日期。',
			'zh-hant': '根據我們的紀錄，您於{{date}}入境中國。請確認該日期或提供正確日期。',
			ko: '저희 기록에 따르면 귀하는 {{date}}에 중국에 입국했습니다. 이 날짜를 확인하시거나 정확한 날짜를 알려 주십시오.',
			ja: '記録では、あなたは{{date}}に中国に入国しています。この日付を確認するか、正しい日付を教えてください。',
			de: 'Nach unseren Unterlagen sind Sie am {{date}} nach China eingereist. Bitte bestätigen Sie dieses Datum oder nennen Sie das richtige.',
			fr: "D'après nos informations, vous êtes entré(e) en Chine le {{date}}. Veuillez confirmer cette date ou indiquer la date exacte.",
			es: 'Según nuestros datos, entró en China el {{date}}. Confirme esta fecha o indique la correcta.',
			it: 'Secondo i nostri dati Lei è entrato/a in Cina il {{date}}. Confermi questa data o indichi quella corretta.',
			ru: 'По нашим данным, вы въехали в Китай {{date}}. Подтвердите эту дату или укажите правильную.',
			ar: 'وفقًا لسجلاتنا، دخلت الصين بتاريخ {{date}}. يرجى تأكيد هذا التاريخ أو ذكر التاريخ الصحيح.',
			ur: 'ہمارے ریکارڈ کے مطابق آپ {{date}} کو چین میں داخل ہوئے۔ براہ کرم اس تاریخ کی تصدیق کریں یا درست تاریخ بتائیں۔',
			pt: 'Segundo os nossos registos, entrou na China em {{date}}. Confirme esta data ou indique a correta.',
			vi: 'Theo hồ sơ của chúng tôi, bạn nhập cảnh Trung Quốc vào ngày {{date}}. Vui lòng xác nhận hoặc cho biết ngày đúng.',
			th: 'ตามบันทึกของเรา คุณเดินทางเข้าประเทศจีนเมื่อวันที่ {{date}} กรุณายืนยันวันที่นี้หรือแจ้งวันที่ที่ถูกต้อง',
			id: 'Menurut catatan kami, Anda masuk ke Tiongkok pada {{date}}. Mohon konfirmasi tanggal ini atau berikan tanggal yang benar.'
		}
	},
	{
		key: 'tenancy_contract',
		fields: [],
		texts: {
			en: 'Please send a photo of the page of your tenancy contract with the address, the dates and both signatures.',
			'zh-hans': '请提供租房合同中载有地址、租期及双方签名的页面照片。',
			'zh-hant': '請提供租屋合約中載有地址、租期及雙方簽名的頁面照片。',
			ko: '임대차 계약서에서 주소, 기간, 양측 서명이 있는 페이지의 사진을 보내 주십시오.',
			ja: '賃貸契約書の、住所・期間・双方の署名があるページの写真を送ってください。',
			de: 'Bitte senden Sie ein Foto der Seite Ihres Mietvertrags mit Adresse, Laufzeit und beiden Unterschriften.',
			fr: "Veuillez envoyer une photo de la page de votre bail indiquant l'adresse, les dates et les deux signatures.",
			es: 'Envíe una foto de la página de su contrato de alquiler con la dirección, las fechas y las dos firmas.',
			it: "Invii una foto della pagina del contratto d'affitto con l'indirizzo, le date e le due firme.",
			ru: 'Пришлите фото страницы договора аренды с адресом, сроками и подписями обеих сторон.',
			ar: 'يرجى إرسال صورة لصفحة عقد الإيجار التي تتضمن العنوان والتواريخ وتوقيع الطرفين.',
			ur: 'براہ کرم کرایہ نامے کے اُس صفحے کی تصویر بھیجیں جس پر پتہ، تاریخیں اور دونوں فریقوں کے دستخط ہوں۔',
			pt: 'Envie uma foto da página do contrato de arrendamento com a morada, as datas e as duas assinaturas.',
			vi: 'Vui lòng gửi ảnh trang hợp đồng thuê nhà có địa chỉ, thời hạn và chữ ký của hai bên.',
			th: 'กรุณาส่งรูปถ่ายหน้าสัญญาเช่าที่มีที่อยู่ ระยะเวลา และลายมือชื่อของทั้งสองฝ่าย',
			id: 'Mohon kirim foto halaman kontrak sewa yang memuat alamat, tanggal, dan tanda tangan kedua pihak.'
		}
	},
	{
		key: 'hotel_or_apartment',
		fields: [],
		texts: {
			en: 'This address is a hotel, and hotels register their own guests. Are you staying in the hotel or in a flat in the same building? Please give the room or flat number.',
			'zh-hans': '该地址为旅馆，旅馆会为住客办理住宿登记。请问您住在旅馆内还是同一楼内的住宅？请写明房间号或门牌号。',
			'zh-hant': '該地址為旅館，旅館會為住客辦理住宿登記。請問您住在旅館內還是同一棟樓內的住宅？請寫明房號或門牌號。',
			ko: '이 주소는 호텔이며, 호텔은 투숙객을 직접 등록합니다. 호텔에 묵고 계십니까, 아니면 같은 건물의 주택에 살고 계십니까? 객실 번호나 호수를 알려 주십시오.',
			ja: 'この住所はホテルで、ホテルは宿泊客を自ら登録します。ホテルに宿泊していますか、それとも同じ建物内の住宅ですか。部屋番号を教えてください。',
			de: 'Diese Adresse ist ein Hotel, und Hotels melden ihre Gäste selbst an. Wohnen Sie im Hotel oder in einer Wohnung im selben Gebäude? Bitte nennen Sie die Zimmer- oder Wohnungsnummer.',
			fr: "Cette adresse est un hôtel, et les hôtels déclarent eux-mêmes leurs clients. Logez-vous à l'hôtel ou dans un appartement du même immeuble ? Indiquez le numéro de chambre ou d'appartement.",
			es: 'Esta dirección es un hotel, y los hoteles registran a sus propios huéspedes. ¿Se aloja en el hotel o en un piso del mismo edificio? Indique el número de habitación o de piso.',
			it: "Questo indirizzo è un albergo, e gli alberghi registrano i propri ospiti. Alloggia in albergo o in un appartamento dello stesso edificio? Indichi il numero della camera o dell'appartamento.",
			ru: 'По этому адресу находится гостиница, а гостиницы регистрируют своих гостей сами. Вы живёте в гостинице или в квартире в том же здании? Укажите номер комнаты или квартиры.',
			ar: 'هذا العنوان فندق، والفنادق تسجّل نزلاءها بنفسها. هل تقيم في الفندق أم في شقة في المبنى نفسه؟ يرجى ذكر رقم الغرفة أو الشقة.',
			ur: 'یہ پتہ ایک ہوٹل کا ہے، اور ہوٹل اپنے مہمانوں کا اندراج خود کرتے ہیں۔ کیا آپ ہوٹل میں ٹھہرے ہیں یا اسی عمارت کے کسی فلیٹ میں؟ براہ کرم کمرے یا فلیٹ کا نمبر بتائیں۔',
			pt: 'Esta morada é um hotel, e os hotéis registam os seus próprios hóspedes. Está hospedado no hotel ou num apartamento do mesmo prédio? Indique o número do quarto ou do apartamento.',
			vi: 'Địa chỉ này là khách sạn, và khách sạn tự khai báo cho khách lưu trú. Bạn ở trong khách sạn hay trong căn hộ cùng tòa nhà? Vui lòng cho biết số phòng hoặc số căn hộ.',
			th: 'ที่อยู่นี้เป็นโรงแรม และโรงแรมจะแจ้งที่พักของแขกเอง คุณพักในโรงแรมหรือในห้องชุดในอาคารเดียวกัน กรุณาแจ้งหมายเลขห้อง',
			id: 'Alamat ini adalah hotel, dan hotel mendaftarkan tamunya sendiri. Apakah Anda menginap di hotel atau di apartemen dalam gedung yang sama? Mohon sebutkan nomor kamar atau apartemen.'
		}
	},
	{
		key: 'address_details',
		fields: [],
		texts: {
			en: 'We could not find your address in our registry. Please give the name of the residential compound, the building, unit and room number, and the street.',
			'zh-hans': '我们在地址库中找不到您的地址。请写明小区名称、楼栋号、单元号、房间号及所在街道。',
			'zh-hant': '我們在地址庫中找不到您的地址。請寫明社區名稱、棟號、單元號、房號及所在街道。',
			ko: '저희 주소 목록에서 귀하의 주소를 찾을 수 없습니다. 단지 이름, 동, 호수, 도로명을 알려 주십시오.',
			ja: '登録済みの住所一覧にお住まいの住所が見つかりませんでした。団地名、棟、ユニット、部屋番号、通りの名前を教えてください。',
			de: 'Wir haben Ihre Adresse in unserem Verzeichnis nicht gefunden. Bitte nennen Sie den Namen der Wohnanlage, Gebäude-, Eingangs- und Zimmernummer sowie die Straße.',
			fr: "Nous n'avons pas trouvé votre adresse dans notre registre. Veuillez indiquer le nom de la résidence, le bâtiment, l'entrée, le numéro d'appartement et la rue.",
			es: 'No encontramos su dirección en nuestro registro. Indique el nombre de la urbanización, el edificio, la escalera, el número de piso y la calle.',
			it: 'Non abbiamo trovato il suo indirizzo nel nostro registro. Indichi il nome del complesso residenziale, edificio, scala, numero dell\'appartamento e via.',
			ru: 'Мы не нашли ваш адрес в нашем реестре. Укажите название жилого комплекса, номер корпуса, подъезда, квартиры и улицу.',
			ar: 'لم نجد عنوانك في سجلّنا. يرجى ذكر اسم المجمّع السكني، ورقم المبنى والمدخل والغرفة، واسم الشارع.',
			ur: 'ہمیں اپنے رجسٹر میں آپ کا پتہ نہیں ملا۔ براہ کرم رہائشی کمپاؤنڈ کا نام، عمارت، یونٹ اور کمرے کا نمبر، اور گلی کا نام بتائیں۔',
			pt: 'Não encontrámos a sua morada no nosso registo. Indique o nome do condomínio, o prédio, a entrada, o número do apartamento e a rua.',
			vi: 'Chúng tôi không tìm thấy địa chỉ của bạn trong danh mục. Vui lòng cho biết tên khu dân cư, số tòa, đơn nguyên, số phòng và tên đường.',
			th: 'เราไม่พบที่อยู่ของคุณในทะเบียน กรุณาแจ้งชื่อหมู่บ้านหรือโครงการ หมายเลขอาคาร ยูนิต ห้อง และชื่อถนน',
			id: 'Kami tidak menemukan alamat Anda di daftar kami. Mohon sebutkan nama kompleks perumahan, nomor gedung, unit, dan kamar, serta nama jalannya.'
		}
	},
	{
		key: 'occupants',
		fields: [],
		texts: {
			en: 'Many people are registered at this address. Please tell us how many people live in the flat and how they are related to you.',
			'zh-hans': '该地址登记的人数较多。请告诉我们该房屋内共住几人，以及他们与您的关系。',
			'zh-hant': '該地址登記的人數較多。請告訴我們該房屋內共住幾人，以及他們與您的關係。',
			ko: '이 주소에 등록된 사람이 많습니다. 이 집에 몇 명이 살고 있으며 귀하와 어떤 관계인지 알려 주십시오.',
			ja: 'この住所には多くの人が登録されています。この部屋に何人が住んでいるか、あなたとの関係を教えてください。',
			de: 'An dieser Adresse sind viele Personen gemeldet. Bitte sagen Sie uns, wie viele Personen in der Wohnung leben und in welcher Beziehung sie zu Ihnen stehen.',
			fr: "De nombreuses personnes sont déclarées à cette adresse. Indiquez combien de personnes vivent dans le logement et quel est leur lien avec vous.",
			es: 'Hay muchas personas registradas en esta dirección. Díganos cuántas personas viven en el piso y qué relación tienen con usted.',
			it: "A questo indirizzo sono registrate molte persone. Ci dica quante persone vivono nell'appartamento e che rapporto hanno con Lei.",
			ru: 'По этому адресу зарегистрировано много людей. Сообщите, сколько человек живёт в квартире и кем они вам приходятся.',
			ar: 'هناك عدد كبير من الأشخاص المسجّلين في هذا العنوان. يرجى إخبارنا بعدد من يسكنون في الشقة وصلتهم بك.',
			ur: 'اس پتے پر بہت سے لوگ درج ہیں۔ براہ کرم بتائیں کہ فلیٹ میں کتنے لوگ رہتے ہیں اور ان کا آپ سے کیا رشتہ ہے۔',
			pt: 'Há muitas pessoas registadas nesta morada. Diga-nos quantas pessoas vivem no apartamento e qual a relação delas consigo.',
			vi: 'Có nhiều người đăng ký tại địa chỉ này. Vui lòng cho biết có bao nhiêu người sống trong căn hộ và quan hệ của họ với bạn.',
			th: 'มีผู้ลงทะเบียนที่อยู่นี้จำนวนมาก กรุณาแจ้งว่ามีกี่คนที่อาศัยอยู่ในห้องชุดนี้ และเกี่ยวข้องกับคุณอย่างไร',
			id: 'Banyak orang terdaftar di alamat ini. Mohon beri tahu kami berapa orang yang tinggal di unit tersebut dan apa hubungan mereka dengan Anda.'
		}
	},
	{
		key: 'residence_permit_deadline',
		fields: [{ name: 'date', kind: 'date' }],
		texts: {
			en: 'With your visa you must apply for a residence permit by {{date}}. Have you applied? If so, please give the date of your application and its receipt number.',
			'zh-hans': '持您的签证须在{{date}}前申请居留许可。请问您是否已申请？如已申请，请写明申请日期和回执编号。',
			'zh-hant': '持您的簽證須在{{date}}前申請居留許可。請問您是否已申請？如已申請，請寫明申請日期和回執編號。',
			ko: '귀하의 비자로는 {{date}}까지 거류허가를 신청해야 합니다. 신청하셨습니까? 신청하셨다면 신청일과 접수 번호를 알려 주십시오.',
			ja: 'お持ちのビザでは、{{date}}までに居留許可を申請する必要があります。申請しましたか。申請した場合は、申請日と受付番号を教えてください。',
			de: 'Mit Ihrem Visum müssen Sie bis zum {{date}} einen Aufenthaltstitel beantragen. Haben Sie ihn beantragt? Wenn ja, nennen Sie bitte das Antragsdatum und die Nummer der Eingangsbestätigung.',
			fr: "Avec votre visa, vous devez demander un permis de séjour avant le {{date}}. L'avez-vous demandé ? Si oui, indiquez la date de la demande et le numéro du récépissé.",
			es: 'Con su visado debe solicitar el permiso de residencia antes del {{date}}. ¿Lo ha solicitado? Si es así, indique la fecha de la solicitud y el número del resguardo.',
			it: 'Con il suo visto deve chiedere il permesso di soggiorno entro il {{date}}. Lo ha già chiesto? Se sì, indichi la data della domanda e il numero della ricevuta.',
			ru: 'С вашей визой нужно подать заявление на вид на жительство до {{date}}. Вы подали его? Если да, укажите дату подачи и номер расписки.',
			ar: 'بموجب تأشيرتك يجب أن تقدّم طلب تصريح إقامة قبل {{date}}. هل قدّمت الطلب؟ إذا كان كذلك، فاذكر تاريخ الطلب ورقم الإيصال.',
			ur: 'آپ کے ویزا کے ساتھ آپ کو {{date}} تک رہائشی اجازت نامے کی درخواست دینی ہے۔ کیا آپ نے درخواست دی ہے؟ اگر ہاں تو درخواست کی تاریخ اور رسید نمبر بتائیں۔',
			pt: 'Com o seu visto, deve pedir a autorização de residência até {{date}}. Já fez o pedido? Se sim, indique a data do pedido e o número do comprovativo.',
			vi: 'Với thị thực của bạn, bạn phải nộp đơn xin giấy phép cư trú trước ngày {{date}}. Bạn đã nộp chưa? Nếu rồi, vui lòng cho biết ngày nộp và số biên nhận.',
			th: 'ด้วยวีซ่าของคุณ คุณต้องยื่นขอใบอนุญาตพำนักภายในวันที่ {{date}} คุณยื่นแล้วหรือยัง หากยื่นแล้ว กรุณาแจ้งวันที่ยื่นและเลขที่ใบรับ',
			id: 'Dengan visa Anda, Anda wajib mengajukan izin tinggal paling lambat {{date}}. Apakah Anda sudah mengajukannya? Jika sudah, sebutkan tanggal pengajuan dan nomor tanda terimanya.'
		}
	},
	{
		key: 'check_out_date',
		fields: [],
		texts: {
			en: 'Please tell us the date on which you will leave this address. If you do not know it yet, write the approximate month.',
			'zh-hans': '请告诉我们您离开该地址的日期。如尚不确定，请写明大概的月份。',
			'zh-hant': '請告訴我們您離開該地址的日期。如尚不確定，請寫明大概的月份。',
			ko: '이 주소에서 떠나실 날짜를 알려 주십시오. 아직 모르시면 대략적인 달을 적어 주십시오.',
			ja: 'この住所を離れる日付を教えてください。まだ分からない場合は、おおよその月を書いてください。',
			de: 'Bitte nennen Sie uns das Datum, an dem Sie diese Adresse verlassen. Wenn Sie es noch nicht wissen, schreiben Sie den ungefähren Monat.',
			fr: "Veuillez indiquer la date à laquelle vous quitterez cette adresse. Si vous ne la connaissez pas encore, indiquez le mois approximatif.",
			es: 'Indique la fecha en que dejará esta dirección. Si aún no la sabe, escriba el mes aproximado.',
			it: 'Ci indichi la data in cui lascerà questo indirizzo. Se non la conosce ancora, scriva il mese approssimativo.',
			ru: 'Сообщите дату, когда вы съедете с этого адреса. Если вы её ещё не знаете, укажите примерный месяц.',
			ar: 'يرجى إخبارنا بتاريخ مغادرتك هذا العنوان. إذا لم تعرفه بعد، فاكتب الشهر التقريبي.',
			ur: 'براہ کرم بتائیں کہ آپ کس تاریخ کو یہ پتہ چھوڑیں گے۔ اگر ابھی معلوم نہیں تو اندازاً مہینہ لکھیں۔',
			pt: 'Indique a data em que vai deixar esta morada. Se ainda não souber, escreva o mês aproximado.',
			vi: 'Vui lòng cho biết ngày bạn sẽ rời địa chỉ này. Nếu chưa biết, hãy ghi tháng dự kiến.',
			th: 'กรุณาแจ้งวันที่คุณจะย้ายออกจากที่อยู่นี้ หากยังไม่ทราบ กรุณาระบุเดือนโดยประมาณ',
			id: 'Mohon beri tahu tanggal Anda akan meninggalkan alamat ini. Jika belum tahu, tulis perkiraan bulannya.'
		}
	},
	{
		key: 'employer_letter',
		fields: [],
		texts: {
			en: 'Please send a letter from your employer, with its stamp, confirming that it provides this accommodation.',
			'zh-hans': '请提供加盖公章的用人单位证明，证明该住所由单位提供。',
			'zh-hant': '請提供加蓋公司印章的雇主證明，證明該住所由雇主提供。',
			ko: '이 숙소를 회사가 제공한다는 것을 확인하는, 회사 직인이 찍힌 재직 회사의 서신을 보내 주십시오.',
			ja: 'この住居を勤務先が提供していることを確認する、社印入りの勤務先の書面を送ってください。',
			de: 'Bitte senden Sie ein gestempeltes Schreiben Ihres Arbeitgebers, das bestätigt, dass er diese Unterkunft stellt.',
			fr: "Veuillez envoyer une lettre de votre employeur, avec son cachet, confirmant qu'il fournit ce logement.",
			es: 'Envíe una carta sellada de su empleador que confirme que le proporciona este alojamiento.',
			it: 'Invii una lettera del datore di lavoro, con il timbro, che confermi che fornisce questo alloggio.',
			ru: 'Пришлите письмо работодателя с печатью, подтверждающее, что жильё предоставлено им.',
			ar: 'يرجى إرسال خطاب مختوم من جهة عملك يؤكد أنها توفّر لك هذا السكن.',
			ur: 'براہ کرم اپنے آجر کا مہر شدہ خط بھیجیں جس میں تصدیق ہو کہ یہ رہائش آجر کی طرف سے دی گئی ہے۔',
			pt: 'Envie uma carta carimbada da sua entidade empregadora a confirmar que lhe fornece este alojamento.',
			vi: 'Vui lòng gửi thư có đóng dấu của nơi làm việc xác nhận chỗ ở này do họ cung cấp.',
			th: 'กรุณาส่งหนังสือรับรองที่ประทับตราจากนายจ้าง ยืนยันว่านายจ้างเป็นผู้จัดหาที่พักนี้',
			id: 'Mohon kirim surat berstempel dari pemberi kerja Anda yang menyatakan bahwa tempat tinggal ini disediakan oleh mereka.'
		}
	},
	{
		key: 'phone_number',
		fields: [],
		texts: {
			en: 'We could not reach you on the phone number you gave. Please correct it below, or give another number on which we can call you.',
			'zh-hans': '我们无法通过您提供的电话号码联系到您。请在下方更正，或提供其他可以联系到您的号码。',
			'zh-hant': '我們無法透過您提供的電話號碼聯絡到您。請在下方更正，或提供其他可以聯絡到您的號碼。',
			ko: '알려 주신 전화번호로 연락이 되지 않았습니다. 아래에서 고치시거나 연락 가능한 다른 번호를 알려 주십시오.',
			ja: 'ご記入の電話番号で連絡が取れませんでした。下で訂正するか、連絡の取れる別の番号を教えてください。',
			de: 'Wir konnten Sie unter der angegebenen Telefonnummer nicht erreichen. Bitte korrigieren Sie sie unten oder nennen Sie eine andere Nummer.',
			fr: "Nous n'avons pas pu vous joindre au numéro indiqué. Corrigez-le ci-dessous ou donnez un autre numéro auquel nous pouvons vous appeler.",
			es: 'No pudimos contactarle en el teléfono que indicó. Corríjalo abajo o indique otro número en el que podamos llamarle.',
			it: 'Non siamo riusciti a contattarla al numero indicato. Lo corregga qui sotto o indichi un altro numero a cui chiamarla.',
			ru: 'Мы не смогли дозвониться по указанному номеру. Исправьте его ниже или укажите другой номер, по которому можно вам позвонить.',
			ar: 'لم نتمكن من الوصول إليك على رقم الهاتف الذي قدّمته. يرجى تصحيحه أدناه أو ذكر رقم آخر يمكننا الاتصال بك عليه.',
			ur: 'ہم آپ کے دیے گئے فون نمبر پر آپ سے رابطہ نہیں کر سکے۔ براہ کرم نیچے اسے درست کریں یا کوئی اور نمبر دیں جس پر ہم آپ کو کال کر سکیں۔',
			pt: 'Não conseguimos contactá-lo pelo número indicado. Corrija-o abaixo ou indique outro número para onde possamos ligar.',
			vi: 'Chúng tôi không liên lạc được với bạn qua số điện thoại đã cung cấp. Vui lòng sửa bên dưới hoặc cho số khác để chúng tôi gọi.',
			th: 'เราไม่สามารถติดต่อคุณทางหมายเลขโทรศัพท์ที่ให้ไว้ได้ กรุณาแก้ไขด้านล่าง หรือให้หมายเลขอื่นที่เราโทรหาคุณได้',
			id: 'Kami tidak dapat menghubungi Anda di nomor telepon yang Anda berikan. Mohon perbaiki di bawah atau berikan nomor lain yang bisa kami hubungi.'
		}
	},
	{
		key: 'come_to_station',
		fields: [{ name: 'date', kind: 'date' }],
		texts: {
			en: "Please come to the station's foreign-affairs service centre on {{date}} between 9:00 and 17:00, with your passport.",
			'zh-hans': '请于{{date}} 9:00至17:00携带护照到派出所涉外服务中心。',
			'zh-hant': '請於{{date}} 9:00至17:00攜帶護照到派出所涉外服務中心。',
			ko: '{{date}} 9:00~17:00 사이에 여권을 지참하고 파출소 외국인 서비스 센터에 와 주십시오.',
			ja: '{{date}}の9:00から17:00の間に、パスポートを持って派出所の外国人サービスセンターへお越しください。',
			de: 'Bitte kommen Sie am {{date}} zwischen 9:00 und 17:00 Uhr mit Ihrem Pass in das Ausländer-Servicezentrum der Wache.',
			fr: 'Veuillez vous présenter au centre de services aux étrangers du poste de police le {{date}}, entre 9 h et 17 h, avec votre passeport.',
			es: 'Acuda al centro de atención a extranjeros de la comisaría el {{date}} entre las 9:00 y las 17:00, con su pasaporte.',
			it: 'Si presenti al centro servizi per stranieri del commissariato il {{date}} tra le 9:00 e le 17:00, con il passaporto.',
			ru: 'Пожалуйста, придите с паспортом в центр обслуживания иностранцев при отделении полиции {{date}} с 9:00 до 17:00.',
			ar: 'يرجى الحضور إلى مركز خدمة الأجانب في مركز الشرطة بتاريخ {{date}} بين الساعة 9:00 و17:00، ومعك جواز سفرك.',
			ur: 'براہ کرم {{date}} کو صبح 9:00 سے شام 17:00 کے درمیان اپنے پاسپورٹ کے ساتھ تھانے کے غیر ملکی خدمات مرکز میں آئیں۔',
			pt: 'Dirija-se ao centro de atendimento a estrangeiros da esquadra em {{date}}, entre as 9:00 e as 17:00, com o seu passaporte.',
			vi: 'Vui lòng mang hộ chiếu đến trung tâm dịch vụ người nước ngoài của đồn công an vào ngày {{date}}, từ 9:00 đến 17:00.',
			th: 'กรุณานำหนังสือเดินทางมาที่ศูนย์บริการชาวต่างชาติของสถานีตำรวจในวันที่ {{date}} ระหว่างเวลา 9:00 ถึง 17:00 น.',
			id: 'Mohon datang ke pusat layanan orang asing di kantor polisi pada {{date}} antara pukul 9.00 dan 17.00 dengan membawa paspor.'
		}
	},
	{
		key: 'name_spelling',
		fields: [],
		texts: {
			en: "The name you typed differs from the name in your passport's machine-readable lines. Please write your name exactly as printed in your passport.",
			'zh-hans': '您填写的姓名与护照机读区中的姓名不一致。请按护照上的印刷内容准确填写您的姓名。',
			'zh-hant': '您填寫的姓名與護照機讀區中的姓名不一致。請按護照上的印刷內容準確填寫您的姓名。',
			ko: '입력하신 이름이 여권 기계판독 영역의 이름과 다릅니다. 여권에 인쇄된 그대로 이름을 적어 주십시오.',
			ja: '入力された氏名がパスポートの機械読取部分の氏名と異なります。パスポートに印刷されているとおりに氏名を書いてください。',
			de: 'Der eingegebene Name weicht vom Namen in der maschinenlesbaren Zone Ihres Passes ab. Bitte schreiben Sie Ihren Namen genau wie im Pass gedruckt.',
			fr: 'Le nom saisi diffère de celui des lignes lisibles par machine de votre passeport. Écrivez votre nom exactement comme il est imprimé dans votre passeport.',
			es: 'El nombre que escribió no coincide con el de la zona de lectura mecánica de su pasaporte. Escriba su nombre tal como aparece impreso en el pasaporte.',
			it: 'Il nome inserito è diverso da quello nella zona a lettura ottica del passaporto. Scriva il nome esattamente come stampato sul passaporto.',
			ru: 'Введённое имя отличается от имени в машиночитаемой зоне паспорта. Напишите имя точно так, как оно напечатано в паспорте.',
			ar: 'الاسم الذي كتبته يختلف عن الاسم في السطور المقروءة آليًا في جواز سفرك. يرجى كتابة اسمك تمامًا كما هو مطبوع في الجواز.',
			ur: 'آپ کا لکھا ہوا نام پاسپورٹ کی مشین سے پڑھی جانے والی سطروں کے نام سے مختلف ہے۔ براہ کرم اپنا نام بالکل ویسا لکھیں جیسا پاسپورٹ میں چھپا ہے۔',
			pt: 'O nome que escreveu é diferente do nome na zona de leitura ótica do passaporte. Escreva o seu nome exatamente como está impresso no passaporte.',
			vi: 'Họ tên bạn nhập khác với họ tên trong vùng đọc máy của hộ chiếu. Vui lòng viết họ tên đúng như in trong hộ chiếu.',
			th: 'ชื่อที่คุณพิมพ์ไม่ตรงกับชื่อในแถบอักขระที่เครื่องอ่านได้ของหนังสือเดินทาง กรุณาเขียนชื่อให้ตรงตามที่พิมพ์ในหนังสือเดินทาง',
			id: 'Nama yang Anda ketik berbeda dengan nama di baris yang dapat dibaca mesin pada paspor. Mohon tulis nama Anda persis seperti tercetak di paspor.'
		}
	},
	{
		key: 'host_relationship',
		fields: [],
		texts: {
			en: 'Please tell us how you know the person who hosts you (for example: friend, relative, colleague, landlord).',
			'zh-hans': '请说明您与接待您居住的人是什么关系（例如：朋友、亲属、同事、房东）。',
			'zh-hant': '請說明您與接待您居住的人是什麼關係（例如：朋友、親屬、同事、房東）。',
			ko: '귀하를 머물게 해 주는 사람과 어떤 관계인지 알려 주십시오(예: 친구, 친척, 동료, 집주인).',
			ja: '滞在先を提供している人とのご関係を教えてください（例：友人、親族、同僚、大家）。',
			de: 'Bitte sagen Sie uns, in welcher Beziehung Sie zu der Person stehen, bei der Sie wohnen (zum Beispiel Freund, Verwandter, Kollege, Vermieter).',
			fr: "Veuillez indiquer quel lien vous avez avec la personne qui vous héberge (par exemple : ami, parent, collègue, propriétaire).",
			es: 'Díganos qué relación tiene con la persona que le aloja (por ejemplo: amigo, familiar, compañero de trabajo, arrendador).',
			it: 'Ci dica che rapporto ha con la persona che la ospita (ad esempio: amico, parente, collega, padrone di casa).',
			ru: 'Сообщите, кем вам приходится человек, у которого вы живёте (например: друг, родственник, коллега, арендодатель).',
			ar: 'يرجى إخبارنا بصلتك بالشخص الذي يستضيفك (مثلًا: صديق، قريب، زميل عمل، مؤجر).',
			ur: 'براہ کرم بتائیں کہ آپ اپنے میزبان کو کیسے جانتے ہیں (مثلاً دوست، رشتہ دار، ساتھی، مالک مکان)۔',
			pt: 'Diga-nos que relação tem com a pessoa que o recebe (por exemplo: amigo, familiar, colega, senhorio).',
			vi: 'Vui lòng cho biết bạn có quan hệ gì với người cho bạn ở (ví dụ: bạn bè, người thân, đồng nghiệp, chủ nhà).',
			th: 'กรุณาแจ้งว่าคุณเกี่ยวข้องกับผู้ให้ที่พักอย่างไร (เช่น เพื่อน ญาติ เพื่อนร่วมงาน เจ้าของที่พัก)',
			id: 'Mohon beri tahu apa hubungan Anda dengan orang yang menampung Anda (misalnya teman, kerabat, rekan kerja, pemilik rumah).'
		}
	},
	{
		key: 'visa_free_entry',
		fields: [],
		texts: {
			en: 'You declared a visa-free stay. Please tell us the date and the port (airport, railway station or border crossing) at which you entered China.',
			'zh-hans': '您申报的是免签停留。请告诉我们您入境中国的日期和口岸（机场、火车站或陆路口岸）。',
			'zh-hant': '您申報的是免簽停留。請告訴我們您入境中國的日期和口岸（機場、火車站或陸路口岸）。',
			ko: '무비자 체류로 신고하셨습니다. 중국에 입국한 날짜와 입국 장소(공항, 기차역 또는 국경 검문소)를 알려 주십시오.',
			ja: 'ビザ免除での滞在として申告されています。中国に入国した日付と入国地（空港、駅、陸路の国境）を教えてください。',
			de: 'Sie haben einen visumfreien Aufenthalt angegeben. Bitte nennen Sie Datum und Ort (Flughafen, Bahnhof oder Grenzübergang) Ihrer Einreise nach China.',
			fr: "Vous avez déclaré un séjour sans visa. Indiquez la date et le point d'entrée (aéroport, gare ou poste-frontière) de votre arrivée en Chine.",
			es: 'Declaró una estancia sin visado. Indique la fecha y el puesto (aeropuerto, estación de tren o paso fronterizo) por el que entró en China.',
			it: "Ha dichiarato un soggiorno senza visto. Indichi la data e il punto d'ingresso (aeroporto, stazione o valico di frontiera) da cui è entrato/a in Cina.",
			ru: 'Вы указали безвизовое пребывание. Сообщите дату и пункт въезда в Китай (аэропорт, вокзал или пограничный переход).',
			ar: 'صرّحت بأنك تقيم دون تأشيرة. يرجى ذكر تاريخ دخولك الصين ومنفذ الدخول (مطار أو محطة قطار أو معبر حدودي).',
			ur: 'آپ نے بغیر ویزا قیام ظاہر کیا ہے۔ براہ کرم چین میں داخلے کی تاریخ اور مقام (ہوائی اڈہ، ریلوے اسٹیشن یا سرحدی گزرگاہ) بتائیں۔',
			pt: 'Declarou uma estadia sem visto. Indique a data e o posto (aeroporto, estação ferroviária ou posto fronteiriço) por onde entrou na China.',
			vi: 'Bạn khai báo lưu trú miễn thị thực. Vui lòng cho biết ngày và cửa khẩu (sân bay, ga tàu hoặc cửa khẩu đường bộ) bạn nhập cảnh Trung Quốc.',
			th: 'คุณแจ้งว่าพำนักโดยไม่ต้องใช้วีซ่า กรุณาแจ้งวันที่และด่าน (สนามบิน สถานีรถไฟ หรือด่านชายแดน) ที่คุณเดินทางเข้าประเทศจีน',
			id: 'Anda menyatakan tinggal bebas visa. Mohon sebutkan tanggal dan tempat pemeriksaan (bandara, stasiun kereta, atau pos perbatasan) saat Anda masuk ke Tiongkok.'
		}
	},
	{
		key: 'previous_address',
		fields: [],
		texts: {
			en: 'Please tell us where you stayed in China before this address, and until which date.',
			'zh-hans': '请告诉我们您在入住该地址之前在中国的住址，以及住到哪一天。',
			'zh-hant': '請告訴我們您在入住該地址之前在中國的住址，以及住到哪一天。',
			ko: '이 주소 이전에 중국에서 머문 곳과 언제까지 머물렀는지 알려 주십시오.',
			ja: 'この住所の前に中国で滞在していた場所と、いつまで滞在していたかを教えてください。',
			de: 'Bitte sagen Sie uns, wo Sie vor dieser Adresse in China gewohnt haben, und bis zu welchem Datum.',
			fr: "Veuillez indiquer où vous logiez en Chine avant cette adresse, et jusqu'à quelle date.",
			es: 'Díganos dónde se alojaba en China antes de esta dirección y hasta qué fecha.',
			it: 'Ci dica dove alloggiava in Cina prima di questo indirizzo, e fino a quale data.',
			ru: 'Сообщите, где вы жили в Китае до этого адреса и до какой даты.',
			ar: 'يرجى إخبارنا أين أقمت في الصين قبل هذا العنوان، وحتى أي تاريخ.',
			ur: 'براہ کرم بتائیں کہ اس پتے سے پہلے آپ چین میں کہاں ٹھہرے تھے، اور کس تاریخ تک۔',
			pt: 'Diga-nos onde esteve alojado na China antes desta morada e até que data.',
			vi: 'Vui lòng cho biết trước địa chỉ này bạn ở đâu tại Trung Quốc và đến ngày nào.',
			th: 'กรุณาแจ้งว่าก่อนที่อยู่นี้คุณพักที่ใดในประเทศจีน และพักถึงวันที่เท่าใด',
			id: 'Mohon beri tahu di mana Anda tinggal di Tiongkok sebelum alamat ini, dan sampai tanggal berapa.'
		}
	},
	{
		key: 'school_letter',
		fields: [],
		texts: {
			en: "Please send a photo of your school's or university's admission letter, or of your student card.",
			'zh-hans': '请提供学校录取通知书或学生证的照片。',
			'zh-hant': '請提供學校錄取通知書或學生證的照片。',
			ko: '학교 또는 대학교의 입학 허가서나 학생증 사진을 보내 주십시오.',
			ja: '学校または大学の入学許可書か、学生証の写真を送ってください。',
			de: 'Bitte senden Sie ein Foto des Zulassungsschreibens Ihrer Schule oder Hochschule oder Ihres Studierendenausweises.',
			fr: "Veuillez envoyer une photo de la lettre d'admission de votre école ou université, ou de votre carte d'étudiant.",
			es: 'Envíe una foto de la carta de admisión de su escuela o universidad, o de su carné de estudiante.',
			it: "Invii una foto della lettera di ammissione della scuola o dell'università, oppure del libretto universitario.",
			ru: 'Пришлите фото письма о зачислении из школы или университета либо студенческого билета.',
			ar: 'يرجى إرسال صورة لخطاب القبول من مدرستك أو جامعتك، أو لبطاقتك الطلابية.',
			ur: 'براہ کرم اپنے اسکول یا یونیورسٹی کے داخلہ خط، یا اپنے طالب علم کارڈ کی تصویر بھیجیں۔',
			pt: 'Envie uma foto da carta de admissão da sua escola ou universidade, ou do seu cartão de estudante.',
			vi: 'Vui lòng gửi ảnh giấy báo nhập học của trường hoặc thẻ sinh viên của bạn.',
			th: 'กรุณาส่งรูปถ่ายหนังสือตอบรับเข้าศึกษาจากโรงเรียนหรือมหาวิทยาลัย หรือบัตรนักศึกษาของคุณ',
			id: 'Mohon kirim foto surat penerimaan dari sekolah atau universitas Anda, atau kartu pelajar Anda.'
		}
	},
	{
		key: 'permit_number_check',
		fields: [{ name: 'number', kind: 'code' }],
		texts: {
			en: 'The number {{number}} does not match our records. Please check your visa or permit and correct the number below.',
			'zh-hans': '号码{{number}}与我们的记录不符。请核对您的签证或居留许可，并在下方更正号码。',
			'zh-hant': '號碼{{number}}與我們的紀錄不符。請核對您的簽證或居留許可，並在下方更正號碼。',
			ko: '번호 {{number}}이(가) 저희 기록과 일치하지 않습니다. 비자 또는 거류허가를 확인하시고 아래에서 번호를 고쳐 주십시오.',
			ja: '番号{{number}}が記録と一致しません。ビザまたは居留許可を確認し、下で番号を訂正してください。',
			de: 'Die Nummer {{number}} stimmt nicht mit unseren Unterlagen überein. Bitte prüfen Sie Ihr Visum oder Ihren Aufenthaltstitel und korrigieren Sie die Nummer unten.',
			fr: 'Le numéro {{number}} ne correspond pas à nos informations. Vérifiez votre visa ou votre permis et corrigez le numéro ci-dessous.',
			es: 'El número {{number}} no coincide con nuestros datos. Compruebe su visado o permiso y corrija el número abajo.',
			it: 'Il numero {{number}} non corrisponde ai nostri dati. Controlli il visto o il permesso e corregga il numero qui sotto.',
			ru: 'Номер {{number}} не совпадает с нашими данными. Проверьте визу или разрешение и исправьте номер ниже.',
			ar: 'الرقم {{number}} لا يطابق سجلاتنا. يرجى مراجعة تأشيرتك أو تصريحك وتصحيح الرقم أدناه.',
			ur: 'نمبر {{number}} ہمارے ریکارڈ سے میل نہیں کھاتا۔ براہ کرم اپنا ویزا یا اجازت نامہ دیکھ کر نیچے نمبر درست کریں۔',
			pt: 'O número {{number}} não corresponde aos nossos registos. Verifique o seu visto ou autorização e corrija o número abaixo.',
			vi: 'Số {{number}} không khớp với hồ sơ của chúng tôi. Vui lòng kiểm tra thị thực hoặc giấy phép và sửa số bên dưới.',
			th: 'หมายเลข {{number}} ไม่ตรงกับบันทึกของเรา กรุณาตรวจสอบวีซ่าหรือใบอนุญาตของคุณ และแก้ไขหมายเลขด้านล่าง',
			id: 'Nomor {{number}} tidak cocok dengan catatan kami. Mohon periksa visa atau izin Anda dan perbaiki nomornya di bawah.'
		}
	},
	{
		key: 'date_of_birth',
		fields: [],
		texts: {
			en: 'Please confirm your date of birth exactly as printed in your passport.',
			'zh-hans': '请按护照上的记载确认您的出生日期。',
			'zh-hant': '請按護照上的記載確認您的出生日期。',
			ko: '여권에 인쇄된 그대로 생년월일을 확인해 주십시오.',
			ja: 'パスポートに印刷されているとおりに生年月日を確認してください。',
			de: 'Bitte bestätigen Sie Ihr Geburtsdatum genau wie im Pass gedruckt.',
			fr: 'Veuillez confirmer votre date de naissance exactement comme elle est imprimée dans votre passeport.',
			es: 'Confirme su fecha de nacimiento tal como aparece impresa en su pasaporte.',
			it: 'Confermi la data di nascita esattamente come stampata sul passaporto.',
			ru: 'Подтвердите дату рождения точно так, как она напечатана в паспорте.',
			ar: 'يرجى تأكيد تاريخ ميلادك تمامًا كما هو مطبوع في جواز سفرك.',
			ur: 'براہ کرم اپنی تاریخ پیدائش بالکل ویسی تصدیق کریں جیسی پاسپورٹ میں چھپی ہے۔',
			pt: 'Confirme a sua data de nascimento exatamente como está impressa no passaporte.',
			vi: 'Vui lòng xác nhận ngày sinh đúng như in trong hộ chiếu.',
			th: 'กรุณายืนยันวันเกิดของคุณให้ตรงตามที่พิมพ์ในหนังสือเดินทาง',
			id: 'Mohon konfirmasi tanggal lahir Anda persis seperti tercetak di paspor.'
		}
	}
];

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('question_templates')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('key', 'text', (c) => c.notNull().unique())
		// [{ name, kind: 'date' | 'code' }]
		.addColumn('fields', 'text', (c) => c.notNull())
		// { lang: text }, with {{field}} placeholders
		.addColumn('texts', 'text', (c) => c.notNull())
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();
	// Images a resident attaches to an answer (issue 16, point 3): which upload belongs to which
	// declaration, so officers can open it and retention deletes it with the declaration.
	await db.schema
		.createTable('declaration_attachments')
		.addColumn('upload_id', 'text', (c) => c.primaryKey())
		.addColumn('declaration_id', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('declaration_attachments_declaration').on('declaration_attachments').column('declaration_id').execute();
	const now = new Date().toISOString();
	await db
		.insertInto('question_templates')
		.values(LIBRARY.map((q) => ({ id: ulid(), key: q.key, fields: JSON.stringify(q.fields), texts: JSON.stringify(q.texts), created_at: now, updated_at: now })))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('declaration_attachments').execute();
	await db.schema.dropTable('question_templates').execute();
}
