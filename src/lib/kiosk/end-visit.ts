// The browser side of ending a kiosk visit: the server forgets the visitor (POST /kiosk/end), then
// the attract screen replaces the current history entry, so "back" does not lead into the visit.
// GET /kiosk wipes as well, so the visit ends even if the POST is lost.
export async function endVisit(): Promise<void> {
	try {
		await fetch('/kiosk/end', { method: 'POST', redirect: 'manual', keepalive: true });
	} catch {
		// the attract screen wipes too
	}
	location.replace('/kiosk');
}
