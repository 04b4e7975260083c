// The visitor's own passport photo preview, exactly as on the phone.
export { GET } from '../../../../[lang=lang]/declare/photo/+server';
