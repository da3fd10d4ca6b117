/**
 * Settings → Move to another machine in the window: an import always shows what will change before anything is
 * applied; Cancel applies nothing; a refused file says why in words and names the part refused, in both languages.
 */
import { fireEvent, screen, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge } from './fake-bridge';
import { renderApp } from './render-app';

async function openTransfer(bridge = new FakeBridge()) {
  const r = await renderApp(bridge);
  await fireEvent.click(screen.getByTestId('open-settings'));
  return { ...r, section: screen.getByTestId('settings-transfer') };
}

describe('Settings → Move to another machine', () => {
  it('import shows the changes first; only Apply applies them, and Cancel applies nothing', async () => {
    const bridge = new FakeBridge();
    bridge.importPreview = {
      kind: 'ready',
      changes: [
        { kind: 'setting', field: 'quietHours' },
        { kind: 'source-added', label: 'Ops' },
        { kind: 'secret-needed', label: 'Ops', secret: 'password' },
      ],
    };
    const { section } = await openTransfer(bridge);
    await fireEvent.click(within(section).getByRole('button', { name: 'Import settings…' }));
    const list = await within(section).findByRole('list', { name: 'Importing this file will change:' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Setting: quiet hours',
      'New source: \u2068Ops\u2069',
      'Enter the password of \u2068Ops\u2069 again afterwards',
    ]);
    expect(bridge.applySettingsImport).not.toHaveBeenCalled();

    await fireEvent.click(within(section).getByRole('button', { name: 'Cancel' }));
    expect(within(section).queryByRole('list')).toBeNull();
    expect(bridge.applySettingsImport).not.toHaveBeenCalled();

    await fireEvent.click(within(section).getByRole('button', { name: 'Import settings…' }));
    await fireEvent.click(await within(section).findByRole('button', { name: 'Apply' }));
    expect(bridge.applySettingsImport).toHaveBeenCalledTimes(1);
    expect(await within(section).findByText('Settings imported.')).toBeInTheDocument();
  });

  it('a refused file says why and which part, in English and in Chinese; export says whether it saved', async () => {
    const bridge = new FakeBridge();
    bridge.importPreview = { kind: 'refused', reason: 'invalid_field', field: 'quietHours' };
    const { section } = await openTransfer(bridge);
    await fireEvent.click(within(section).getByRole('button', { name: 'Import settings…' }));
    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toContain('This file cannot be imported. Nothing was changed.');
    expect(alert.textContent).toContain('This part of the file is not valid: quiet hours');

    bridge.importPreview = { kind: 'refused', reason: 'invalid_field', field: 'sources[1].token' };
    await fireEvent.click(within(section).getByRole('button', { name: 'Import settings…' }));
    expect((await within(section).findByRole('alert')).textContent).toContain('sources[1].token');

    await fireEvent.click(within(section).getByRole('button', { name: 'Export settings…' }));
    expect(await within(section).findByText('Settings saved to the file.')).toBeInTheDocument();
    bridge.exportPicked = false;
    await fireEvent.click(within(section).getByRole('button', { name: 'Export settings…' }));
    expect(await within(section).findByText('Not saved.')).toBeInTheDocument();

    bridge.emit('herald:settings-changed', { ...DEFAULT_SETTINGS, language: 'zh-CN' });
    const zh = await screen.findByRole('button', { name: '导入设置…' });
    bridge.importPreview = { kind: 'refused', reason: 'not_herald' };
    await fireEvent.click(zh);
    expect((await within(screen.getByTestId('settings-transfer')).findByRole('alert')).textContent).toContain('该文件不是 Herald 的设置导出文件。');
  });
});
