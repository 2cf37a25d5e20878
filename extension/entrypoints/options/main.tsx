/** Options entry: mounts the options UI (wiring only). */
import { render } from 'preact';
import '../../ui/theme.css';
import '../../ui/options/options.css';
import { OptionsApp } from '../../ui/options/options-app';

const root = document.getElementById('app');
if (root) render(<OptionsApp />, root);
