import { mount } from 'svelte';
import App from './App.svelte';
import { getBridge } from './lib/bridge';
import { logWindowErrors } from './lib/window-errors';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('Herald: #app element missing from index.html');
const bridge = getBridge();
logWindowErrors(window, bridge);
export default mount(App, { target, props: { bridge } });
