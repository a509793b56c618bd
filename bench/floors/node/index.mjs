// The smallest Node.js Lambda: answers every API Gateway proxy event at once.
// Status by method so the bench's CRUD mix can run against it as the platform's no-op floor.
export const handler = async (event) => {
  const method = event?.httpMethod ?? 'GET';
  if (method === 'DELETE') return { statusCode: 204, body: '' };
  return { statusCode: method === 'POST' ? 201 : 200, headers: { 'content-type': 'application/json' }, body: '{"id":"00000000-0000-4000-8000-000000000000"}' };
};
