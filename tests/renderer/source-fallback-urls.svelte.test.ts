/**
 * The source editor's "Other addresses of this server" (a Herald source's fallbackUrls): one per line, sent as the
 * list main checks, refused in the form when one is not an http(s) address, shown again on edit, in English and
 * Chinese, and not offered for Nchan or ntfy (their answers do not say which server answered).
 */
import { fireEvent, screen, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge } from './fake-bridge';
import { renderApp } from './render-app';

async function openSettings(bridge: FakeBridge) {
  await renderApp(bridge);
  await fireEvent.click(screen.getByTestId('open-settings'));
  return screen.getByTestId('settings-page');
}

describe('source editor: other addresses of a Herald server', () => {
  it('sends the addresses typed, one per line, in order', async () => {
    const bridge = new FakeBridge();
    const page = await openSettings(bridge);
    await fireEvent.click(within(page).getByTestId('add-source'));
    const editor = within(page).getByTestId('source-editor');
    await fireEvent.input(within(editor).getByLabelText('Server address (URL)'), { target: { value: 'http://127.0.0.1:8787' } });
    await fireEvent.input(within(editor).getByLabelText('Other addresses of this server'), { target: { value: ' http://127.0.0.1:8788 \n\nhttp://127.0.0.1:8789\n' } });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(bridge.saveSource).toHaveBeenCalledWith({ kind: 'herald', url: 'http://127.0.0.1:8787', fallbackUrls: ['http://127.0.0.1:8788', 'http://127.0.0.1:8789'] });
  });

  it('says which field is wrong and sends nothing when an address is not http(s)', async () => {
    const bridge = new FakeBridge();
    const page = await openSettings(bridge);
    await fireEvent.click(within(page).getByTestId('add-source'));
    const editor = within(page).getByTestId('source-editor');
    await fireEvent.input(within(editor).getByLabelText('Server address (URL)'), { target: { value: 'http://127.0.0.1:8787' } });
    const field = within(editor).getByLabelText('Other addresses of this server');
    await fireEvent.input(field, { target: { value: 'ftp://127.0.0.1:21' } });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(bridge.saveSource).not.toHaveBeenCalled();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(within(editor).getByRole('alert')).toHaveTextContent('Each other address must start with http:// or https://');
  });

  it('shows a saved source\'s addresses again, in Chinese, and sends an emptied list as none', async () => {
    const source = { id: 'h1', kind: 'herald' as const, url: 'http://127.0.0.1:8787', fallbackUrls: ['http://127.0.0.1:8788'], hasToken: false, hasPassword: false };
    const bridge = new FakeBridge({ settings: { ...DEFAULT_SETTINGS, language: 'zh-CN', sources: [source] } });
    const page = await openSettings(bridge);
    await fireEvent.click(within(page).getByRole('button', { name: '编辑' }));
    const editor = within(page).getByTestId('source-editor');
    const field = within(editor).getByLabelText('此服务器的其他地址');
    expect(field).toHaveValue('http://127.0.0.1:8788');
    await fireEvent.input(field, { target: { value: '' } });
    await fireEvent.click(within(editor).getByRole('button', { name: '保存' }));
    expect(bridge.saveSource).toHaveBeenCalledWith({ id: 'h1', kind: 'herald', url: 'http://127.0.0.1:8787', fallbackUrls: [] });
  });

  it('is not offered for Nchan or ntfy', async () => {
    const page = await openSettings(new FakeBridge());
    await fireEvent.click(within(page).getByTestId('add-source'));
    const editor = within(page).getByTestId('source-editor');
    await fireEvent.change(within(editor).getByLabelText('Server type'), { target: { value: 'nchan' } });
    expect(within(editor).queryByLabelText('Other addresses of this server')).toBeNull();
  });
});
