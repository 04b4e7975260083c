// Phone cameras take 12-50 MP photos; over a roaming connection that is minutes of upload. The
// browser shrinks the picture to what is needed to read the passport page before it is sent.

const LONGEST_SIDE = 2000;
const QUALITY = 0.85;

/** A JPEG no larger than 2000 px on its longest side; undefined when the browser cannot decode it. */
export async function downscale(file: File): Promise<Blob | undefined> {
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		return undefined;
	}
	const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
	const width = Math.round(bitmap.width * scale);
	const height = Math.round(bitmap.height * scale);
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const context = canvas.getContext('2d');
	if (!context) return undefined;
	context.drawImage(bitmap, 0, 0, width, height);
	bitmap.close();
	const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
	// a small file that is already compact stays as it is
	if (!blob || (scale === 1 && file.type === 'image/jpeg' && file.size <= blob.size)) return file;
	return blob;
}
