import base from '@openpayer/eslint-config/base';

export default base(import.meta.dirname);
