/** The place for backup and import. The backup feature (extension/backup) fills it in. */
export function BackupSection() {
  return (
    <section id="backup" aria-labelledby="backup-title">
      <h2 id="backup-title">Backup and import</h2>
      <p class="muted">Backup and import are not part of this build yet.</p>
    </section>
  );
}
