/**
 * Google Authenticator export QR codes shown one at a time ("Code 1 of 3"), for the phone's
 * "Transfer accounts > Import accounts" scanner.
 */
import { useMemo, useState } from 'preact/hooks';
import { generate } from 'lean-qr';
import { toSvgDataURL } from 'lean-qr/extras/svg';

export function MigrationCodes({ uris, onClose }: { uris: string[]; onClose: () => void }) {
  const [index, setIndex] = useState(0);
  const src = useMemo(() => toSvgDataURL(generate(uris[index] ?? ''), { on: 'black', off: 'white', padX: 4, padY: 4 }), [uris, index]);
  return (
    <div class="qr" data-testid="migration-codes">
      <p>
        In Google Authenticator on the phone: <strong>Transfer accounts &gt; Import accounts</strong>, then scan{' '}
        {uris.length === 1 ? 'this code' : 'each code in turn'}. Close this when done: the codes hold your secrets.
      </p>
      <img src={src} alt={`QR code ${index + 1} of ${uris.length}`} />
      <p aria-live="polite">
        Code {index + 1} of {uris.length}
      </p>
      <div class="row">
        <button type="button" disabled={index === 0} onClick={() => setIndex(index - 1)}>
          Previous
        </button>
        <button type="button" disabled={index === uris.length - 1} onClick={() => setIndex(index + 1)}>
          Next
        </button>
        <button type="button" class="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}
