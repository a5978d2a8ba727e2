import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './react-app.jsx';
import { navigate } from './router.js';

window.__navigate = navigate;
createRoot(document.getElementById('app')).render(<StrictMode><App /></StrictMode>);
