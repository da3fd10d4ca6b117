/** A sender's http action: offered as "Send…", confirmed against the host it goes to, queued by index only. */
import { fireEvent, screen, within } from '@testing-library/svelte';
import type { OutboxEntry } from '../../src/shared/outbox';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge, makeItem } from './fake-bridge';
import { renderApp, rows } from './render-app';

it('asks before sending, names the host, and queues the action by its index', async () => {
  const item = makeItem(1, {
    title: 'CPU high',
    actions: [
      { kind: 'view', label: 'Graphs', url: 'https://grafana.example/d' },
      { kind: 'http', label: 'Silence', url: 'https://alerts.example/silence', method: 'put' },
    ],
  });
  const bridge = new FakeBridge({ items: [item] });
  const { container } = await renderApp(bridge);
  await fireEvent.click(rows(container)[0]!);
  const detail = await screen.findByTestId('item-detail');
  const run = within(detail).getByTestId('action-run');
  await fireEvent.click(run);
  const confirm = within(detail).getByTestId('action-confirm');
  expect(confirm).toHaveTextContent(/Send PUT to .*alerts\.example.*\?/);
  expect(bridge.act).not.toHaveBeenCalledWith('main', expect.objectContaining({ type: 'run_action' }));
  await fireEvent.click(within(confirm).getByRole('button', { name: 'Send' }));
  expect(bridge.act).toHaveBeenCalledWith('main', { type: 'run_action', itemId: item.itemId, index: 1 });
  expect(await within(detail).findByTestId('action-queued')).toHaveTextContent('Queued');
});

it('Cancel sends nothing', async () => {
  const item = makeItem(1, { actions: [{ kind: 'http', label: 'Silence', url: 'https://alerts.example/silence' }] });
  const bridge = new FakeBridge({ items: [item] });
  const { container } = await renderApp(bridge);
  await fireEvent.click(rows(container)[0]!);
  const detail = await screen.findByTestId('item-detail');
  await fireEvent.click(within(detail).getByTestId('action-run'));
  await fireEvent.click(within(within(detail).getByTestId('action-confirm')).getByRole('button', { name: 'Cancel' }));
  expect(within(detail).getByTestId('action-run')).toBeInTheDocument();
  expect(bridge.act).not.toHaveBeenCalledWith('main', expect.objectContaining({ type: 'run_action' }));
});

it.each([
  ['en', 'the sender’s request changed after you confirmed it, so it was not sent: look at the item and confirm it again'],
  ['zh-CN', '发送者的请求在你确认之后发生了变化，因此没有发送：请查看该条目并重新确认'],
] as const)('a request that changed after it was confirmed is listed as not sent, asking to confirm again (%s)', async (language, words) => {
  const item = makeItem(1, { title: 'Door', actions: [{ kind: 'http', label: 'Open', url: 'https://b.example/door' }] });
  const bridge = new FakeBridge({ items: [item], settings: { ...DEFAULT_SETTINGS, language } });
  const entry: OutboxEntry = {
    key: 'k1',
    sourceId: 'main',
    action: { type: 'run_action', itemId: item.itemId, index: 0, confirmed: 'a'.repeat(64) },
    createdAt: 0,
    state: { kind: 'failed', attempts: 2, error: { code: 'action_changed', message: 'the request changed after it was confirmed' }, failedAt: 0 },
  };
  bridge.outbox = [entry];
  await renderApp(bridge);
  bridge.emit('herald:outbox-changed', { pending: 0, sending: 0, failed: 1, done: 0, total: 0 });
  const failed = await screen.findByTestId('failed-entry');
  expect(failed.querySelector('.reason')).toHaveTextContent(words);
});
