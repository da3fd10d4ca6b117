/** A sender's http action: offered as "Send…", confirmed against the host it goes to, queued by index only. */
import { fireEvent, screen, within } from '@testing-library/svelte';
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
