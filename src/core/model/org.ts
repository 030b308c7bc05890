/** The organisation every installation starts with; its admins administer the server (create orgs). */
export const DEFAULT_ORG = 'default';

export const ORG_CREATED = 'org.created';
