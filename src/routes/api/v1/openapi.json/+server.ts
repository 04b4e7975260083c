import type { RequestHandler } from './$types';
import * as z from 'zod';
import { declarationInput } from '$lib/domain/declaration';
import { RESIDENT_FINDING_CODES } from '$lib/domain/rules';
import { helpRequestInput } from '$lib/domain/help-request';
import { siteOrigin } from '$lib/server/site';

// Generated from the same zod schemas that validate the requests.
function document(origin: string) {
	const declaration = z.toJSONSchema(declarationInput, { io: 'input', unrepresentable: 'any' });
	const helpRequest = z.toJSONSchema(helpRequestInput, { io: 'input', unrepresentable: 'any' });
	const problem = {
		type: 'object',
		required: ['type', 'title', 'status'],
		properties: {
			type: { type: 'string' },
			title: { type: 'string' },
			status: { type: 'integer' },
			detail: { type: 'string' },
			errors: {
				type: 'array',
				items: { type: 'object', required: ['path', 'code', 'message'], properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } }
			}
		}
	};
	const finding = {
		type: 'object',
		properties: { code: { type: 'string', enum: [...RESIDENT_FINDING_CODES] }, severity: { type: 'string', enum: ['review', 'notice'] }, message: { type: 'string' } }
	};
	const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
	return {
		openapi: '3.1.0',
		info: { title: 'Anju public API', version: '1.0.0', description: 'Accommodation registration and interpreter help for foreign residents.' },
		servers: [{ url: `${origin}/api/v1` }],
		components: {
			schemas: { Declaration: declaration, HelpRequest: helpRequest, Problem: problem, Finding: finding }
		},
		paths: {
			'/addresses': {
				get: {
					summary: 'Search the address registry (any script)',
					parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 100 } }],
					responses: {
						'200': {
							description: 'Matching addresses',
							content: {
								'application/json': {
									schema: {
										type: 'object',
										properties: {
											items: {
												type: 'array',
												items: { type: 'object', properties: { id: { type: 'string' }, label: { type: 'string' }, kind: { type: 'string', enum: ['residential', 'hotel', 'dormitory', 'office'] } } }
											}
										}
									}
								}
							}
						}
					}
				}
			},
			'/uploads': {
				post: {
					summary: "Upload an image (JPEG, PNG or WebP by content, at most 10 MB); metadata is stripped. With read=mrz the passport's machine-readable zone is read too (a proposal to confirm)",
					requestBody: {
						required: true,
						content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, read: { type: 'string', enum: ['mrz'] } }, required: ['file'] } } }
					},
					responses: {
						'201': {
							description: 'Stored; with read=mrz also the read (mrz null with a reason when none: not_found, busy, failed)',
							content: {
								'application/json': {
									schema: {
										type: 'object',
										properties: {
											id: { type: 'string' },
											mrz: {
												type: ['object', 'null'],
												properties: {
													lines: { type: 'array', items: { type: 'string', minLength: 44, maxLength: 44 } },
													valid: { type: 'boolean', description: 'true only when every TD3 check digit verifies' },
													fields: {
														type: 'object',
														properties: {
															surname: { type: 'string' },
															givenNames: { type: 'string' },
															nationality: { type: 'string' },
															number: { type: 'string' },
															dateOfBirth: { type: ['string', 'null'] },
															sex: { type: 'string', enum: ['M', 'F', 'X'] },
															expiryDate: { type: ['string', 'null'] }
														}
													}
												}
											},
											reason: { type: 'string', enum: ['not_found', 'busy', 'failed'] }
										}
									}
								}
							}
						},
						'413': problemResponse('Too large'),
						'415': problemResponse('Not a JPEG, PNG or WebP image'),
						'422': problemResponse('The image cannot be read')
					}
				}
			},
			'/declarations': {
				post: {
					summary: 'Submit an accommodation registration',
					parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 8, maxLength: 128 } }],
					requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Declaration' } } } },
					responses: {
						'201': {
							description: 'Decided at once: approved or pending_review',
							content: {
								'application/json': {
									schema: {
										type: 'object',
										properties: {
											reference: { type: 'string' },
											accessCode: { type: 'string' },
											status: { type: 'string', enum: ['approved', 'pending_review'] },
											findings: { type: 'array', items: { $ref: '#/components/schemas/Finding' } },
											receiptUrl: { type: ['string', 'null'] }
										}
									}
								}
							}
						},
						'200': { description: 'A repeat: the original reference, nothing created' },
						'422': problemResponse(
							'Invalid input (errors lists every field); or an Idempotency-Key already used with another body (type idempotency_key_reused, nothing of the first is told); nothing stored'
						),
						'429': problemResponse('Too many requests')
					}
				}
			},
			'/declarations/{reference}': {
				get: {
					summary: 'Follow a declaration',
					parameters: [
						{ name: 'reference', in: 'path', required: true, schema: { type: 'string' } },
						{ name: 'X-Access-Code', in: 'header', required: true, schema: { type: 'string' } }
					],
					responses: { '200': { description: 'Status, findings and questions' }, '404': problemResponse('Unknown reference or wrong access code') }
				}
			},
			'/help-requests': {
				post: {
					summary: 'Ask for an interpreter (topics legal, medical and education also go to partner organisations of that kind)',
					requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/HelpRequest' } } } },
					responses: {
						'201': {
							description: 'Created; the resident follows it with reference + access code on /{lang}/help/{reference}',
							content: {
								'application/json': {
									schema: {
										type: 'object',
										required: ['reference', 'accessCode', 'status'],
										properties: { reference: { type: 'string', pattern: '^HR-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$' }, accessCode: { type: 'string' }, status: { type: 'string', enum: ['open'] } }
									}
								}
							}
						},
						'422': problemResponse('Invalid input (an unsupported language has the code unsupported_language); nothing stored'),
						'429': problemResponse('Too many requests')
					}
				}
			}
		}
	};
}

export const GET: RequestHandler = () => new Response(JSON.stringify(document(siteOrigin())), { headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' } });
