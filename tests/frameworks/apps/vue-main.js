import { createApp } from 'vue';
import { App } from './vue-app.js';
import { navigate } from './router.js';

window.__navigate = navigate;
createApp(App).mount('#app');
