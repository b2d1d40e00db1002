import { vitestConfig } from '@openpayer/vitest-config';

export default vitestConfig();
