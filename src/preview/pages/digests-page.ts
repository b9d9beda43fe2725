import type { DigestPreview } from '../../services/digests/preview-digests';
import { html } from './html';
import { dayInWords } from '../../domain/text/day-in-words';
import { pageShell } from './page-shell';

export interface DigestsPageOptions {
  readonly portalId: number;
  readonly sentOn: string;
  readonly previews: readonly DigestPreview[];
}

const audienceLabels = { csm: 'their companies', manager: 'the whole portfolio' } as const;

function digestPanel({ digest, rendered, example }: DigestPreview, index: number) {
  const { recipient, period } = digest;
  const cadence = period.cadence === 'daily' ? 'Daily' : 'Weekly';
  const to = example
    ? 'Nobody yet: no manager address is set'
    : recipient.name === recipient.address
      ? recipient.address
      : `${recipient.name} <${recipient.address}>`;
  // The mail's own HTML, shown as the recipient's mail client would: sandboxed, with no script and no access here.
  return html`<section class="panel digest" data-testid="digest">
    <h2 class="digest-subject">${rendered.subject}</h2>
    <dl class="digest-facts">
      <div>
        <dt>To</dt>
        <dd>${to}</dd>
      </div>
      <div>
        <dt>About</dt>
        <dd>${cadence}, ${audienceLabels[recipient.audience]}</dd>
      </div>
    </dl>
    ${
      example
        ? html`<p class="muted" data-testid="digest-example">
            An example of what a manager receives: it goes out once a manager's address is added to the digest settings
            (see Digests in the README).
          </p>`
        : ''
    }
    <iframe
      class="digest-mail"
      title="Digest for ${recipient.name}"
      name="digest-${index}"
      sandbox=""
      srcdoc="${rendered.html}"
    ></iframe>
  </section>`;
}

/** Each recipient's digest as it would be sent on `sentOn`: who gets it, what it covers, and the mail itself. */
export function digestsPage({ portalId, sentOn, previews }: DigestsPageOptions): string {
  const list =
    previews.length === 0
      ? html`<div class="panel">
          <p class="muted">
            Nobody receives a digest yet: CSMs get one once they own companies, managers once their addresses are in the
            digest settings.
          </p>
        </div>`
      : previews.map(digestPanel);
  const body = html`<div class="page-header">
      <div>
        <h1>Digests</h1>
        <p class="muted">
          What each CSM and manager would receive if the digests went out on ${dayInWords(sentOn)}. A digest that is
          switched off in the settings is shown as its weekly version.
        </p>
      </div>
    </div>
    ${list}`;
  return pageShell({ title: 'Digests', portalId, body });
}
