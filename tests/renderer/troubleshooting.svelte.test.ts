/**
 * Settings → Troubleshooting in the window: the report is shown before anything can be copied or saved, the
 * placeholder checkbox changes what is shown (and so what is shared), every control is a native, focusable one,
 * and the tray's "Troubleshooting…" brings the window here with the focus on the section.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { FakeBridge } from './fake-bridge';
import { renderApp } from './render-app';

async function openTroubleshooting(bridge = new FakeBridge()) {
  const r = await renderApp(bridge);
  await fireEvent.click(screen.getByTestId('open-settings'));
  return { ...r, section: screen.getByTestId('settings-troubleshooting') };
}

describe('Settings → Troubleshooting', () => {
  it('shows the report before anything is shared; copy and save share only after it is on screen', async () => {
    const { bridge, section } = await openTroubleshooting();
    // Nothing to copy or save until the user asked to see the report.
    expect(within(section).queryByRole('button', { name: 'Copy diagnostics' })).toBeNull();
    expect(within(section).queryByRole('button', { name: 'Save diagnostics…' })).toBeNull();
    expect(bridge.previewDiagnostics).not.toHaveBeenCalled();

    await fireEvent.click(within(section).getByRole('button', { name: 'Copy or save diagnostics…' }));
    const preview = await within(section).findByLabelText('What will be shared');
    expect((preview as HTMLTextAreaElement).value).toBe(bridge.diagnosticsText(true));
    expect(bridge.previewDiagnostics).toHaveBeenCalledWith(true);

    await fireEvent.click(within(section).getByRole('button', { name: 'Copy diagnostics' }));
    expect(bridge.copyDiagnostics).toHaveBeenCalledTimes(1);
    expect(await within(section).findByText('Copied to the clipboard.')).toBeInTheDocument();

    await fireEvent.click(within(section).getByRole('button', { name: 'Save diagnostics…' }));
    expect(bridge.saveDiagnostics).toHaveBeenCalledTimes(1);
    expect(await within(section).findByText('Saved.')).toBeInTheDocument();

    bridge.savePicked = false;
    await fireEvent.click(within(section).getByRole('button', { name: 'Save diagnostics…' }));
    expect(await within(section).findByText('Not saved.')).toBeInTheDocument();
  });

  it('the placeholder checkbox is ticked by default, and unticking it shows the hosts before they can be shared', async () => {
    const { bridge, section } = await openTroubleshooting();
    await fireEvent.click(within(section).getByRole('button', { name: 'Copy or save diagnostics…' }));
    const box = within(section).getByRole('checkbox', { name: 'Replace hosts and topics with placeholders' }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    const preview = (await within(section).findByLabelText('What will be shared')) as HTMLTextAreaElement;
    expect(preview.value).not.toContain('ntfy.example.com');

    await fireEvent.click(box);
    await waitFor(() => expect((within(section).getByLabelText('What will be shared') as HTMLTextAreaElement).value).toContain('ntfy.example.com'));
    expect(bridge.previewDiagnostics).toHaveBeenLastCalledWith(false);
  });

  it('a slow answer for the old choice never replaces the preview of the new one', async () => {
    const bridge = new FakeBridge();
    const { section } = await openTroubleshooting(bridge);
    let answerSlow: (() => void) | undefined;
    let slow: Promise<unknown> | undefined;
    bridge.previewDiagnostics.mockImplementationOnce((placeholders: boolean) => {
      slow = new Promise((resolve) => (answerSlow = () => resolve({ ok: true, value: bridge.diagnosticsText(placeholders) })));
      return slow as ReturnType<FakeBridge['previewDiagnostics']>;
    });
    await fireEvent.click(within(section).getByRole('button', { name: 'Copy or save diagnostics…' }));
    await fireEvent.click(within(section).getByRole('checkbox', { name: 'Replace hosts and topics with placeholders' }));
    const preview = (await within(section).findByLabelText('What will be shared')) as HTMLTextAreaElement;
    expect(preview.value).toContain('ntfy.example.com');
    answerSlow!();
    await slow;
    await tick();
    expect((within(section).getByLabelText('What will be shared') as HTMLTextAreaElement).value).toContain('ntfy.example.com');
    expect(within(section).getByRole('checkbox', { name: 'Replace hosts and topics with placeholders' })).not.toBeChecked();
  });

  it('every control is a native focusable element, in reading order; the preview can be read with the keyboard', async () => {
    const { section } = await openTroubleshooting();
    await fireEvent.click(within(section).getByRole('button', { name: 'Copy or save diagnostics…' }));
    await within(section).findByLabelText('What will be shared');
    const focusable = [...section.querySelectorAll<HTMLElement>('button, input, textarea')];
    expect(focusable.map((e) => e.getAttribute('data-testid'))).toEqual([
      'open-logs-folder',
      'diagnostics-placeholders',
      'diagnostics-text',
      'diagnostics-copy',
      'diagnostics-save',
      'diagnostics-close',
    ]);
    for (const el of focusable) {
      expect(el.tabIndex, el.dataset.testid).toBeGreaterThanOrEqual(0);
      expect((el as HTMLButtonElement).disabled ?? false, el.dataset.testid).toBe(false);
      el.focus();
      expect(document.activeElement).toBe(el);
    }
  });

  it('the logs folder opens on a click; if the file manager fails, the window says so in words', async () => {
    const bridge = new FakeBridge();
    const { section } = await openTroubleshooting(bridge);
    await fireEvent.click(within(section).getByRole('button', { name: 'Open logs folder' }));
    expect(bridge.openLogsFolder).toHaveBeenCalledTimes(1);
    bridge.openLogsFolder.mockResolvedValueOnce({ ok: false, error: { code: 'not_found', message: 'no file manager' } });
    await fireEvent.click(within(section).getByRole('button', { name: 'Open logs folder' }));
    expect(await within(section).findByRole('alert')).toHaveTextContent('The logs folder could not be opened.');
  });

  it('the tray’s "Troubleshooting…" opens Settings on this section with the focus on its heading', async () => {
    const bridge = new FakeBridge();
    await renderApp(bridge);
    bridge.emit('herald:show-settings', { section: 'troubleshooting' });
    const heading = await screen.findByRole('heading', { name: 'Troubleshooting' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
  });

  it('speaks Chinese in a Chinese window', async () => {
    const bridge = new FakeBridge({ settings: { ...DEFAULT_SETTINGS, language: 'zh-CN' } });
    const { section } = await openTroubleshooting(bridge);
    expect(within(section).getByRole('heading')).toHaveTextContent('故障排查');
    await fireEvent.click(within(section).getByRole('button', { name: '复制或保存诊断信息…' }));
    expect(await within(section).findByLabelText('将要分享的内容')).toBeInTheDocument();
    expect(within(section).getByRole('checkbox', { name: '用占位符替换主机名和主题' })).toBeInTheDocument();
  });
});
