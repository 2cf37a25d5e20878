/** Popup entry: mounts the popup UI. */
import { render } from 'preact';

function Popup() {
  return (
    <main>
      <h1>Phone-free Authenticator</h1>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Popup />, root);
