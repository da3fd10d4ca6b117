/** Keyboard use of the window: the list is one Tab stop, focus follows opening and closing, Escape closes. */
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge, makeItems } from './fake-bridge';
import { renderApp, rows } from './render-app';

const tabStops = (container: HTMLElement) => rows(container).filter((r) => r.tabIndex === 0);

describe('keyboard', () => {
  it('makes the list one Tab stop that follows the arrow keys, Home and End', async () => {
    const { container } = await renderApp(new FakeBridge({ items: makeItems(30) }));
    expect(rows(container).length).toBeGreaterThan(5);
    expect(tabStops(container)).toEqual([rows(container)[0]]);

    rows(container)[0]!.focus();
    await fireEvent.keyDown(rows(container)[0]!, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(rows(container)[1]));
    expect(tabStops(container)).toEqual([rows(container)[1]]);

    await fireEvent.keyDown(document.activeElement!, { key: 'End' });
    await waitFor(() => expect((document.activeElement as HTMLElement).dataset.index).toBe('29'));
    expect(tabStops(container).map((r) => r.dataset.index)).toEqual(['29']);

    await fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await waitFor(() => expect((document.activeElement as HTMLElement).dataset.index).toBe('0'));
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect((document.activeElement as HTMLElement).dataset.index).toBe('0');
    expect(tabStops(container)).toHaveLength(1);
  });

  it('moves the focus into an opened item, and back to its row when Escape closes it', async () => {
    const { container } = await renderApp(new FakeBridge({ items: makeItems(5) }));
    const third = rows(container)[2]!;
    third.focus();
    await fireEvent.click(third);
    const detail = await screen.findByTestId('item-detail');
    const heading = within(detail).getByRole('heading', { level: 2 });
    await waitFor(() => expect(document.activeElement).toBe(heading));

    // Escape from inside the detail closes it; the row it came from has the focus and the Tab stop.
    await fireEvent.keyDown(heading, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('item-detail')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(rows(container)[2]));
    expect(tabStops(container)).toEqual([rows(container)[2]]);
  });

  it('closes the open item with Escape from the list too', async () => {
    const { container } = await renderApp(new FakeBridge({ items: makeItems(5) }));
    await fireEvent.click(rows(container)[0]!);
    await screen.findByTestId('item-detail');
    rows(container)[3]!.focus();
    await fireEvent.keyDown(rows(container)[3]!, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('item-detail')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(rows(container)[0]));
  });

  it('leaves Settings with Escape, back on the Settings button (not on a row closed earlier)', async () => {
    const { container } = await renderApp(new FakeBridge({ items: makeItems(2) }));
    await fireEvent.click(rows(container)[1]!);
    await fireEvent.keyDown(await screen.findByTestId('item-detail'), { key: 'Escape' });
    await waitFor(() => expect(document.activeElement).toBe(rows(container)[1]));
    await fireEvent.click(screen.getByTestId('open-settings'));
    const page = await screen.findByTestId('settings-page');
    await fireEvent.keyDown(within(page).getByTestId('language-select'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('settings-page')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('open-settings')));
  });

  it('keeps Settings open when Escape is pressed in a source being edited', async () => {
    await renderApp();
    await fireEvent.click(screen.getByTestId('open-settings'));
    await fireEvent.click(await screen.findByTestId('add-source'));
    const editor = await screen.findByTestId('source-editor');
    await fireEvent.keyDown(editor.querySelector('input')!, { key: 'Escape' });
    expect(screen.getByTestId('settings-page')).toBeInTheDocument();
  });

  it('lists the shortcuts in Settings, in both languages', async () => {
    const { bridge } = await renderApp();
    await fireEvent.click(screen.getByTestId('open-settings'));
    const list = await screen.findByTestId('shortcut-list');
    expect(within(list).getByRole('heading')).toHaveTextContent('Keyboard shortcuts');
    expect(list).toHaveTextContent('Previous / next notification');
    expect(list).toHaveTextContent('Close the notification; leave Settings');
    expect([...list.querySelectorAll('kbd')].map((k) => k.textContent)).toEqual(['↑', '↓', 'Home', 'End', 'Enter', 'Esc', 'Tab']);

    bridge.emit('herald:settings-changed', { ...DEFAULT_SETTINGS, language: 'zh-CN' });
    await waitFor(() => expect(within(list).getByRole('heading')).toHaveTextContent('键盘快捷键'));
    expect(list).toHaveTextContent('关闭通知；退出设置');
  });
});
