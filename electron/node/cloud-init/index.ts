// cloud-init for the wizard's cloud-image source: validated input, user-data and meta-data
// written from objects, and the NoCloud seed image.
export { metaData, parseExtraYaml, userData, userDataObject, type MetaDataOptions, type UserDataOptions } from './user-data.js';
export { writeSeedIso } from './seed-iso.js';
export { writeIso, type IsoFile, type IsoOptions } from './iso9660-writer.js';
export { randomSalt, sha512Crypt } from './sha512-crypt.js';
export { CloudInitInputError, validateHostname, validateInstanceId, validateSshKey, validateUserName, type CloudInitField } from './validate.js';
