// Who recorded a fact: the actor of its ledger entry. Attestations carry no recorder of their own in
// the API, but each keeps the index of the entry that recorded it, and that entry names the user,
// service account or token behind it — read from the log itself, as an auditor would.
import { api, orgPath, query } from './api.ts';
import { actorName, type Actor } from './ledgerTypes.ts';

/** The actor of ledger entry `index`, from the entry's canonical bytes (base64 in the API). */
export async function loadRecorder(org: string, index: number): Promise<string> {
  const answer = await api.get<{ entries: { index: number; entry: string }[] }>(
    orgPath(org, 'log', 'entries') + query({ start: index, end: index + 1 }),
  );
  const encoded = answer.entries[0]?.entry;
  if (encoded === undefined) throw new Error(`ledger entry ${index} is missing`);
  const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  const entry = JSON.parse(new TextDecoder().decode(bytes)) as { actor: Actor };
  return actorName(entry.actor);
}
