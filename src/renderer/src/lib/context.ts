/** The AppState handed down the component tree (so components never import the bridge themselves). */
import { createContext } from 'svelte';
import type { AppState } from '../stores/app-state.svelte';

export const [getApp, setApp] = createContext<AppState>();
