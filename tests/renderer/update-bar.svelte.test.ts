import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge } from './fake-bridge';
import { renderApp } from './render-app';

describe('update ready bar', () => {
  it('appears only when an update has downloaded, and restarts only on the click', async () => {
    const { bridge } = await renderApp();
    expect(screen.queryByTestId('update-ready')).toBeNull();
    bridge.emit('herald:update-ready', { version: '0.2.0' });
    const bar = await waitFor(() => screen.getByTestId('update-ready'));
    expect(bar).toHaveTextContent('Update ready — restart to install');
    expect(bridge.installUpdate).not.toHaveBeenCalled();
    await fireEvent.click(within(bar).getByRole('button', { name: 'Restart now' }));
    expect(bridge.installUpdate).toHaveBeenCalledTimes(1);
  });

  it('is there from the start when the download finished before the window opened, in Chinese too', async () => {
    await renderApp(new FakeBridge({ updateReady: { version: '0.2.0' }, settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } }));
    const bar = screen.getByTestId('update-ready');
    expect(bar).toHaveTextContent('更新已就绪 — 重启以安装');
    expect(within(bar).getByRole('button', { name: '立即重启' })).toBeTruthy();
  });
});
