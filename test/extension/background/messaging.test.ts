/**
 * The typed channel over runtime messages: results arrive as sent, and a handler's named
 * error is thrown again in the caller with its code.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AuthenticatorError } from '../../../shared/protocol/authenticator-error';
import { KeyUriError } from '../../../shared/otp';
import { defineChannel } from '../../../extension/messaging/define-channel';
import { rejectionOf } from '../vault/vault-test-kit';

interface TestMap {
  echo(data: { text: string }): { text: string };
  nothing(): void;
  fail(data: { kind: 'named' | 'key-uri' | 'plain' }): void;
}

describe('defineChannel', () => {
  beforeEach(() => fakeBrowser.reset());

  it('carries data and results, and errors with their code', async () => {
    const channel = defineChannel<TestMap>('test');
    channel.listen(async (name, data) => {
      if (name === 'echo') return { text: (data as { text: string }).text.toUpperCase() };
      if (name === 'nothing') return undefined;
      const kind = (data as { kind: string }).kind;
      if (kind === 'named') throw new AuthenticatorError('locked', 'The vault is locked.');
      if (kind === 'key-uri') throw new KeyUriError('bad_secret', 'Not base32.');
      throw new Error('disk on fire');
    });
    expect(await channel.send('echo', { text: 'hi' })).toEqual({ text: 'HI' });
    expect(await channel.send('nothing')).toBeUndefined();

    const named = await rejectionOf(() => channel.send('fail', { kind: 'named' }));
    expect(named).toBeInstanceOf(AuthenticatorError);
    expect(named).toMatchObject({ code: 'locked', message: '[locked] The vault is locked.' });
    expect(await rejectionOf(() => channel.send('fail', { kind: 'key-uri' }))).toMatchObject({ code: 'bad_secret', message: '[bad_secret] Not base32.' });
    expect(await rejectionOf(() => channel.send('fail', { kind: 'plain' }))).toMatchObject({ code: 'internal' });
  });

  it('ignores other channels\' messages and says when nobody answers', async () => {
    const ours = defineChannel<TestMap>('ours');
    const theirs = defineChannel<TestMap>('theirs');
    ours.listen(async () => ({ text: 'ours' }));
    const error = await rejectionOf(() => theirs.send('echo', { text: 'x' }));
    expect(error).toMatchObject({ code: 'internal' });
    expect(error.message).toMatch(/Nothing in the extension answered "echo"/);
  });
});
