import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { textFrame } from '../../../server/sources/ingest-ws.js';

let wss: WebSocketServer | null = null;
afterEach(async () => {
  await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
  wss = null;
});

describe('the ingest socket framing its own replies', () => {
  it('writes text frames that ws reads back whole, at every length class (< 126, < 64 KiB, larger), in one write', async () => {
    const texts = ['', 'a', 'x'.repeat(125), 'y'.repeat(126), '回复'.repeat(40), 'z'.repeat(65_535), `{"big":"${'w'.repeat(70_000)}"}`, '{"type":"ingest-result","accepted":1,"rejected":[]}'];
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (_ws, req) => {
      // all frames in one buffer on the raw socket, as the ingest does for the frames of one read
      req.socket.write(Buffer.concat(texts.map(textFrame)));
    });
    await once(wss, 'listening');
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    const got: string[] = [];
    await new Promise<void>((resolve, reject) => {
      client.on('message', (data, isBinary) => {
        expect(isBinary).toBe(false);
        got.push(data.toString());
        if (got.length === texts.length) resolve();
      });
      client.on('error', reject);
    });
    client.close();
    expect(got).toEqual(texts);
    expect(textFrame('ok').subarray(0, 2)).toEqual(Buffer.from([0x81, 2]));
  });
});
