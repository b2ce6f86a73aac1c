// RESTATED_NAME: a name written twice, the second time in brackets, is a value (mask.ts calls it).

/**
 * RESTATED_NAME: a word followed at once by itself in square brackets (`shop[shop]`: MySQL's
 * `# User@Host: user[priv_user]`, the login user and the account it was matched to) is one name
 * shown twice, a value: a statement's own words are not restated. As words, each user was its own
 * template until it had four values (variableAfter). Evidence: mysql-slowlog (round 17's untouched
 * format, tuned from round 18) 0.560 -> 0.720; LogHub and the other formats unchanged.
 */
export const RESTATED_NAME = true;
const RESTATED = /(^|\s)([A-Za-z_][\w.-]*)\[\2\](?=\s|$)/g;

export function maskRestatedName(s: string, hole: string): string {
  return RESTATED_NAME ? s.replace(RESTATED, (_all, lead: string) => `${lead}${hole}[${hole}]`) : s;
}
