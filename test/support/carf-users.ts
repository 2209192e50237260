/** A CARF users file (reports/carf-users.schema.json): an RCASP, an individual, a sameAs alias and an entity with hard-to-escape text. */
export const CARF_USERS = {
  rcasp: {
    type: 'entity',
    name: 'Acme Crypto Exchange Ltd',
    resCountryCode: 'GB',
    tin: { value: 'RCASP-TIN-001', issuedBy: 'GB' },
    address: { countryCode: 'GB', city: 'London' },
    nexus: 'CARF901',
    sendingEntityIN: 'ZMCAR0123456786',
    receivingCountry: 'US',
  },
  users: {
    alice: {
      type: 'individual',
      firstName: 'Alice',
      lastName: 'Smith',
      resCountryCode: 'GB',
      tin: { value: 'USER-TIN-001', issuedBy: 'GB' },
      birthDate: '1990-01-15',
      address: { countryCode: 'GB', city: 'London' },
    },
    'alice-2': { sameAs: 'alice' },
    corp: {
      type: 'entity',
      name: 'O’Brien & Söhne <Trading> GmbH',
      resCountryCode: ['DE', 'AT'],
      tin: [{ value: 'DE123' }, { unknown: true }],
      in: [{ value: '5493001KJTIIGC8Y1R12', type: 'LEI' }],
      address: {
        countryCode: 'DE',
        street: 'Hauptstraße 1',
        postCode: '10115',
        city: 'Berlin',
        legalAddressType: 'OECD304',
      },
    },
  },
};
