import { cassetteCorpus } from '../src/cassette';
import { parseJunit } from '../src/schemathesis';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('parseJunit', () => {
  it('reads each failing operation with its codes and schemathesis\' text, unescaped', () => {
    // Prepare
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<testsuites errors="0" failures="1" tests="2"><testsuite name="schemathesis">
    <testcase name="POST /items" time="0.28">
      <failure type="failure" message="ST101, ST103">- ST101 Server error

curl -X POST -d '{"name": "&lt;x&gt;"}' http://127.0.0.1:3000/go/items</failure>
    </testcase>
    <testcase name="GET /health" time="0.03" />
</testsuite></testsuites>`;
    // Act
    const r = parseJunit(xml);
    // Assess
    expect(r.tests).toBe(2);
    expect(r.failures).toEqual([{ operation: 'POST /items', codes: 'ST101, ST103', details: `- ST101 Server error\n\ncurl -X POST -d '{"name": "<x>"}' http://127.0.0.1:3000/go/items` }]);
  });
});

describe('cassetteCorpus', () => {
  it('keeps what was sent byte for byte, turns ids from 201s into references, and sends a repeated request once', () => {
    // Prepare
    const id = '8d9b7303-0de5-4731-8ac1-b1dcb0c7ae47';
    const post = { request: { uri: 'http://h:1/go/items', method: 'POST', headers: { 'Content-Type': ['application/json'], 'User-Agent': ['st'], 'X-Schemathesis-TestCaseId': ['a'] }, body: { base64_string: b64('{"name":"x","price":1}') } }, response: { status: { code: '201' }, body: { string: `{"id":"${id}"}` } } };
    const get = { request: { uri: `http://h:1/go/items/${id}?x=1`, method: 'GET', headers: {} }, response: { status: { code: '200' } } };
    const postAgain = { ...post, response: { status: { code: '201' }, body: { string: '{"id":"11111111-1111-4111-8111-111111111111"}' } } };
    const getAgain = { ...get, request: { ...get.request, uri: 'http://h:1/python/items/11111111-1111-4111-8111-111111111111?x=1' } };
    // Act
    const corpus = cassetteCorpus([
      { runtime: 'go', baseUrl: 'http://h:1/go', interactions: [post, get] },
      { runtime: 'python', baseUrl: 'http://h:1/python', interactions: [{ ...postAgain, request: { ...postAgain.request, uri: 'http://h:1/python/items' } }, getAgain] },
    ]);
    // Assess
    expect(corpus.map((e) => e.request)).toEqual([
      { method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, bodyBase64: b64('{"name":"x","price":1}') },
      { method: 'GET', path: '/items/{{id:st-go-0}}?x=1', headers: {} },
    ]);
    expect(corpus[0]!.creates).toBe('st-go-0');
  });
});
