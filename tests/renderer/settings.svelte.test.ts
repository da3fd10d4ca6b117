import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge } from './fake-bridge';
import { renderApp } from './render-app';

async function openSettings(bridge = new FakeBridge()) {
  const r = await renderApp(bridge);
  await fireEvent.click(screen.getByTestId('open-settings'));
  return { ...r, page: screen.getByTestId('settings-page') };
}

describe('settings page', () => {
  it('explains the built-in demo server when no source is set', async () => {
    const { page } = await openSettings();
    expect(within(page).getByTestId('demo-source')).toHaveTextContent('Built-in demo server');
  });

  it('adds a source: checks the URL, sends the fields, and shows it in the list', async () => {
    const { bridge, page } = await openSettings();
    await fireEvent.click(within(page).getByTestId('add-source'));
    const editor = within(page).getByTestId('source-editor');
    await fireEvent.change(within(editor).getByLabelText('Server type'), { target: { value: 'ntfy' } });
    await fireEvent.input(within(editor).getByLabelText('Server address (URL)'), { target: { value: 'ftp://nope' } });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(within(editor).getByRole('alert')).toHaveTextContent('Enter an http:// or https:// address.');
    expect(bridge.saveSource).not.toHaveBeenCalled();

    await fireEvent.input(within(editor).getByLabelText('Server address (URL)'), { target: { value: ' http://127.0.0.1:2586 ' } });
    await fireEvent.input(within(editor).getByLabelText('Name'), { target: { value: 'Alerts' } });
    await fireEvent.input(within(editor).getByLabelText('Topics'), { target: { value: 'ops, builds，deploys' } });
    await fireEvent.input(within(editor).getByLabelText('User name'), { target: { value: 'ann' } });
    await fireEvent.input(within(editor).getByLabelText('Password'), { target: { value: 's3cret' } });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(bridge.saveSource).toHaveBeenCalledWith({
      kind: 'ntfy',
      url: 'http://127.0.0.1:2586',
      label: 'Alerts',
      channels: ['ops', 'builds', 'deploys'],
      username: 'ann',
      password: 's3cret',
    });
    const item = await within(page).findByTestId('source-item');
    expect(item).toHaveTextContent('Alerts');
    expect(item).toHaveTextContent('Password: set');
    expect(within(page).queryByTestId('demo-source')).toBeNull();
  });

  it('keeps a saved token unless it is replaced or removed (write-only)', async () => {
    const settings = { ...DEFAULT_SETTINGS, sources: [{ id: 's1', kind: 'herald' as const, url: 'http://127.0.0.1:8787', hasToken: true, hasPassword: false }] };
    const { bridge, page } = await openSettings(new FakeBridge({ settings }));
    await fireEvent.click(within(page).getByRole('button', { name: 'Edit' }));
    let editor = within(page).getByTestId('source-editor');
    expect(within(editor).getByTestId('source-s1-token-set')).toHaveTextContent('set');
    expect(within(editor).getByLabelText(/Access token/)).toHaveValue('');
    await fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(bridge.saveSource).toHaveBeenLastCalledWith({ id: 's1', kind: 'herald', url: 'http://127.0.0.1:8787' });

    await fireEvent.click(within(page).getByRole('button', { name: 'Edit' }));
    editor = within(page).getByTestId('source-editor');
    await fireEvent.click(within(editor).getByLabelText('Remove the saved one'));
    await fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(bridge.saveSource).toHaveBeenLastCalledWith({ id: 's1', kind: 'herald', url: 'http://127.0.0.1:8787', token: '' });
  });

  it('warns in words and asks for confirmation before sending credentials over plain http to another computer', async () => {
    const { bridge, page } = await openSettings();
    await fireEvent.click(within(page).getByTestId('add-source'));
    const editor = within(page).getByTestId('source-editor');
    await fireEvent.input(within(editor).getByLabelText('Server address (URL)'), { target: { value: 'http://notify.example.com' } });
    expect(within(editor).queryByTestId('insecure-warning')).toBeNull(); // no credential, nothing to leak
    await fireEvent.input(within(editor).getByLabelText(/Access token/), { target: { value: 'T0K' } });
    expect(within(editor).getByTestId('insecure-warning')).toHaveTextContent('travel unencrypted');

    await fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    await fireEvent.click(within(editor).getByRole('button', { name: 'Test connection' }));
    expect(bridge.saveSource).not.toHaveBeenCalled();
    expect(bridge.testSource).not.toHaveBeenCalled();
    expect(within(editor).getByRole('alert')).toHaveTextContent('anyone on the network could read it');

    await fireEvent.click(within(editor).getByLabelText('Send the credentials over this unencrypted connection anyway'));
    await fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(bridge.saveSource).toHaveBeenCalledWith({ kind: 'herald', url: 'http://notify.example.com', token: 'T0K' });
  });

  it('does not warn for https or this computer, and warns in Chinese too', async () => {
    const { page } = await openSettings(new FakeBridge({ settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } }));
    await fireEvent.click(within(page).getByTestId('add-source'));
    const editor = within(page).getByTestId('source-editor');
    await fireEvent.input(within(editor).getByLabelText(/访问令牌/), { target: { value: 'T0K' } });
    for (const url of ['https://notify.example.com', 'http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787']) {
      await fireEvent.input(within(editor).getByLabelText('服务器地址（URL）'), { target: { value: url } });
      expect(within(editor).queryByTestId('insecure-warning'), url).toBeNull();
    }
    await fireEvent.input(within(editor).getByLabelText('服务器地址（URL）'), { target: { value: 'http://192.168.1.5:8787' } });
    expect(within(editor).getByTestId('insecure-warning')).toHaveTextContent('以明文传输');
  });

  it('keeps ? and # parts and over-long addresses out, as main does', async () => {
    const { bridge, page } = await openSettings();
    await fireEvent.click(within(page).getByTestId('add-source'));
    const editor = within(page).getByTestId('source-editor');
    for (const url of ['http://127.0.0.1:8787/?redirect=/admin', 'http://127.0.0.1:8787/#x', `http://127.0.0.1/${'a'.repeat(2100)}`]) {
      await fireEvent.input(within(editor).getByLabelText('Server address (URL)'), { target: { value: url } });
      await fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
      expect(within(editor).getByRole('alert')).toHaveTextContent('No ? or # part');
    }
    expect(bridge.saveSource).not.toHaveBeenCalled();
  });

  it('says in words (English and Chinese) when a saved secret would follow a changed address', async () => {
    for (const [language, words] of [
      ['en', 'the address changed, so the saved token, password or encryption keys were not used'],
      ['zh-CN', '地址已更改，已保存的令牌、密码或加密密钥不会使用'],
    ] as const) {
      const settings = { ...DEFAULT_SETTINGS, language, sources: [{ id: 's1', kind: 'herald' as const, url: 'https://a.example', hasToken: true, hasPassword: false }] };
      const bridge = new FakeBridge({ settings });
      bridge.saveSource.mockResolvedValueOnce({ ok: false, error: { code: 'credentials_address_changed', message: 'x' } });
      const { page, unmount } = await openSettings(bridge);
      await fireEvent.click(within(page).getByRole('button', { name: language === 'en' ? 'Edit' : '编辑' }));
      const editor = within(page).getByTestId('source-editor');
      await fireEvent.input(within(editor).getByRole('textbox', { name: /URL/ }), { target: { value: 'https://b.example' } });
      await fireEvent.click(within(editor).getByRole('button', { name: language === 'en' ? 'Save' : '保存' }));
      await waitFor(() => expect(within(editor).getByRole('alert')).toHaveTextContent(words));
      unmount();
    }
  });

  it('tests a connection and shows each step in words', async () => {
    const bridge = new FakeBridge();
    bridge.testResult = {
      ok: false,
      steps: [
        { step: 'resolve', ok: true, detail: '127.0.0.1' },
        { step: 'connect', ok: true, detail: 'Connected in 4 ms' },
        { step: 'auth', ok: false, detail: 'HTTP 401 <b>no</b>' },
      ],
      error: { code: 'auth', message: '401' },
    };
    const { page } = await openSettings(bridge);
    await fireEvent.click(within(page).getByTestId('add-source'));
    const editor = within(page).getByTestId('source-editor');
    await fireEvent.input(within(editor).getByLabelText('Server address (URL)'), { target: { value: 'http://127.0.0.1:9' } });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Test connection' }));
    const result = await within(editor).findByTestId('source-test-result');
    expect(bridge.testSource).toHaveBeenCalledWith({ kind: 'herald', url: 'http://127.0.0.1:9' });
    expect(result).toHaveTextContent('The connection does not work: the server refused the credentials');
    const steps = within(result).getAllByRole('listitem');
    expect(steps.map((s) => s.querySelector('.step')?.textContent)).toEqual(['Find the server', 'Connect', 'Sign in']);
    expect(steps[2]).toHaveTextContent('HTTP 401 <b>no</b>');
    expect(result.querySelector('b')).toBeNull();
  });

  it('removes a source', async () => {
    const settings = { ...DEFAULT_SETTINGS, sources: [{ id: 's1', kind: 'herald' as const, url: 'http://127.0.0.1:8787', hasToken: false, hasPassword: false }] };
    const { bridge, page } = await openSettings(new FakeBridge({ settings }));
    await fireEvent.click(within(page).getByRole('button', { name: 'Remove' }));
    expect(bridge.removeSource).toHaveBeenCalledWith('s1');
    await waitFor(() => expect(within(page).getByTestId('demo-source')).toBeInTheDocument());
  });

  it('changes transport, quiet hours, sound and start-up options', async () => {
    const { bridge, page } = await openSettings();
    await fireEvent.change(within(page).getByRole('combobox', { name: 'Connection method' }), { target: { value: 'longpoll' } });
    expect(bridge.updateSettings).toHaveBeenLastCalledWith({ transport: 'longpoll' });

    const start = within(page).getByLabelText('From');
    expect(start).toBeDisabled();
    await fireEvent.click(within(page).getByLabelText('Silence notifications during quiet hours'));
    expect(bridge.updateSettings).toHaveBeenLastCalledWith({ quietHours: { ...DEFAULT_SETTINGS.quietHours, enabled: true } });
    await waitFor(() => expect(start).toBeEnabled());
    await fireEvent.change(start, { target: { value: '23:30' } });
    expect(bridge.updateSettings).toHaveBeenLastCalledWith({ quietHours: { ...DEFAULT_SETTINGS.quietHours, enabled: true, start: '23:30' } });

    await fireEvent.click(within(page).getByLabelText('Play a sound'));
    expect(bridge.updateSettings).toHaveBeenLastCalledWith({ sound: false });
    await fireEvent.click(within(page).getByLabelText('Start at login'));
    expect(bridge.updateSettings).toHaveBeenLastCalledWith({ startAtLogin: true });
    await fireEvent.click(within(page).getByLabelText('Start hidden in the tray'));
    expect(bridge.updateSettings).toHaveBeenLastCalledWith({ startHidden: true });
  });

  it('switches language at once, and back to the system one', async () => {
    const { bridge, page } = await openSettings(new FakeBridge({ systemLanguage: 'en-GB' }));
    await fireEvent.change(within(page).getByTestId('language-select'), { target: { value: 'zh-CN' } });
    expect(bridge.updateSettings).toHaveBeenLastCalledWith({ language: 'zh-CN' });
    await waitFor(() => expect(within(page).getByRole('heading', { level: 2 })).toHaveTextContent('设置'));
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(screen.getByTestId('connection-status')).toHaveTextContent('已连接');
    await fireEvent.change(within(page).getByTestId('language-select'), { target: { value: 'system' } });
    await waitFor(() => expect(within(page).getByRole('heading', { level: 2 })).toHaveTextContent('Settings'));
  });

  it('follows settings changed elsewhere (the tray menu, another window)', async () => {
    const { bridge } = await openSettings();
    bridge.emit('herald:settings-changed', { ...DEFAULT_SETTINGS, language: 'zh-CN' });
    await waitFor(() => expect(screen.getByTestId('settings-page')).toHaveTextContent('内置演示服务器'));
  });

  it('shows why a setting could not be saved', async () => {
    const bridge = new FakeBridge();
    bridge.updateSettings.mockResolvedValueOnce({ ok: false, error: { code: 'invalid_input', message: 'quietHours.start must be HH:MM' } });
    const { page } = await openSettings(bridge);
    await fireEvent.click(within(page).getByLabelText('Play a sound'));
    expect(await within(page).findByRole('alert')).toHaveTextContent('the server rejected the request as invalid');
    // The technical detail is there for whoever wants it, behind a disclosure, not in the sentence.
    expect(within(page).getByRole('alert')).not.toHaveTextContent('HH:MM');
    expect(within(page).getByTestId('error-details')).toHaveTextContent('quietHours.start must be HH:MM');
  });

  it('a Chinese window says why in Chinese only: raw English details stay behind 详细信息', async () => {
    const bridge = new FakeBridge({ settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } });
    bridge.updateSettings.mockResolvedValueOnce({ ok: false, error: { code: 'invalid_input', message: 'label is longer than 100 characters' } });
    const { page } = await openSettings(bridge);
    await fireEvent.click(within(page).getByLabelText('播放提示音'));
    const alert = await within(page).findByRole('alert');
    expect(alert).toHaveTextContent('服务器认为请求无效');
    expect(alert.textContent).not.toMatch(/[A-Za-z]{3,}/);
    const details = within(page).getByTestId('error-details');
    expect(details.querySelector('summary')).toHaveTextContent('详细信息');
    expect(details).toHaveTextContent('label is longer than 100 characters');
  });
});
