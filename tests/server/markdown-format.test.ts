import { validateEvent } from '../../src/core/validate-event';
import { postJson, serve } from './fixture';

describe('format: "markdown" in Herald’s protocol', () => {
  it('the server takes "markdown" or "plain", refuses anything else, and a client reads markdown as the markdown flag', async () => {
    const server = await serve();
    const md = await postJson(`${server.url}/publish`, { title: 'Deploy', body: '**done**', format: 'markdown' });
    expect(md.status).toBe(201);
    const event = (md.body as { event: unknown }).event;
    expect(event).toMatchObject({ type: 'notification', data: { body: '**done**', format: 'markdown' } });
    const read = validateEvent(event);
    expect(read.ok && read.event.type === 'notification' && read.event.data.markdown).toBe(true);

    const plain = await postJson(`${server.url}/publish`, { title: 'Plain', body: '**as is**', format: 'plain' });
    expect(plain.status).toBe(201);
    const plainRead = validateEvent((plain.body as { event: unknown }).event);
    expect(plainRead.ok && plainRead.event.type === 'notification' && plainRead.event.data.markdown).toBeFalsy();

    for (const format of ['html', 'MARKDOWN', 1, null]) {
      const bad = await postJson(`${server.url}/publish`, { title: 'x', format });
      expect(bad.status, String(format)).toBe(422);
      expect(bad.body).toMatchObject({ error: { code: 'invalid_event' } });
    }
  });
});
