import { render } from 'preact';
import { App } from './preact-app.jsx';
import { navigate } from './router.js';

window.__navigate = navigate;
render(<App />, document.getElementById('app'));
