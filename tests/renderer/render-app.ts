/** Render the whole window against a fake bridge and wait until its first snapshot is shown. */
import { render, waitFor } from '@testing-library/svelte';
import App from '../../src/renderer/src/App.svelte';
import { FakeBridge } from './fake-bridge';

export async function renderApp(bridge: FakeBridge = new FakeBridge()) {
  const result = render(App, { props: { bridge } });
  await waitFor(() => expect(result.container.querySelector('[data-ready="true"]')).not.toBeNull());
  return { ...result, bridge };
}

export function rows(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('[data-testid="notification-row"]')];
}
