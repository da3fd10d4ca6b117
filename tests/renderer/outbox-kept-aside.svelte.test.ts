import { screen } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge } from './fake-bridge';
import { renderApp } from './render-app';

describe('outbox view: a damaged outbox file kept aside (issue 26, point 2)', () => {
  const path = '/home/u/.config/herald/outbox.json.corrupt-2026-12-07T10-00-00-000Z';

  it('says where the damaged file was kept and that what could be read is queued again, in English', async () => {
    await renderApp(new FakeBridge({ outboxKeptAside: [path] }));
    const box = screen.getByTestId('outbox-kept-aside');
    expect(box).toHaveTextContent(`A damaged file of actions waiting to be sent was kept at ${path}`);
    expect(box).toHaveTextContent('every action that could be read from it is queued again');
  });

  it('in Chinese too', async () => {
    await renderApp(new FakeBridge({ outboxKeptAside: [path], settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } }));
    expect(screen.getByTestId('outbox-kept-aside')).toHaveTextContent(`一个损坏的待发送操作文件已保存在 ${path}`);
  });

  it('shows nothing when no file is kept aside', async () => {
    await renderApp(new FakeBridge());
    expect(screen.queryByTestId('outbox-kept-aside')).toBeNull();
  });
});
