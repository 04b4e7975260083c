// The kiosk runs the phone journey's own load and action (same rules, same drafts); only the layout differs.
export { load, actions } from '../../../[lang=lang]/declare/+page.server';
