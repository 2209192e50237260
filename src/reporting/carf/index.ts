export { buildCarfXml, CARF_NS, CARF_STF_NS, CARF_ISO_NS } from './build-carf-xml.js';
export type { CarfMessageOptions } from './build-carf-xml.js';
export { parseCarfUsers } from './users-file.js';
export type {
  CarfUsers,
  CarfParty,
  CarfIndividual,
  CarfEntity,
  CarfAddress,
  CarfTin,
  CarfRcasp,
} from './users-file.js';
export { isCarfCountryCode } from './country-codes.js';
export { escapeXml } from './xml-writer.js';
