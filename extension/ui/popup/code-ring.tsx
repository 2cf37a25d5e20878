/** The ring of seconds left for a TOTP code; the seconds are also given as text for screen readers. */
const RADIUS = 8;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

export function CodeRing({ secondsLeft, period }: { secondsLeft: number; period: number }) {
  const fraction = Math.min(1, Math.max(0, secondsLeft / period));
  return (
    <>
      <svg class={`ring${secondsLeft <= 5 ? ' ending' : ''}`} viewBox="0 0 22 22" aria-hidden="true">
        <circle class="track" cx="11" cy="11" r={RADIUS} />
        <circle class="left" cx="11" cy="11" r={RADIUS} stroke-dasharray={CIRCUMFERENCE} stroke-dashoffset={CIRCUMFERENCE * (1 - fraction)} />
      </svg>
      <span class="visually-hidden">{`, ${secondsLeft} seconds left`}</span>
    </>
  );
}
