import type { UserConfig, ViteUserConfig } from 'vitest/config';

export function vitestConfig(test?: ViteUserConfig['test']): UserConfig;
