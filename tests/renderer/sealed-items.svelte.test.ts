/**
 * End-to-end encryption in the window (issue 22): a sealed item shows only its state, in the reader's language, with
 * a lock; the key editor never holds a key — it asks main to add, generate, remove and copy.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings';
import { FakeBridge, makeItem } from './fake-bridge';
import { renderApp, rows } from './render-app';

const sealedItems = () => [
  // What the core sends for a sealed item: its state, empty title and body. Markdown or actions would be a core bug;
  // the window must not apply them even then.
  makeItem(2, { title: '', body: '', sealed: 'no_key', markdown: true, actions: [{ kind: 'view', label: 'Open', url: 'https://example.com/' }], url: 'https://example.com/' }),
  makeItem(1, { title: '', body: '', sealed: 'undecryptable' }),
];

describe('sealed items', () => {
  for (const [language, words] of [
    ['en', ['Encrypted — no key for this source', 'Encrypted — could not be decrypted', 'Add this source’s key in Settings']],
    ['zh-CN', ['已加密 — 此来源没有密钥', '已加密 — 无法解密', '在设置中为此来源添加密钥']],
  ] as const) {
    it(`say only their state, with a lock (${language}); the detail has no body, Markdown, actions or link`, async () => {
      const { container } = await renderApp(new FakeBridge({ items: sealedItems(), settings: { ...DEFAULT_SETTINGS, language } }));
      const [noKey, undecryptable] = rows(container);
      expect(noKey).toHaveTextContent(words[0]);
      expect(undecryptable).toHaveTextContent(words[1]);
      expect(within(noKey!).getByTestId('sealed-mark')).toBeInTheDocument();
      await fireEvent.click(noKey!);
      const detail = await screen.findByTestId('item-detail');
      expect(within(detail).getByRole('heading', { level: 2 })).toHaveTextContent(words[0]);
      expect(within(detail).getByTestId('sealed-hint')).toHaveTextContent(words[2]);
      expect(within(detail).queryByTestId('detail-body')).toBeNull();
      expect(within(detail).queryByTestId('open-link')).toBeNull();
      expect(detail.querySelector('.markdown, [data-testid="markdown-body"]')).toBeNull();
      expect(within(detail).queryByText('Open')).toBeNull();
    });
  }
});

describe('encryption keys in the source editor', () => {
  const withSources = (sources: Settings['sources']): Settings => ({ ...DEFAULT_SETTINGS, sources });

  async function editFirst(bridge: FakeBridge) {
    await renderApp(bridge);
    await fireEvent.click(screen.getByTestId('open-settings'));
    const page = screen.getByTestId('settings-page');
    await fireEvent.click(within(page).getByRole('button', { name: 'Edit' }));
    return { page, editor: within(page).getByTestId('source-editor') };
  }

  it('Herald: generate, paste, copy and remove go to main; the window shows only how many keys there are', async () => {
    const bridge = new FakeBridge({ settings: withSources([{ id: 's1', kind: 'herald', url: 'https://push.example', hasToken: false, hasPassword: false }]) });
    const { page, editor } = await editFirst(bridge);
    const keys = within(editor).getByTestId('source-keys');
    expect(within(keys).getByTestId('no-keys')).toBeInTheDocument();
    await fireEvent.click(within(keys).getByRole('button', { name: 'Generate key' }));
    await waitFor(() => expect(within(keys).getAllByTestId('source-key')).toHaveLength(1));
    expect(bridge.generateSourceKey).toHaveBeenCalledWith('s1');

    const paste = within(keys).getByPlaceholderText('Paste a key');
    expect(paste).toHaveAttribute('type', 'password');
    await fireEvent.input(paste, { target: { value: 'hk1.pasted' } });
    await fireEvent.click(within(keys).getByRole('button', { name: 'Add key' }));
    await waitFor(() => expect(within(keys).getAllByTestId('source-key')).toHaveLength(2));
    expect(bridge.addSourceKey).toHaveBeenCalledWith('s1', 'hk1.pasted');
    expect(paste).toHaveValue('');

    await fireEvent.click(within(keys).getAllByRole('button', { name: 'Copy key' })[1]!);
    await waitFor(() => expect(within(keys).getByTestId('keys-status')).toHaveTextContent('Key 2 is on the clipboard'));
    expect(bridge.copySourceKey).toHaveBeenCalledWith('s1', 1);
    await fireEvent.click(within(keys).getAllByRole('button', { name: 'Remove' })[0]!);
    await waitFor(() => expect(within(keys).getAllByTestId('source-key')).toHaveLength(1));
    expect(bridge.removeSourceKey).toHaveBeenCalledWith('s1', 0);
    await fireEvent.click(within(editor).getByRole('button', { name: 'Cancel' }));
    expect(within(page).getByTestId('source-keys-count')).toHaveTextContent('Encryption keys: 1');
  });

  it('a refused key is said in words; a new source must be saved before it has keys', async () => {
    const bridge = new FakeBridge({ settings: withSources([{ id: 's1', kind: 'nchan', url: 'https://push.example', channels: ['c'], hasToken: false, hasPassword: false }]) });
    bridge.addSourceKey.mockResolvedValueOnce({ ok: false, error: { code: 'invalid_input', message: 'this is not an encryption key as herald keygen prints it' } });
    const { page, editor } = await editFirst(bridge);
    const keys = within(editor).getByTestId('source-keys');
    await fireEvent.input(within(keys).getByPlaceholderText('Paste a key'), { target: { value: 'nonsense' } });
    await fireEvent.click(within(keys).getByRole('button', { name: 'Add key' }));
    expect(await within(keys).findByRole('alert')).toBeInTheDocument();
    await fireEvent.click(within(editor).getByRole('button', { name: 'Cancel' }));
    await fireEvent.click(within(page).getByTestId('add-source'));
    expect(within(within(page).getByTestId('source-editor')).getByTestId('source-keys')).toHaveTextContent('Save the source first');
  });

  it('ntfy: the encryption password is write-only like the token (kept when left empty, removed when asked)', async () => {
    const bridge = new FakeBridge({ settings: withSources([{ id: 's1', kind: 'ntfy', url: 'https://ntfy.example', channels: ['t'], hasToken: false, hasPassword: false, e2eKeyCount: 1 }]) });
    const { page, editor } = await editFirst(bridge);
    expect(within(editor).queryByTestId('source-keys')).toBeNull();
    expect(within(editor).getByTestId('source-s1-e2e-password-set')).toBeInTheDocument();
    await fireEvent.input(within(editor).getByLabelText(/Encryption password/), { target: { value: 'topic-pw' } });
    await fireEvent.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(bridge.saveSource).toHaveBeenLastCalledWith({ id: 's1', kind: 'ntfy', url: 'https://ntfy.example', channels: ['t'], e2ePassword: 'topic-pw' });
    await fireEvent.click(within(page).getByRole('button', { name: 'Edit' }));
    const again = within(page).getByTestId('source-editor');
    await fireEvent.click(within(again).getAllByLabelText('Remove the saved one').at(-1)!);
    await fireEvent.click(within(again).getByRole('button', { name: 'Save' }));
    expect(bridge.saveSource).toHaveBeenLastCalledWith({ id: 's1', kind: 'ntfy', url: 'https://ntfy.example', channels: ['t'], e2ePassword: '' });
  });
});
