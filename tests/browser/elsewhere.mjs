// A second server on 127.0.0.1, apart from the sandbox: another origin that a test makes
// redirect, answer as another payee's API would, or stream an endless answer. Every request
// it gets is recorded; every answer allows any origin (CORS), as MixPay's API does.
import http from 'node:http';

export const OTHER_CODE = '0badc0de-0000-4000-8000-000000000001';

export class Elsewhere {
  // `handle(req, res, body)` answers; it is called after the request's body has arrived.
  async start(handle) {
    this.requests = [];
    this.handle = handle;
    this.server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        this.requests.push({ method: req.method, url: req.url, body });
        res.setHeader('Access-Control-Allow-Origin', '*');
        if (req.method === 'OPTIONS') {
          res.setHeader('Access-Control-Allow-Headers', '*');
          res.end();
          return;
        }
        this.handle(req, res, body);
      });
    });
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = this.server.address().port;
    this.origin = `http://127.0.0.1:${this.port}`;
    // The same server under another origin.
    this.otherOrigin = `http://localhost:${this.port}`;
    return this;
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }
}

// MixPay's success envelope for `code`, or a merchant endpoint's {code}.
export function answerCode(res, { envelope = true, code = OTHER_CODE } = {}) {
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(envelope ? { code: 0, success: true, message: '', data: { code } } : { code }));
}
