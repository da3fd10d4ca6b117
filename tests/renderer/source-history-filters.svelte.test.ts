/**
 * The source editor's ntfy options: "On first connect" (new only / the last hours / everything) and the filters,
 * sent as the fields main checks, shown again when the source is edited, in English and Chinese.
 */
import { fireEvent, screen, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge } from './fake-bridge';
import { renderApp } from './render-app';

async function openEditor(bridge: FakeBridge) {
  await renderApp(bridge);
  await fireEvent.click(screen.getByTestId('open-settings'));
  const page = screen.getByTestId('settings-page');
  return { page };
}

describe('source editor: ntfy history and filters', () => {
  it('sends the last hours and the filters the user typed', async () => {
    const bridge = new FakeBridge();
    const { page } = await openEditor(bridge);
    await fireEvent.click(within(page).getByTestId('add-source'));
    const editor = within(page).getByTestId('source-editor');
    await fireEvent.change(within(editor).getByLabelText('Server type'), { target: { value: 'ntfy' } });
    await fireEvent.input(within(editor).getByLabelText('Server address (URL)'), { target: { value: 'http://127.0.0.1:2586' } });
    await fireEvent.input(within(editor).getByLabelText('Topics'), { target: { value: 'ops' } });
    await fireEvent.change(within(editor).getByLabelText('On first connect'), { target: { value: 'hours' } });
    await fireEvent.input(within(editor).getByLabelText('Hours'), { target: { value: '6' } });
    await fireEvent.input(within(editor).getByLabelText('Priorities'), { target: { value: '4, 5' } });
    await fireEvent.input(within(editor).getByLabelText('Tags (all of them)'), { target: { value: 'backup，db' } });
    await fireEvent.click(within(editor).getByLabelText('Also show messages scheduled for later'));
    await fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(bridge.saveSource).toHaveBeenCalledWith({
      kind: 'ntfy',
      url: 'http://127.0.0.1:2586',
      channels: ['ops'],
      since: '6h',
      ntfyFilters: { priority: '4,5', tags: 'backup,db', scheduled: '1' },
    });
  });

  it('shows a saved source\'s choices again, in Chinese too, and "new only" is sent as now', async () => {
    const source = { id: 'n1', kind: 'ntfy' as const, url: 'http://127.0.0.1:2586', channels: ['ops'], since: '1d', ntfyFilters: { title: 'Disk' }, hasToken: false, hasPassword: false };
    const bridge = new FakeBridge({ settings: { ...DEFAULT_SETTINGS, language: 'zh-CN', sources: [source] } });
    const { page } = await openEditor(bridge);
    await fireEvent.click(within(page).getByRole('button', { name: '编辑' }));
    const editor = within(page).getByTestId('source-editor');
    expect(within(editor).getByLabelText('首次连接时')).toHaveValue('hours');
    expect(within(editor).getByLabelText('小时数')).toHaveValue(24);
    expect(within(editor).getByLabelText('标题（完全一致）')).toHaveValue('Disk');
    await fireEvent.change(within(editor).getByLabelText('首次连接时'), { target: { value: 'now' } });
    await fireEvent.click(within(editor).getByRole('button', { name: '保存' }));
    expect(bridge.saveSource).toHaveBeenCalledWith({ id: 'n1', kind: 'ntfy', url: 'http://127.0.0.1:2586', channels: ['ops'], since: 'now', ntfyFilters: { title: 'Disk' } });
  });

  it('offers none of it for a Herald source', async () => {
    const { page } = await openEditor(new FakeBridge());
    await fireEvent.click(within(page).getByTestId('add-source'));
    const editor = within(page).getByTestId('source-editor');
    expect(within(editor).queryByLabelText('On first connect')).toBeNull();
    expect(within(editor).queryByLabelText('Priorities')).toBeNull();
  });
});
