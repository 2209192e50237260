/**
 * The institution's identity file for CARF (`--users users.json`, schema reports/carf-users.schema.json):
 * `{ "rcasp": {…}, "users": { "<account>": {…} } }`. It is the ONLY source of names, addresses, TINs
 * and birth dates in a CARF message: credentials and the hook never carry personal data, and
 * nothing here is ever logged or put in an error message (errors name the JSON path only).
 *
 * Several accounts of one person: give the later ones `{ "sameAs": "<first account>" }`, and their
 * transactions are reported under that one user, as CARF aggregates per user, not per account.
 */
import { z } from 'zod';
import { VouchError } from '../../errors/index.js';
import { isCarfCountryCode } from './country-codes.js';

// Printable text only: control characters are not allowed in XML 1.0 character data.
const Text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]*$/, 'control characters are not allowed');
const Country = z.string().refine(isCarfCountryCode, 'must be an ISO 3166-1 alpha-2 code from the CARF code list');
const Countries = z.union([Country, z.array(Country).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'is not a calendar date',
  );

const TinObject = z.strictObject({
  value: z.string().max(200).optional(),
  issuedBy: Country.optional(),
  unknown: z.boolean().optional(),
});
const Tin = z.union([Text(200), TinObject]).transform((t) => (typeof t === 'string' ? { value: t } : t));
const Tins = z.union([Tin, z.array(Tin).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

const Address = z.strictObject({
  countryCode: Country,
  street: Text(200).optional(),
  buildingIdentifier: Text(200).optional(),
  suiteIdentifier: Text(200).optional(),
  floorIdentifier: Text(200).optional(),
  districtName: Text(200).optional(),
  pob: Text(200).optional(),
  postCode: Text(200).optional(),
  city: Text(200),
  countrySubentity: Text(200).optional(),
  additionalInfo: Text(4000).optional(),
  legalAddressType: z.enum(['OECD301', 'OECD302', 'OECD303', 'OECD304', 'OECD305']).optional(),
});

const Individual = z.strictObject({
  type: z.literal('individual'),
  firstName: Text(200),
  middleName: Text(200).optional(),
  lastName: Text(200),
  resCountryCode: Countries,
  tin: Tins,
  birthDate: IsoDate,
  birthPlace: z.strictObject({ city: Text(200), countryCode: Country }).optional(),
  address: Address,
  nationality: z.array(Country).optional(),
});

const Entity = z.strictObject({
  type: z.literal('entity'),
  name: Text(200),
  resCountryCode: Countries,
  tin: Tins,
  in: z
    .array(
      z.strictObject({
        value: Text(200),
        issuedBy: Country.optional(),
        type: z.enum(['LEI', 'EIN', 'BRN', 'Other']).optional(),
      }),
    )
    .optional(),
  address: Address,
});

const Party = z.discriminatedUnion('type', [Individual, Entity]);

const Nexus = z.enum(['CARF901', 'CARF902', 'CARF903', 'CARF904', 'CARF905', 'CARF906', 'CARF907']);

const Rcasp = z.union([
  Entity.extend({
    nexus: Nexus.optional(),
    sendingEntityIN: Text(200).optional(),
    transmittingCountry: Country.optional(),
    receivingCountry: Country.optional(),
    contact: Text(4000).optional(),
  }),
  Individual.extend({
    nexus: Nexus.optional(),
    sendingEntityIN: Text(200).optional(),
    transmittingCountry: Country.optional(),
    receivingCountry: Country.optional(),
    contact: Text(4000).optional(),
  }),
]);

const SameAs = z.strictObject({ sameAs: z.string().min(1).max(128) });

const UsersFile = z.strictObject({
  rcasp: Rcasp,
  users: z.record(z.string().min(1).max(128), z.union([Party, SameAs])),
});

export type CarfParty = z.infer<typeof Party>;
export type CarfIndividual = z.infer<typeof Individual>;
export type CarfEntity = z.infer<typeof Entity>;
export type CarfAddress = z.infer<typeof Address>;
export type CarfTin = z.infer<typeof TinObject>;
export type CarfRcasp = z.infer<typeof Rcasp>;

export interface CarfUsers {
  rcasp: CarfRcasp;
  /** Identity by account (sameAs already resolved to the canonical account). */
  parties: Map<string, CarfParty>;
  /** account → the account whose identity it shares (itself when it has its own). */
  canonical: Map<string, string>;
}

/** Validates a parsed users document. Errors name the JSON path, never a value. */
export function parseCarfUsers(doc: unknown): CarfUsers {
  const r = UsersFile.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0];
    const pointer = `/${(issue?.path ?? []).map(String).join('/')}`;
    throw new VouchError('CARF_USERS_INVALID', `users file: ${pointer} ${issue?.message ?? 'is malformed'}`, {
      details: { pointer },
    });
  }
  const parties = new Map<string, CarfParty>();
  const canonical = new Map<string, string>();
  for (const [account, entry] of Object.entries(r.data.users)) {
    if ('sameAs' in entry) continue;
    parties.set(account, entry);
    canonical.set(account, account);
  }
  for (const [account, entry] of Object.entries(r.data.users)) {
    if (!('sameAs' in entry)) continue;
    if (!parties.has(entry.sameAs)) {
      throw new VouchError(
        'CARF_USERS_INVALID',
        `users file: /users/${account}/sameAs must name an account with its own identity`,
        {
          details: { pointer: `/users/${account}/sameAs` },
        },
      );
    }
    canonical.set(account, entry.sameAs);
  }
  return { rcasp: r.data.rcasp, parties, canonical };
}
