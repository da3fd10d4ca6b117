/** Items nobody can like or comment on: Herald's own notices (in the reader's language), and servers that take no actions. */
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge, OPEN, makeItem } from './fake-bridge';
import { renderApp, rows } from './render-app';

const notice = makeItem(1, {
  kind: 'system',
  level: 'warning',
  title: 'Messages from Team may be missing',
  body: 'english fallback',
  local: true,
  notice: { code: 'possible_loss', reason: 'server_changed', sourceLabel: 'Team', to: '2026-11-30T10:00:00.000Z' },
});

it('shows the notice in the reader’s language, and offers no Like or comments on it', async () => {
  const { container, bridge } = await renderApp(new FakeBridge({ items: [notice] }));
  const row = rows(container)[0]!;
  expect(row.querySelector('.title')).toHaveTextContent('Messages from Team may be missing');
  expect(row.querySelector('.body')).toHaveTextContent(/Herald may have missed messages from Team before .*restarted without its earlier messages/);
  await fireEvent.click(row);
  const detail = await screen.findByTestId('item-detail');
  expect(within(detail).queryByTestId('like-button')).toBeNull();
  expect(within(detail).queryByText(/Comments/)).toBeNull();

  bridge.emit('herald:settings-changed', { ...DEFAULT_SETTINGS, language: 'zh-CN' });
  await waitFor(() => expect(rows(container)[0]!.querySelector('.title')).toHaveTextContent('Team 的消息可能有遗漏'));
  expect(rows(container)[0]!.querySelector('.body')).toHaveTextContent(/服务器重启后丢失了之前的消息/);
});

it('offers no Like or comments on items of a server that takes no actions (ntfy, Nchan)', async () => {
  const connection = { overall: OPEN, sources: [{ id: 'main', label: 'Alerts', kind: 'ntfy' as const, state: OPEN, malformed: 0, actionless: true as const }] };
  const { container } = await renderApp(new FakeBridge({ connection, items: [makeItem(1, { title: 'disk full' })] }));
  await fireEvent.click(rows(container)[0]!);
  const detail = await screen.findByTestId('item-detail');
  expect(within(detail).getByRole('heading', { level: 2 })).toHaveTextContent('disk full');
  expect(within(detail).queryByTestId('like-button')).toBeNull();
  expect(within(detail).queryByText(/Comments/)).toBeNull();
});
