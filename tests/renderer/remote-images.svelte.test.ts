/** Images in messages: shown only for sources the user allowed in Settings, and then only through main. */
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge, makeItem } from './fake-bridge';
import { renderApp, rows } from './render-app';

const item = makeItem(1, {
  title: 'Chart',
  body: 'Today: ![load chart](https://charts.example/load.png)',
  markdown: true,
  icon: 'https://img.example/icon.png',
});

it('without permission an image is its alt text and a link; with it, an <img> from main’s remote-image path', async () => {
  const bridge = new FakeBridge({ items: [item] });
  const { container } = await renderApp(bridge);
  await fireEvent.click(rows(container)[0]!);
  const detail = await screen.findByTestId('item-detail');
  expect(detail.querySelector('img')).toBeNull();
  expect(within(detail).getByText(/load chart/)).toBeInTheDocument();

  bridge.emit('herald:settings-changed', { ...DEFAULT_SETTINGS, sources: [{ id: 'main', kind: 'herald', url: 'http://127.0.0.1:1', hasToken: false, hasPassword: false }], imageSources: ['main'] });
  await waitFor(() => expect(detail.querySelectorAll('img')).toHaveLength(2));
  const [body, icon] = [detail.querySelector('img.remote')!, within(detail).getByTestId('item-icon-image')];
  for (const [img, url] of [[body, 'https://charts.example/load.png'], [icon, 'https://img.example/icon.png']] as const) {
    const src = new URL(img.getAttribute('src')!, 'app://herald/');
    expect(src.pathname).toBe('/remote-image');
    expect(src.searchParams.get('source')).toBe('main');
    expect(src.searchParams.get('item')).toBe(item.itemId);
    expect(src.searchParams.get('url')).toBe(url);
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
  }
  expect(body).toHaveAttribute('alt', 'load chart');
});

it('Settings lists the sources with an off-by-default image switch that saves the list', async () => {
  const bridge = new FakeBridge({ items: [] });
  await renderApp(bridge);
  bridge.emit('herald:settings-changed', { ...DEFAULT_SETTINGS, sources: [{ id: 'main', kind: 'herald', url: 'http://127.0.0.1:1', label: 'Team', hasToken: false, hasPassword: false }] });
  await fireEvent.click(screen.getByRole('button', { name: /Settings/ }));
  const section = await screen.findByTestId('settings-images');
  const box = within(section).getByRole('checkbox', { name: /Load images from .*Team/ });
  expect(box).not.toBeChecked();
  await fireEvent.click(box);
  expect(bridge.updateSettings).toHaveBeenCalledWith({ imageSources: ['main'] });
});
