import { mount } from 'svelte';
import App from './App.svelte';
import { getBridge } from './lib/bridge';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('Herald: #app element missing from index.html');
export default mount(App, { target, props: { bridge: getBridge() } });
