// @vitest-environment happy-dom
/**
 * The in-page host reports any change the page makes to it (its attributes, its place in the
 * DOM) through onTampered, once; its own writes (place, setStyle) and its removal do not, and
 * a page write is never mistaken for ours, even in the same task as one of ours.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInPageHost, HOST_TAG } from '../../../extension/in-page/in-page-host';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function hostOnField() {
  document.body.innerHTML = '<input id="code">';
  const onTampered = vi.fn();
  const shell = createInPageHost(document.getElementById('code')!, ':host { color: red }', { onTampered });
  return { shell, onTampered };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('createInPageHost', () => {
  it('its own placement and style writes are not tampering', async () => {
    const { shell, onTampered } = hostOnField();
    shell.place(120, 80);
    shell.setStyle('visibility', 'hidden');
    shell.place(130, 90);
    await settle();
    expect(shell.host.style.getPropertyValue('left')).toBe('130px');
    expect(shell.host.style.getPropertyValue('top')).toBe('90px');
    expect(onTampered).not.toHaveBeenCalled();
  });

  it.each([
    ['rewrites its inline style (left)', (host: HTMLElement) => host.style.setProperty('left', '600px', 'important')],
    ['adds a translate', (host: HTMLElement) => host.style.setProperty('translate', '40px 0', 'important')],
    ['sets a class', (host: HTMLElement) => host.setAttribute('class', 'moved')],
    ['adds any other attribute', (host: HTMLElement) => host.setAttribute('popover', '')],
    ['moves it elsewhere in the DOM', (host: HTMLElement) => document.getElementById('code')!.before(host)],
    ['takes it out and puts it back', (host: HTMLElement) => document.body.append(host)],
  ])('reports the page when it %s, once', async (_what, tamper) => {
    const { shell, onTampered } = hostOnField();
    shell.place(120, 80);
    await settle();
    tamper(shell.host);
    await settle();
    expect(onTampered).toHaveBeenCalledTimes(1);
    shell.host.setAttribute('title', 'again');
    await settle();
    expect(onTampered).toHaveBeenCalledTimes(1);
  });

  it('a page write just before one of ours, in the same task, is still the page\'s', async () => {
    const { shell, onTampered } = hostOnField();
    shell.place(120, 80);
    await settle();
    shell.host.style.setProperty('translate', '40px 0', 'important');
    shell.place(130, 90); // before the page's mutation record reached the watcher
    await settle();
    expect(onTampered).toHaveBeenCalledTimes(1);
    // Nothing of ours is written into a host the page touched.
    expect(shell.host.style.getPropertyValue('left')).toBe('120px');
  });

  it('a host its owner removes before the report is due is not reported', async () => {
    const { shell, onTampered } = hostOnField();
    shell.place(120, 80);
    await settle();
    shell.host.setAttribute('class', 'moved');
    shell.setStyle('visibility', 'hidden'); // finds the change: the report is due in a microtask
    shell.remove();
    await settle();
    expect(onTampered).not.toHaveBeenCalled();
  });

  it('its own removal is not tampering', async () => {
    const { shell, onTampered } = hostOnField();
    shell.remove();
    await settle();
    expect(document.querySelector(HOST_TAG)).toBeNull();
    expect(onTampered).not.toHaveBeenCalled();
  });
});
