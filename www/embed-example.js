// The second way to embed: mount() into any element, with options.
import { mount } from './embed.js';

await mount(document.getElementById('mounted'), { lang: 'nl' });
document.getElementById('mounted').dataset.ready = '';
